"""The local engine: the seeds extracted over two worker processes give exactly what one
process gives (same spans, same speakers, same canonical entities across articles)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from storyline.engine import LocalEngine
from storyline.extract import ExtractResult, extract_articles
from storyline.models import Article
from storyline.nlp import load_nlp

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def _seeds() -> list[Article]:
    return [
        Article(id=p.stem, source_path=str(p), text=p.read_text(encoding="utf-8"), fmt="txt")
        for p in sorted(SEEDS.glob("*.txt"))
    ]


def _plain(res: ExtractResult) -> tuple[list[dict], list[dict]]:
    return [e.to_dict() for e in res.extractions], [asdict(e) for e in res.entities]


@pytest.fixture(scope="module")
def in_process() -> ExtractResult:
    return extract_articles(_seeds(), nlp=load_nlp())


def test_two_workers_give_the_same_extraction(in_process: ExtractResult) -> None:
    done: list[int] = []
    # chunks of two articles: three tasks over two workers, so results cross processes
    pooled = LocalEngine(workers=2, chunk_articles=2, min_pool_articles=0).extract(
        _seeds(), progress=done.append
    )
    assert sum(done) == 5
    assert [e.article_id for e in pooled.extractions] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert _plain(pooled) == _plain(in_process)
    # entities named in several articles (made canonical after the workers returned)
    assert any(len(e.article_ids) >= 3 for e in pooled.entities)
    # speakers linked to canonical entities across the process boundary
    assert any(q.speaker_entity for ex in pooled.extractions for q in ex.quotes)


def test_an_entered_engine_keeps_its_workers_from_call_to_call(in_process: ExtractResult) -> None:
    """Entered (as ``analyze`` enters it), the engine parses every call over one pool, whose
    workers load spaCy once: a whole-store run parses a chunk of articles a call
    (``storyline.whole``). Leaving the engine stops them; used bare, it keeps none."""
    from storyline.extract import finish

    seeds = _seeds()
    with LocalEngine(workers=2, chunk_articles=1, min_pool_articles=0) as engine:
        first = engine.parts(seeds[:3])
        pool = engine._pool
        assert pool is not None
        second = engine.parts(seeds[3:])
        assert engine._pool is pool
    assert engine._pool is None
    assert _plain(finish(first + second)) == _plain(in_process)
    bare = LocalEngine(workers=2, chunk_articles=1, min_pool_articles=0)
    assert len(bare.parts(seeds[:2])) == 2 and bare._pool is None


def test_small_batches_stay_in_process() -> None:
    # below the pool threshold no worker starts, so an unpicklable progress callback is fine
    seen = []
    res = LocalEngine(workers=4).extract(_seeds()[:2], progress=lambda n: seen.append(n))
    assert len(res.extractions) == 2 and sum(seen) == 2


def test_pooled_embeddings_match_the_encoder_in_process() -> None:
    import numpy as np

    from storyline.engine import PooledEmbedder
    from storyline.reconcile import load_embedder

    # every non-empty line of the seeds: headlines, datelines, paragraphs of any length
    texts = [line.strip() for a in _seeds() for line in a.text.splitlines() if line.strip()]
    assert len(texts) > 40
    local = load_embedder()
    # chunks of 16 texts, rounded up to whole batches of 8: six tasks over two workers
    pooled = PooledEmbedder(2, chunk_texts=16, min_pool_texts=0).encode(texts, batch_size=8)
    alone = local.encode(texts, normalize_embeddings=True, batch_size=8)
    assert pooled.shape == alone.shape
    # cut as one call batches them, so bit for bit the same vectors (not only close ones)
    assert np.array_equal(pooled, alone)


def test_story_anchors_reach_the_workers(in_process: ExtractResult) -> None:
    # Built this way the seeds carry no publication date, so their relative dates ("on
    # Tuesday") stay unresolved until a story span anchors them: the re-resolution of undated
    # articles (storyline.extract.resolve_undated, on the run's engine) sends each article's
    # anchor along with its chunk.
    anchors = {p.stem: "2025-04-08/2025-04-09" for p in sorted(SEEDS.glob("*.txt"))}
    pooled = LocalEngine(workers=2, chunk_articles=2, min_pool_articles=0).extract(
        _seeds(), anchors=anchors
    )
    alone = extract_articles(_seeds(), nlp=load_nlp(), anchors=anchors)
    assert _plain(pooled) == _plain(alone)

    def resolved(res: ExtractResult) -> int:
        return sum(1 for ex in res.extractions for d in ex.dates if d.value)

    assert resolved(pooled) > resolved(in_process)


@pytest.mark.parametrize("runtime", ["numpy", "onnx"])
def test_a_worker_encodes_on_the_runtime_the_client_chose(runtime: str) -> None:
    """A worker (pool or Dask) on another CPU type would pick another default runtime: it runs
    the client's (``encode_kw``), so its vectors are those of the client's ``model_id``."""
    import numpy as np

    from storyline.embed import load_embedder
    from storyline.engine import local
    from test_embed import _sample_sentences

    texts = _sample_sentences()[:12]
    try:
        got = local._embed_chunk(texts, {"batch_size": 32, "runtime": runtime})
    finally:
        local._WORKER_EMBEDDER = None  # the test process is no worker
    ref = load_embedder(runtime=runtime).encode(texts, batch_size=32)
    np.testing.assert_allclose(got, ref, atol=1e-6)
