"""The briefing of the seeds validates against schema/briefing.schema.json, every span exact."""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT / "benchmarks"))

from reconcile_eval import run_pipeline  # noqa: E402
from storyline.reconcile import BriefingError, all_spans, validate_briefing  # noqa: E402


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return run_pipeline(SEEDS.glob("*.txt"))[1]


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
