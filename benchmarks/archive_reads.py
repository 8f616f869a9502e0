"""The store reads of an added run, timed on stores of different sizes (issue #17).

Adding 100 articles to an analysed store reads the stored articles, stories, kept parts,
vectors and briefings near them. Those reads should cost what the articles near the new ones
cost, not what the archive holds; this times each on every store given (for instance the
seed store of ``archive_gen.py`` and a store of 10,000 generated from it) with the number
of ids an added run asks (620 articles, 183 stories: the 100 AllSides articles of
``archive_speed.py`` and the stored stories of their days). Each figure is the best of
three calls, in milliseconds; the stores are only read.

    cd benchmarks && ../.venv/bin/python archive_reads.py /tmp/seed.duckdb /tmp/filled10k.duckdb
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path

#: Articles and stories an added run of ``archive_speed.py`` asks for (its profile at 10,000).
ARTICLES, STORIES = 620, 183


def best_ms(read: Callable[[], object], reps: int = 3) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        read()
        times.append(time.perf_counter() - t0)
    return min(times) * 1000


def reads(path: Path) -> dict[str, float]:
    """Milliseconds of each read on the store at ``path``."""
    import numpy as np

    from storyline.store import Store
    from storyline.store.stories import _SUPERSEDED_SQL

    with Store(path, read_only=True) as st:
        ids = sorted(r[0] for r in st.con.execute("SELECT id FROM articles").fetchall())
        pick = random.Random(0).sample(ids, min(ARTICLES, len(ids)))
        sids = [s.id for s in st.stories()][:STORIES]
        keys = [r[0] for r in st.con.execute(f"SELECT key FROM parts LIMIT {ARTICLES}").fetchall()]
        cols = st._article_cols
        old = f"SELECT {cols} FROM articles WHERE list_contains(?, id) ORDER BY id"
        new = f"SELECT {cols} FROM articles JOIN wanted ON articles.id = wanted.key ORDER BY id"

        def joined() -> list:
            wanted = {"key": np.array(pick, dtype=str)}  # noqa: F841 (DuckDB scans it)
            return st.con.execute(new).fetchall()

        return {  # the rows of Store.articles(ids) before and now; then the whole call
            "articles(ids) rows, list_contains (before)": best_ms(
                lambda: st.con.execute(old, [pick]).fetchall()
            ),
            "articles(ids) rows, joined (now)": best_ms(joined),
            "Store.articles(ids), rows made Articles": best_ms(lambda: st.articles(pick)),
            "stories_of(ids)": best_ms(lambda: st.stories_of(pick)),
            "superseded stories (put_stories)": best_ms(
                lambda: st.con.execute(_SUPERSEDED_SQL, [pick, sids]).fetchall()
            ),
            "get_parts(keys)": best_ms(lambda: st.get_parts(keys)),
            "get_briefing of each story (before)": best_ms(
                lambda: [st.get_briefing(s) for s in sids], reps=1
            ),
            "current_briefings(stories) (now)": best_ms(lambda: st.current_briefings(sids)),
            "stale_briefings()": best_ms(st.stale_briefings),
        }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("stores", type=Path, nargs="+", help="analysed stores, smallest first")
    args = ap.parse_args()
    results = {p: reads(p) for p in args.stores}
    sizes = []
    for p in args.stores:
        from storyline.store import Store

        with Store(p, read_only=True) as st:
            sizes.append(f"{st.count_articles():>8,} art.")
    print(f"{'read':44s}" + "".join(f"{s:>14s}" for s in sizes))
    for name in results[args.stores[0]]:
        print(f"{name:44s}" + "".join(f"{results[p][name]:11.1f} ms" for p in args.stores))


if __name__ == "__main__":
    main()
