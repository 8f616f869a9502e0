"""Finding the stored briefings another version of the model wrote, as the archive grows.

Run: ``cd benchmarks && ../.venv/bin/python stale_check.py [--stories 1000,10000]``. For each
size N, an in-memory ``Store`` gets N briefed stories: copies of the seeds' briefed story (a
real one: five articles' claims, quotes, conflicts), each under its own id. ``stale_briefings``
is timed as every ``analyze`` calls it (``storyline.archive.rebrief``): with the model's
fingerprint stored beside each briefing (one query), then with the fingerprints cleared, as a
store written before them is read (every briefing's JSON through the model, which is what
every run did before). Prints seconds of both and their ratio, measured in this run.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from storyline.briefing import Briefing, StorylineRef
from storyline.models import Story
from storyline.store import Store

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _seed_story() -> Briefing:
    from storyline.pipeline import analyze

    with Store(":memory:") as store:
        return analyze([SEEDS], store).briefing


def _fill(store: Store, seed: Briefing, n: int) -> None:
    story = seed.stories[0]
    stories = [Story(id=f"s{i}", article_ids=[f"a{i}"]) for i in range(n)]
    briefed = [
        story.model_copy(update={"id": s.id, "storyline": StorylineRef(id=s.id, story_ids=[s.id])})
        for s in stories
    ]
    store.put_stories(stories, Briefing(articles=[], stories=briefed, storylines=[]))


def _timed(store: Store) -> tuple[int, float]:
    start = time.perf_counter()
    stale = store.stale_briefings()
    return len(stale), time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", default="1000,10000", help="comma-separated store sizes")
    args = ap.parse_args()
    seed = _seed_story()
    print("stories  stale  fingerprint s  read through the model s  ratio")
    for n in (int(x) for x in args.stories.split(",")):
        with Store(":memory:") as store:
            _fill(store, seed, n)
            found, new = _timed(store)
            store.con.execute("UPDATE briefings SET model = NULL")
            found_old, old = _timed(store)
            assert found == found_old == 0
            print(f"{n:>7}  {found:>5}  {new:>13.4f}  {old:>24.3f}  {old / new:>5.0f}")


if __name__ == "__main__":
    main()
