"""How much of the sentence encoder's work goes to claim units that cannot align (issue #17).

A claim unit's vector serves to link it to units of other articles (``reconcile.align``). This
probe asks how many tokens an ``analyze`` could save by leaving unencoded the units whose
IDF-weighted word overlap (``align._word_overlap``) with every unit of the story's other
articles stays under a threshold, and how many of those units do link to another unit with
their real vector (a link such a rule would lose). Units whose vectors other rules read are
never counted as skippable: each article's lead (the omission echo), denials, units holding a
count or a quotation compared by meaning, and units in a shared-quote or shared-count pair.

It analyses the 1,000 articles of ``analyze_speed.py`` into a store in a temporary folder
(cache on, so each vector is encoded once), catches ``build_briefing``'s inputs, and scores
every unit of every story of two or more articles with the run's own vectors:

    .venv/bin/python benchmarks/unit_skip_probe.py --n 1000

The probe does not measure what the briefing loses besides links: the story's centre
(``align.scores`` centres the units' vectors on their mean) moves when units have no vector,
and with it pairs elsewhere (BENCHMARKS.md, "Units that cannot align, left unencoded").
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# Overlap thresholds reported.
THRESHOLDS = (0.05, 0.10, 0.15, 0.20)


def _inputs(n: int, tmp: Path) -> tuple[Any, Any]:
    """``build_briefing``'s inputs of an ``analyze`` of ``n`` articles, and the run's store."""
    import analyze_speed
    import storyline.reconcile.briefing as rb
    from storyline.pipeline import analyze
    from storyline.store import Store

    analyze_speed._write_articles(n, tmp / "articles")
    caught: list[tuple[Any, ...]] = []
    real = rb.build_briefing

    def catch(articles: Any, extractions: Any, entities: Any, stories: Any, **kw: Any) -> Any:
        caught.append((list(articles), list(extractions), entities, list(stories)))
        return real(articles, extractions, entities, stories, **kw)

    rb.build_briefing = catch
    try:
        store = Store(tmp / "s.duckdb")
        analyze([tmp / "articles"], store, out=tmp / "out", cache=True, workers=1)
    finally:
        rb.build_briefing = real
    return caught, store


def _special(units: Any, read: Any, ex_by: Any, ents: Any) -> set[int]:
    """Units whose vectors a rule other than the pair score reads."""
    from storyline.reconcile.omissions import _lead_units
    from storyline.reconcile.quote_groups import comparable
    from storyline.reconcile.quotes import card_quotes
    from storyline.reconcile.shared_counts import count_pairs
    from storyline.reconcile.shared_words import shared_quotes

    texts = {a.id: a.text for a in read}
    qs = card_quotes(
        [q for a in read for q in (ex_by[a.id].quotes if a.id in ex_by else [])], texts
    )
    compared = {(qs[i].article_id, qs[i].start, qs[i].end) for i in comparable(qs, ents)}
    out = {u.index for u in _lead_units(units).values()}
    out |= {k for pair in (*shared_quotes(units), *count_pairs(units)) for k in pair}
    for i, u in enumerate(units):
        if (
            u.denial
            or u.quantities
            or any((q.article_id, q.start, q.end) in compared for q in u.quotes)
        ):
            out.add(i)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(
        description="Example: .venv/bin/python benchmarks/unit_skip_probe.py --n 300"
    )
    ap.add_argument("--n", type=int, default=1000, help="number of articles")
    args = ap.parse_args()
    import numpy as np

    from storyline.embed import model_id, token_lengths
    from storyline.language import is_english
    from storyline.reconcile.align import LINK_SCORE, _word_overlap, article_codes, embed, scores
    from storyline.reconcile.run_entities import RunEntities
    from storyline.reconcile.units import build_units
    from storyline.store.cache import CachedEmbedder

    with tempfile.TemporaryDirectory() as tmp:
        caught, store = _inputs(args.n, Path(tmp))
        cached = CachedEmbedder(None, store, model_id())  # every text is in the store
        skipped = {t: 0 for t in THRESHOLDS}
        linking = {t: 0 for t in THRESHOLDS}
        total = 0
        for articles, extractions, entities, stories in caught:
            by_id = {a.id: a for a in articles}
            ex_by = {e.article_id: e for e in extractions}
            ents = RunEntities.of(entities).ents
            for story in stories:
                read = [by_id[a] for a in story.article_ids if a in by_id]
                read = [a for a in read if is_english(a)]
                units = build_units(read, ex_by, ents) if len(read) > 1 else []
                if len(units) < 2:
                    continue
                linked = (scores(units, embed(cached, [u.text for u in units])) >= LINK_SCORE).any(
                    1
                )
                art = article_codes(units)
                cross = art[:, None] != art[None, :]
                best: np.ndarray = np.where(cross, _word_overlap(units), 0.0).max(axis=1)
                special = _special(units, read, ex_by, ents)
                lengths = token_lengths([u.text for u in units])
                total += sum(lengths)
                for i in set(range(len(units))) - special:
                    for t in THRESHOLDS:
                        if best[i] < t:
                            skipped[t] += lengths[i]
                            linking[t] += int(bool(linked.flat[i]))
        store.close()
    print(f"claim units of multi-article stories: {total:,} tokens")
    if not total:
        return 0
    for t in THRESHOLDS:
        print(
            f"overlap under {t:.2f}: {skipped[t] / total:.1%} of their tokens, "
            f"{linking[t]} of those units link to another"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
