"""Evaluation gate: the seed extraction scores must not fall below their pinned floors.

Floors live in ``benchmarks/floors.json`` (measured score minus about 0.03, so run-to-run
noise passes and a real regression fails). Only keys the seed scorer produces are checked;
other helpers' keys in the same file are gated by their own tests.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from eval_quantities_dates import score_tempeval  # noqa: E402
from extraction_eval import seed_scores  # noqa: E402
from polnear_eval import score_polnear  # noqa: E402

pytestmark = pytest.mark.gate

# The PolNeAR dev scores the issue sets targets on; the floors sit about 0.015 under the
# measured figures (all 0.758, direct content 0.950, one-to-one 0.942, speaker right
# 0.935; the one-to-one floor sits 0.012 under): the dev split is
# fixed, so only a change in the extractor moves them.
POLNEAR_GATED = (
    "polnear.all.overlap.f1",
    "polnear.direct.content.f1",
    "polnear.direct.content_one_to_one.f1",
    "polnear.direct.speaker_right",
)


def test_seed_scores_at_or_above_floors() -> None:
    floors = json.loads((ROOT / "benchmarks" / "floors.json").read_text())
    scores = seed_scores()
    checked = {k: (scores[k], floor) for k, floor in floors.items() if k in scores}
    for key in (
        "seeds.quote_speaker.f1",
        "seeds.entity_bcubed.f1",
        "seeds.quantities.with_counted_noun.f1",
        "seeds.dates.resolved_dates.f1",
    ):
        assert key in checked, f"{key} has no floor or was not scored"
    low = {k: v for k, v in checked.items() if v[0] < v[1]}
    assert not low, f"below floor (score, floor): {low}"


def test_polnear_dev_scores_at_or_above_floors() -> None:
    floors = json.loads((ROOT / "benchmarks" / "floors.json").read_text())
    scores = score_polnear(split="dev")
    low = {k: (scores[k], floors[k]) for k in POLNEAR_GATED if scores[k] < floors[k]}
    assert not low, f"below floor (score, floor): {low}"


def test_tempeval_date_values_at_or_above_floor() -> None:
    """The dates of TempEval-3's training news (TBAQ-cleaned) resolved against each
    document's creation date: value accuracy 0.8795 measured (floor about 0.015 under)."""
    floors = json.loads((ROOT / "benchmarks" / "floors.json").read_text())
    got = score_tempeval()["value accuracy"]["accuracy"]
    assert got >= floors["tempeval.dates.value_accuracy"], got
