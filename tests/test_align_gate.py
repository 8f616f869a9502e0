"""Evaluation gate: claim alignment on ten AllSides dev stories (issue #15).

``benchmarks/align_eval.py`` analyses the thirty articles of the stories that
``tests/gold/allsides_dev.align.json`` annotates and scores the claims of the ``briefing.json``
written, pair by pair. Its F1 and precision must stay at or above their floors in
``benchmarks/floors.json`` (``allsides_alignment_*``), so that a rule fitted to the seeds'
one long story (``reconcile_alignment_f1``) cannot undo the alignment of short multi-outlet
stories, nor the other way round.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from align_eval import evaluate  # noqa: E402

pytestmark = pytest.mark.skipif(
    not (ROOT.parent / "shared" / "eval" / "allsides").exists(), reason="AllSides data missing"
)


@pytest.mark.gate
def test_allsides_alignment_at_or_above_floors(tmp_path: Path) -> None:
    floors = json.loads((ROOT / "benchmarks" / "floors.json").read_text())
    got = evaluate(tmp_path)["all"]
    assert got["f1"] >= floors["allsides_alignment_f1"], got
    assert got["precision"] >= floors["allsides_alignment_precision"], got
