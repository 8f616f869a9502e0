"""A large analysed-looking archive generated from a small analysed one (issue #17).

Analysing 10,000 articles here takes about an hour, 100,000 a day: too long to measure what
the stages after the parse cost at that size. So a small store of real articles is analysed
once (``seed``: the AllSides articles ``archive_speed.split`` keeps, cached extraction parts
and sentence vectors), and a store of any size is written from it (``generate``): copy ``k``
of every seed article gets its own URL (so its own id) and its publication date moved
``k * COPY_SHIFT_DAYS`` later, its kept extraction parts are copied under its new id and
date anchor, and the seed's sentence vectors are copied as they are (same texts, same keys).
Everything goes in through the store's own write path (``Store.add_articles``,
``Store.put_parts``, ``Store.put_vectors``), so ``analyze`` finds every article's parts and
every sentence's vector kept, as after a real analysis, and parses and encodes nothing.

Each copy is a new quarter of coverage at the real archive's density (AllSides spans 84
days), so a 100,000-article store spans about 34 years, as an archive grows. The dates the
articles' texts name (their timeline) are moved by the same shift.

    cd benchmarks && ../.venv/bin/python archive_gen.py --seed /tmp/s.duckdb --out /tmp/g.duckdb
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storyline.models import Article  # noqa: E402

#: Days between two copies of the seed: past AllSides' 84 days and ``STORY_DAYS`` more, so
#: copies never share a story; each copy is the next quarter.
COPY_SHIFT_DAYS = 91
#: A resolved date value in a parts JSON (``"value": "2021-07-15"``): moved with its copy.
_DATE_VALUE = re.compile(r'("value": ")(\d{4}-\d{2}-\d{2})')


def build_seed(path: Path) -> int:
    """Analyse the kept AllSides articles (``archive_speed.split``) into a store at ``path``,
    caches on; returns how many. Minutes (a real parse and encode); done once."""
    from archive_speed import allsides, split, write_jsonl
    from storyline.pipeline import analyze
    from storyline.store import Store

    kept, _ = split(*allsides())
    jsonl = write_jsonl(kept, path.with_suffix(".jsonl"))
    with Store(path) as store:
        analyze([jsonl], store)
    return len(kept)


def _shift(day: str | None, days: int) -> str | None:
    if not day:
        return day
    return (date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat() + day[10:]


def copy_article(a: Article, k: int) -> Article:
    """Copy ``k`` of ``a``: its own URL and id, published ``k`` quarters later."""
    from storyline.ingest.build import article_id

    url = f"https://copy{k}.generated.example/{a.id}"
    new = replace(a, url=url, published=_shift(a.published, k * COPY_SHIFT_DAYS))
    new_id = article_id(
        a.text, url=url, outlet=a.outlet, title=a.title, path=a.source_path, record=a.record
    )
    return replace(new, id=new_id)


def copy_parts(data: str, old: str, new: str, k: int) -> str:
    """A seed article's parts JSON for its copy ``k``: its id replaced, its dates moved."""
    days = k * COPY_SHIFT_DAYS
    text = data.replace(old, new)
    return _DATE_VALUE.sub(lambda m: m[1] + str(_shift(m[2], days)), text) if days else text


def seed_parts(seed: object, articles: list[Article]) -> dict[str, str]:
    """Each seed article's kept parts JSON, by article id."""
    from storyline.clean import cleaned
    from storyline.extract import date_anchor
    from storyline.extract.parts import extractor_id, parts_key

    ext = extractor_id()
    keys = {a.id: parts_key(ext, cleaned(a), date_anchor(cleaned(a), {})) for a in articles}
    rows = seed.get_parts(list(keys.values()))  # type: ignore[attr-defined]
    missing = [aid for aid, k in keys.items() if k not in rows]
    if missing:
        raise SystemExit(f"the seed store lacks the parts of {len(missing)} articles")
    return {aid: rows[k] for aid, k in keys.items()}


def _copies(seed: list[Article], n: int) -> Iterator[tuple[int, Article]]:
    for i in range(n):
        yield i // len(seed), seed[i % len(seed)]


def generate(seed_path: Path, out: Path, n: int) -> dict[str, float]:
    """Write ``n`` generated articles, their parts and the seed's vectors into a fresh store
    at ``out``; returns counts and seconds."""
    import numpy as np

    from storyline.clean import cleaned
    from storyline.extract import date_anchor
    from storyline.extract.parts import extractor_id, parts_key
    from storyline.store import Store

    t0 = time.perf_counter()
    with Store(seed_path, read_only=True) as seed:
        articles = sorted(seed.articles(), key=lambda a: a.id)
        parts = seed_parts(seed, articles)
        vectors = seed.con.execute("SELECT model, key, vec FROM vectors").fetchall()
    ext = extractor_id()
    with Store(out) as store:
        for model in sorted({m for m, _, _ in vectors}):
            rows = [(k, v) for m, k, v in vectors if m == model]
            vecs = np.stack([np.frombuffer(v, dtype=np.float32) for _, v in rows])
            store.put_vectors(model, [k for k, _ in rows], vecs)
        batch: list[tuple[str, str]] = []

        def made() -> Iterator[Article]:
            for k, a in _copies(articles, n):
                new = copy_article(a, k)
                c = cleaned(new)
                key = parts_key(ext, c, date_anchor(c, {}))
                batch.append((key, copy_parts(parts[a.id], a.id, new.id, k)))
                if len(batch) >= 2000:
                    store.put_parts(batch)
                    batch.clear()
                yield new

        store.add_articles(made())
        store.put_parts(batch)
        count = store.count_articles()
    return {"articles": count, "vectors": len(vectors), "seconds": time.perf_counter() - t0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=Path, required=True, help="the seed store (built if missing)")
    ap.add_argument("--out", type=Path, required=True, help="the store to write (fresh)")
    ap.add_argument("--n", type=int, default=10000, help="articles to generate")
    args = ap.parse_args()
    if not args.seed.exists():
        t0 = time.perf_counter()
        print(f"seed: {build_seed(args.seed)} articles analysed "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)  # fmt: skip
    print(json.dumps(generate(args.seed, args.out, args.n)))


if __name__ == "__main__":
    main()
