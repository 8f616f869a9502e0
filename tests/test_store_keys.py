"""The clustering's word counts kept in the store (``storyline.store.keys``): a later run
counts the stored articles' feature keys as one run over them all would, on the real seeds."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from storyline.cluster import features_of
from storyline.store import Store


def _features(store: Store) -> tuple[list[Any], dict[str, Any]]:
    """The stored seeds and their clustering features, from their stored extractions."""
    articles = store.articles()
    extractions = [store.get_extraction(a.id) for a in articles]
    return articles, features_of(articles, [e for e in extractions if e is not None])


def test_background_counts_the_other_stored_articles_keys(
    seed_analysis: Any, tmp_path: Path
) -> None:
    db = tmp_path / "s.duckdb"
    shutil.copy(seed_analysis.db, db)
    with Store(db) as store:
        articles, feats = _features(store)
        store.put_cluster_keys([*feats.values(), *feats.values()], every=True)  # each once
        every = [feats[a.id] for a in articles]
        # the run: an article using as a plain word what another article names
        k = next(
            (
                i
                for i, f in enumerate(every)
                for o in every
                if (set(f.terms) - set(f.names)) & set(o.names)
            )
        )
        run, others = every[k], every[:k] + every[k + 1 :]
        bg = store.background([run], exclude=[run.id])
    assert bg.n == len(others) == 4
    for kind, got in (("terms", bg.terms), ("entities", bg.entities)):
        assert got and all(
            got.get(k, 0) == sum(k in getattr(o, kind) for o in others) for k in getattr(run, kind)
        )
    # a word the run uses, counted as a name's word wherever another article names it so
    named = {k: sum(k in o.names for o in others) for k in run.terms}
    assert {k: c for k, c in named.items() if c} == {k: c for k, c in bg.names.items() if c}
    assert any(c and k not in run.names for k, c in named.items())


def test_stored_features_read_back_what_clustering_read(seed_analysis: Any, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    shutil.copy(seed_analysis.db, db)
    with Store(db) as store:
        _, feats = _features(store)
        store.put_cluster_keys(feats.values(), every=True)
        back = store.stored_features(list(feats))
    assert set(back) == {f.id for f in feats.values() if not f.empty}
    for aid, got in back.items():
        want = feats[aid]
        assert got.terms == want.terms and got.entities == want.entities
        assert sorted(got.names) == sorted(set(want.names)) and got.day == want.day
    assert any(c > 1 for f in back.values() for c in f.terms.values())  # counts, not presence
