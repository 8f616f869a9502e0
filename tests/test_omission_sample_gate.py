"""Evaluation gate: 60 omission lines drawn at random from the AllSides dev run (issue #15).

``tests/gold/allsides_dev_omissions.sample.json`` judges them real, false or ambiguous (see
its ``about``). This test analyses the whole dev set, as the sample's run did, and scores the
briefing with ``benchmarks/unique_precision.py``: the precision over judged lines
must stay at or above ``allsides_sampled_omission_precision`` in ``benchmarks/floors.json``,
and no judged real line may go (a rule that hides real omissions shows here).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "eval" / "allsides" / "articles.jsonl"
sys.path.insert(0, str(ROOT / "benchmarks"))

from unique_precision import SAMPLE, judge, precision, story_urls  # noqa: E402

pytestmark = pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")


@pytest.mark.gate
def test_sampled_omission_lines_at_or_above_floor(tmp_path: Path) -> None:
    from storyline.pipeline import analyze

    judged = json.loads(SAMPLE.read_text(encoding="utf-8"))
    urls = story_urls(judged["stories"])
    doc = analyze([ALLSIDES], out=tmp_path / "out").briefing.to_json()
    row = judge(doc, judged, urls)["omission"]
    real = sum(1 for g in judged["lines"] if g["verdict"] == "real")
    floors = json.loads((ROOT / "benchmarks" / "floors.json").read_text())
    assert row["kept"] == real, f"a judged real omission is gone: {row}"
    assert precision(row) >= floors["allsides_sampled_omission_precision"], row
