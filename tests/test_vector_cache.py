"""Sentence vectors kept in the store: a second analysis of the same archive encodes nothing
again and writes the same briefing; vectors of another model are never reused."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from seedrun import SEEDS, SeedReport
from storyline.reconcile import load_embedder
from storyline.store import CachedEmbedder, Store


class Counting:
    """The real encoder, counting the texts it is asked for."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.model_id, self.texts = inner, inner.model_id, 0

    def encode(self, texts: list[str], **kw: Any) -> Any:
        self.texts += len(texts)
        return self.inner.encode(texts, **kw)


@pytest.fixture(scope="module")
def encoder() -> Counting:
    return Counting(load_embedder())


def _lines() -> list[str]:
    return [line.strip() for p in sorted(SEEDS.glob("*.txt"))
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_stored_vectors_are_the_encoders_own(tmp_path: Path, encoder: Counting) -> None:
    texts = _lines()
    texts += texts[:5]  # repeated texts are encoded once
    distinct = len(set(texts))
    with Store(tmp_path / "db.duckdb") as store:
        cached = CachedEmbedder(encoder, store, encoder.model_id)
        first = cached.encode(texts)
        assert cached.encoded == distinct
        again = cached.encode(list(reversed(texts)))
        assert cached.encoded == distinct  # nothing new: all from the store
        assert np.array_equal(again, first[::-1])
        # the encoder's vectors; not bit for bit, as a text's batch-mates shift BLAS's
        # summation order by float rounding (the engine's pooled vectors differ as little)
        assert np.allclose(first, encoder.inner.encode(texts, normalize_embeddings=True),
                           atol=1e-5)
        other = CachedEmbedder(encoder, store, encoder.model_id + "-other")
        other.encode(texts[:3])
        assert other.encoded == 3  # another model's vectors are not this one's
    assert cached.encode([]).shape[0] == 0


def test_second_analysis_encodes_nothing(seed_analysis: SeedReport, tmp_path: Path,
                                         encoder: Counting) -> None:
    from storyline.pipeline import analyze

    db = tmp_path / "seeds.duckdb"
    shutil.copy(seed_analysis.db, db)  # the shared store stays as it was
    before = encoder.texts
    with Store(db) as store:
        briefing = analyze([SEEDS], store, embedder=encoder).briefing
        kept = store.con.execute("SELECT count(*) FROM vectors").fetchone()[0]
    assert encoder.texts == before
    assert kept > 100  # claim units, quotations and counted nouns of five articles
    assert briefing == seed_analysis.briefing
