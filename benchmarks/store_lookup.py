"""Finding the stored stories that hold a run's articles, as the archive grows.

Run: ``cd benchmarks && ../.venv/bin/python store_lookup.py [--sizes 10000,100000]``. For each
size N, an in-memory ``Store`` gets N * 2/5 stories of three article ids each (a story row as
``put_stories`` writes it), and ``Store.stories_of`` is asked for N article ids, as a whole-store
``analyze`` of N articles asks. The query it used before (``list_has_any`` of every story's list
against the whole list of ids) is timed on the same store for comparison. Prints seconds and the
ratio of the largest to the smallest size for each, measured in this run.
"""

from __future__ import annotations

import argparse
import time

from storyline.store import Store

#: Stories per article in the generated store (AllSides dev: 252 stories of 731 articles).
STORIES_PER_ARTICLE = 0.4
OLD_SQL = "SELECT id FROM stories WHERE list_has_any(CAST(article_ids AS VARCHAR[]), ?::VARCHAR[])"


def _fill(store: Store, n: int) -> list[str]:
    stories = int(n * STORIES_PER_ARTICLE)
    store.con.execute(
        "INSERT INTO stories (id, headline, article_ids, families) SELECT 's' || i, NULL, "
        "to_json(['a' || (i * 3), 'a' || (i * 3 + 1), 'a' || (i * 3 + 2)]), to_json([]) "
        "FROM range(?) t(i)",
        [stories],
    )
    return [f"a{i}" for i in range(n)]


def _measure(store: Store, ids: list[str]) -> tuple[int, float, float]:
    """Stories found, seconds of ``stories_of``, seconds of the query it used before."""
    start = time.perf_counter()
    found = store.stories_of(ids)
    new = time.perf_counter() - start
    start = time.perf_counter()
    before = store.con.execute(OLD_SQL, [ids]).fetchall()
    old = time.perf_counter() - start
    assert len(found) == len(before), (len(found), len(before))
    return len(found), new, old


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    sizes = [int(s) for s in ap.parse_args().sizes.split(",")]
    rows = []
    for n in sizes:
        with Store(":memory:") as store:
            hits, new, old = _measure(store, _fill(store, n))
            rows.append((n, hits, new, old))
            print(f"{n:>9,} ids  {hits:>7,} stories  stories_of {new:7.2f} s  before {old:7.2f} s")
    (n0, _, new0, old0), (n1, _, new1, old1) = rows[0], rows[-1]
    print(f"time({n1:,})/time({n0:,}): stories_of {new1 / new0:.1f}, before {old1 / old0:.1f}")


if __name__ == "__main__":
    main()
