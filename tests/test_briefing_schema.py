"""The briefing of the seeds validates against schema/briefing.schema.json, every span exact."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from seedrun import SeedReport
from storyline.reconcile import BriefingError, all_spans, validate_briefing


@pytest.fixture(scope="module")
def doc(seed_analysis: SeedReport) -> dict[str, Any]:
    """The briefing ``storyline analyze`` wrote for the seeds (shared by the whole session)."""
    return seed_analysis.briefing


def test_seed_briefing_validates(doc: dict[str, Any]) -> None:
    validate_briefing(doc)
    assert doc["schema_version"] == 1 and doc["stories"]


def test_every_span_is_exact(doc: dict[str, Any]) -> None:
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    spans = list(all_spans(doc))
    assert len(spans) > 50
    for s in spans:
        assert texts[s["article_id"]][s["start"]:s["end"]] == s["text"]


def test_validator_rejects_a_shifted_span(doc: dict[str, Any]) -> None:
    bad = copy.deepcopy(doc)
    src = bad["stories"][0]["claims"][0]["sources"][0]
    src["start"] += 1
    with pytest.raises(BriefingError, match="does not hold"):
        validate_briefing(bad)


def test_validator_rejects_a_missing_field(doc: dict[str, Any]) -> None:
    bad = copy.deepcopy(doc)
    del bad["stories"][0]["timeline"]
    with pytest.raises(BriefingError, match="timeline"):
        validate_briefing(bad)
