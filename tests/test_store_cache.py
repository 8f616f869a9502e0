"""Extractions and sentence vectors kept in the store: a second analysis of the same archive
parses and encodes nothing again and writes the same briefing; what another model or another
version of the extractor produced is never reused."""

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
    return [
        line.strip()
        for p in sorted(SEEDS.glob("*.txt"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


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
        assert np.allclose(first, encoder.inner.encode(texts, normalize_embeddings=True), atol=1e-5)
        other = CachedEmbedder(encoder, store, encoder.model_id + "-other")
        other.encode(texts[:3])
        assert other.encoded == 3  # another model's vectors are not this one's
    assert cached.encode([]).shape[0] == 0


class NoParser:
    """Stands in for the spaCy pipeline where nothing may be parsed: any use fails."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the parser was used ({name}) though every article was kept")


def test_second_analysis_parses_and_encodes_nothing(
    seed_analysis: SeedReport, tmp_path: Path, encoder: Counting
) -> None:
    from storyline.pipeline import analyze

    db = tmp_path / "seeds.duckdb"
    shutil.copy(seed_analysis.db, db)  # the shared store stays as it was
    before = encoder.texts
    with Store(db) as store:
        # one kept part per seed: the undated ones get their story's dates without a parse
        briefing = analyze([SEEDS], store, embedder=encoder, nlp=NoParser()).briefing.to_json()
        parts, vecs = (
            store.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("parts", "vectors")
        )
    assert encoder.texts == before
    assert parts == 5  # each seed once (the three undated ones were parsed twice before)
    assert vecs > 100  # claim units, quotations and counted nouns of five articles
    assert briefing == seed_analysis.briefing


def test_kept_parts_give_the_same_extraction(tmp_path: Path) -> None:
    from storyline.engine import LocalEngine
    from storyline.extract import extract_articles
    from storyline.models import Article
    from storyline.nlp import load_nlp

    def seeds() -> list[Article]:
        return [
            Article(id=p.stem, source_path=str(p), text=p.read_text(encoding="utf-8"), fmt="txt")
            for p in sorted(SEEDS.glob("*.txt"))
        ]

    def plain(res: Any) -> Any:
        return (
            [e.to_dict() for e in res.extractions],
            [(e.id, e.name, e.aliases, e.article_ids) for e in res.entities],
        )

    nlp = load_nlp()
    fresh = extract_articles(seeds(), nlp=nlp)
    with Store(tmp_path / "db.duckdb") as store:
        engine = LocalEngine()
        first = engine.extract(seeds()[:3], nlp=nlp, store=store)  # three kept
        both = engine.extract(seeds(), nlp=nlp, store=store)  # three read back, two parsed
        again = engine.extract(seeds(), nlp=NoParser(), store=store)
        anchored = engine.extract(
            seeds()[:1], nlp=nlp, store=store, anchors={seeds()[0].id: "2025-04-08/2025-04-09"}
        )
    assert len(first.extractions) == 3
    # canonical entities and speaker links are made over the whole run, kept parts or not
    assert plain(both) == plain(fresh) == plain(again)
    assert any(q.speaker_entity for ex in again.extractions for q in ex.quotes)
    # another date anchor is another key: parsed again, its relative dates now resolved
    assert sum(1 for d in anchored.extractions[0].dates if d.value) > sum(
        1 for d in fresh.extractions[0].dates if d.value
    )


def test_extractor_id_follows_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.extract import parts

    before = parts.extractor_id()
    assert parts.extractor_id() == before  # stable between calls
    monkeypatch.setattr(parts, "EXTRACTOR_PACKAGES", (*parts.EXTRACTOR_PACKAGES, "numpy"))
    assert parts.extractor_id() != before


def test_extractor_id_hashes_every_module_the_extraction_imports() -> None:
    """The storyline modules that the hashed files import decide what extraction yields
    too (cleaning's line reader, the language check): each one's file is hashed. Subpackages
    other than ``extract`` (``cluster``: a story's date anchor) run after extraction."""
    import ast

    from storyline.extract import parts

    root = Path(parts.__file__).resolve().parents[1]
    hashed = {*parts.EXTRACTOR_MODULES, *(f"extract/{p.name}" for p in root.glob("extract/*.py"))}
    for name in sorted(n for n in hashed if n.endswith(".py")):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("storyline."):
                top = node.module.split(".")[1]
                if (root / f"{top}.py").exists():
                    assert f"{top}.py" in hashed, (name, node.module)
