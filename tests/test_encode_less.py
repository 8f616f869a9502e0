"""The reconcile stage encodes only the texts whose vectors can change the briefing (issue #17).

A quote that shares too few rare words with every other rendering of its story links to
none by meaning (``quote_groups.comparable``), so the encoder skips it; the cards must come
out as they do when every quote is encoded. Checked on the five seed articles, parsed and
encoded for real.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storyline.extract import extract_articles
from storyline.models import Article, Quote
from storyline.pipeline import read_and_clean
from storyline.reconcile.align import embed, load_embedder
from storyline.reconcile.quote_groups import comparable, group_indices
from storyline.reconcile.quotes import card_quotes

os.environ.setdefault("HF_HUB_OFFLINE", "1")
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def seed_quotes() -> dict[str, Any]:
    """The seeds' card quotes (one story of five articles), their entities and texts."""
    articles = [a for a in read_and_clean([SEEDS]) if isinstance(a, Article)]
    result = extract_articles(articles)
    texts = {a.id: a.text for a in articles}
    quotes = card_quotes([q for ex in result.extractions for q in ex.quotes], texts)
    entities = {e.id: e for e in result.entities}
    return {"quotes": quotes, "entities": entities, "texts": texts}


def _groups(data: dict[str, Any], vecs: np.ndarray) -> list[list[int]]:
    return group_indices(data["quotes"], vecs, data["entities"], data["texts"])


def test_skipped_quotes_change_no_card(seed_quotes: dict[str, Any]) -> None:
    quotes: list[Quote] = seed_quotes["quotes"]
    keep = comparable(quotes, seed_quotes["entities"])
    assert 0 < len(keep) < len(quotes), "the seeds have quotes to skip and quotes to encode"
    vecs = embed(load_embedder(), [q.text for q in quotes])
    skipped = np.zeros_like(vecs)
    skipped[keep] = vecs[keep]
    whole = _groups(seed_quotes, vecs)
    assert any(len(g) > 1 for g in whole), "some seed quotations have several renderings"
    assert _groups(seed_quotes, skipped) == whole
