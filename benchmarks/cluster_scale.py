"""Time and peak memory of story clustering alone (blocks, split, storylines) at 10k-1M articles.

Features are generated from real ones (ECB+ articles' features, from the cached extraction
of ecbplus.py, with their lead vectors unless ``--no-leads``): each synthetic event copies one
real event's articles with its entity keys and half its terms renamed (new people, new
details), its lead vectors turned towards a direction of its own, and a publication date
spread over ten years, so there is no parsing and every size has realistic term and entity
statistics.
Each size runs in a fresh process, so peak RSS is that size's own. Every ``CHUNK`` articles
the run prints ms/article for that chunk with the size of the clusterer's growing state
(stories, live stories, index keys, posting entries read): a flat curve inside one run is the
linearity evidence that does not depend on how busy the machine was between runs.

    .venv/bin/python benchmarks/cluster_scale.py --sizes 10000,100000,1000000

A size may be given twice (``--sizes 100000,1000000,100000``): the ratio then uses the mean
of its runs, so a 100k run before and after the 1M run brackets it against the machine's
drift (timings on a shared 2-core VM vary by 20-30 % between identical runs). The ratio is
printed for wall time and for the process's CPU time, which does not count the time other jobs
on a loaded machine held the cores.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import json
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storyline.cluster.blocks import dated_groups  # noqa: E402
from storyline.cluster.features import ArticleFeatures  # noqa: E402
from storyline.cluster.split import split_stories  # noqa: E402
from storyline.cluster.stories import StoryClusterer  # noqa: E402
from storyline.cluster.storylines import link_storylines  # noqa: E402

# Years the synthetic archive spans, and the spread of one event's coverage in days.
SPAN_DAYS = 3650
EVENT_SPREAD_DAYS = 3
START_DAY = 730000
# Articles per point of the per-chunk time curve: a flat ms/article curve inside one run is
# the honest evidence of linear time (totals across runs mix in start-up and machine noise).
CHUNK = 10000
# The head of a long run whose time the whole run is compared with (10x the articles): the
# ratio of the 1M run to its own first 100k, one process, one load.
SAME_RUN_HEAD = 100000


# The ECB+ articles' lead vectors, encoded by the parent process (``main``) before any size
# runs, so that no child loads the encoder; the file (``_leads_file``) is named by a digest of
# the encoder's id and the texts it encodes (``features.lead_text``), so that another encoder
# or another lead encodes them anew.
RESULTS = Path(__file__).resolve().parent / "results"
# Width of a lead vector (the sentence encoder's).
LEAD_DIM = 384


def _rename(k: int, variant: int) -> int:
    return (k * 1000003 + variant * 7919) & 0xFFFFFFFF


def real_features(leads: bool = True) -> list[list[ArticleFeatures]]:
    """Real ECB+ features grouped by gold event, with each article's lead vector (as
    ``analyze`` clusters them: ``features.lead_vectors``) unless ``leads`` is False."""
    from ecbplus import clustering_input, encoder, features_for, load
    from storyline.cluster.features import lead_vectors

    docs = load()
    inputs = clustering_input(docs)
    feats = features_for(docs, inputs)
    if leads:
        articles = inputs[0]
        kept_at = _leads_file(articles)
        if not kept_at.exists():  # encoded once, so that a size's peak is clustering's own
            np.savez(kept_at, **lead_vectors(articles, encoder()))
        with np.load(kept_at) as kept:
            feats = [replace(f, lead=kept[f.id]) for f in feats]
    groups: dict[str, list[ArticleFeatures]] = defaultdict(list)
    for d, f in zip(docs, feats, strict=True):
        groups[d.story].append(f)
    return [groups[k] for k in sorted(groups)]


def _leads_file(articles: Sequence[Any]) -> Path:
    """Where the lead vectors of ``articles`` are kept: named by the encoder's id and a digest
    of the texts it reads."""
    from storyline.cluster.features import lead_text
    from storyline.embed import model_id

    texts = "\0".join([model_id(), *(lead_text(a) for a in articles)]).encode("utf-8")
    return RESULTS / f"ecbplus_leads-{hashlib.blake2b(texts, digest_size=8).hexdigest()}.npz"


def _turn(variant: int) -> np.ndarray:
    """A synthetic event's own direction (seeded by the event), unit length."""
    turn = np.random.default_rng(variant).standard_normal(LEAD_DIM)
    return turn / np.linalg.norm(turn)


def _lead(f: ArticleFeatures, turn: np.ndarray) -> np.ndarray | None:
    """A copy's lead vector: the real article's turned towards its synthetic event's own
    direction, unit length, so that one event's copies are close and two events copied from
    one real event are not the same."""
    if f.lead is None:
        return None
    v = f.lead.astype(np.float64) + turn
    return (v / np.linalg.norm(v)).astype(np.float16)


def generate(
    n: int, events: list[list[ArticleFeatures]], seed: int = 0, leads: bool = True
) -> Iterator[ArticleFeatures]:
    """``n`` synthetic articles streamed in date order (as cluster_articles feeds them), with
    their lead vectors unless ``leads`` is False (the frequencies' first pass needs none).

    Events start at a steady rate over ``SPAN_DAYS`` (more per day for larger ``n``, as in a
    bigger archive); an event's articles wait in a small heap until their day comes, so only
    a few days of articles are in memory at once, never all ``n``.
    """
    rng = random.Random(seed)
    mean = sum(len(e) for e in events) / len(events)
    per_day = n / (mean * SPAN_DAYS)
    pending: list[tuple[int, str, ArticleFeatures]] = []
    made = emitted = v = 0
    day, due = START_DAY, 0.0
    while emitted < n:
        due += per_day
        while due >= 1.0 or (not pending and made < n):
            due = max(0.0, due - 1.0)
            v += 1
            turn = _turn(v) if leads else None
            for f in rng.choice(events):
                if made == n:
                    break
                made += 1
                fid = f"{v}-{f.id}"
                terms = {(_rename(k, v) if k & 1 else k): c for k, c in f.terms.items()}
                ents = {_rename(k, v): c for k, c in f.entities.items()}
                names = tuple(_rename(k, v) if k & 1 else k for k in f.names)
                d = day + rng.randrange(EVENT_SPREAD_DAYS)
                lead = None if turn is None else _lead(f, turn)
                a = ArticleFeatures(fid, d, terms, ents, f.years, names=names, lead=lead)
                heapq.heappush(pending, (d, fid, a))
        while pending and pending[0][0] <= day:
            emitted += 1
            yield heapq.heappop(pending)[2]
        day += 1


def event_of(article_id: str) -> str:
    """The synthetic event an article of ``generate`` belongs to (its gold story)."""
    return article_id.split("-", 1)[0]


def run_one(
    n: int, events: list[list[ArticleFeatures]] | None = None, leads: bool = True
) -> dict[str, Any]:
    """Cluster ``n`` generated articles as ``cluster_articles`` clusters dated ones: the
    run's document frequencies counted first (a first pass over the generated stream),
    then groups by average link in blocks of days, each group through the split pass,
    placed in the one-pass clusterer (which keeps them for undated articles), then
    storylines linked. Seconds, stories, storylines and peak RSS of this process."""
    events = events or real_features(leads)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    c = StoryClusterer()
    t0 = tc = time.perf_counter()
    cpu0 = time.process_time()
    curve: list[dict[str, float]] = []
    done = 0
    with c.bulk():  # as cluster_articles runs it
        c.prime(generate(n, events, leads=False))
        freq = c.frequencies()
        for group in dated_groups(generate(n, events), freq):
            feats = {f.id: f for f in group}
            for part in split_stories({"g": list(feats)}, feats, freq).values():
                story = None
                for aid in part:
                    story = c.place(feats[aid], story)
            done += len(group)
            if done // CHUNK > len(curve):
                now = time.perf_counter()
                curve.append(
                    {"n": done, "ms": 1000 * (now - tc) / max(1, done - _last(curve)), **c.stats()}
                )
                print(_point(curve[-1]), file=sys.stderr, flush=True)  # long runs' progress
                tc = now
        lines = link_storylines(c.states(), c.is_name)
    dt = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from eval_common import bcubed

    ids = sorted(c.assignment)
    prec, rec, f1 = bcubed([event_of(a) for a in ids], [c.assignment[a] for a in ids])
    return {
        "n": n,
        "seconds": dt,
        "cpu_seconds": cpu,
        "bcubed_f1": f1,
        "stories": len(c),
        "storylines": len(set(lines.values())),
        "events": len({event_of(a) for a in c.assignment}),
        "peak_rss_mb": rss / 1024,
        "grow_mb": (rss - rss0) / 1024,
        "curve": curve,
    }


def _last(curve: list[dict[str, float]]) -> float:
    return curve[-1]["n"] if curve else 0


def _point(pt: dict[str, float]) -> str:
    return "    " + " ".join(
        f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in pt.items()
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000", help="comma-separated sizes (default 10000)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument(
        "--no-leads", action="store_true", help="words and names alone (no lead vectors)"
    )
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, leads=not args.no_leads)))
        return
    if not args.no_leads:
        real_features()  # the leads encoded and kept here, not in a child
    times: dict[int, list[float]] = defaultdict(list)
    cpus: dict[int, list[float]] = defaultdict(list)
    for n in (int(x) for x in args.sizes.split(",")):
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(n), *(["--no-leads"] if args.no_leads else [])],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )  # the per-chunk curve streams to stderr as the run goes
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        times[n].append(r["seconds"])
        cpus[n].append(r["cpu_seconds"])
        print(
            f"{n:>9} articles: {r['seconds']:.1f}s ({r['cpu_seconds']:.1f} s CPU), "
            f"{r['stories']} stories "
            f"({r['events']} generated events, B-cubed F1 {r['bcubed_f1']:.3f}), "
            f"peak RSS {r['peak_rss_mb']:.0f} MB (clusterer +{r['grow_mb']:.0f} MB)",
            flush=True,
        )
        ms = [pt["ms"] for pt in r["curve"]]
        if len(ms) > 1:
            print(
                f"    ms/article: first chunk {ms[0]:.3f}, last {ms[-1]:.3f}, "
                f"max/min {max(ms) / min(ms):.2f}"
            )
        head = [pt["ms"] for pt in r["curve"] if pt["n"] <= SAME_RUN_HEAD]
        if n >= 10 * SAME_RUN_HEAD and len(head) * CHUNK == SAME_RUN_HEAD:
            # Same process, same archive density, same machine load: the linearity figure
            # least disturbed by whatever else ran between two separate runs.
            print(
                f"    within this run: time({n})/time(first {SAME_RUN_HEAD}) = "
                f"{sum(ms) / sum(head):.1f} (target <= 12 for 10x the articles)"
            )
    if 100000 in times and 1000000 in times:
        for name, got in (("time", times), ("CPU time", cpus)):
            _ratio(name, got[100000], got[1000000])


def _ratio(name: str, small: list[float], big: list[float]) -> None:
    """Print the 1M/100k ratio of the mean of each size's runs. CPU time is the process's
    own: on a shared machine, wall time also counts the time other jobs held the cores."""
    print(
        f"{name}(1M)/{name}(100k) = {sum(big) / len(big) / (sum(small) / len(small)):.1f} "
        f"(target <= 12; 100k runs {', '.join(f'{t:.1f}' for t in small)} s, "
        f"1M runs {', '.join(f'{t:.1f}' for t in big)} s)"
    )


if __name__ == "__main__":
    main()
