"""Evaluation gate: the quotes of the briefing on PolNeAR dev, as a user reads them (issue #15).

``benchmarks/polnear_briefing.py`` runs ``storyline.analyze`` on PolNeAR dev and the shared
scorer ``../shared/eval/polnear/score_briefing.py`` on the briefing.json it writes. The floors
in ``benchmarks/floors.json`` (``polnear.briefing.*``) sit about 0.015 under the figures
measured when they were pinned (direct-quote F1 0.884, speaker accuracy 0.738; F1 raised to
0.91 at 0.927, once quote cards joined a quote cut by its cue and transcripts gave one quote
per turn; speaker accuracy raised to 0.89 at 0.904 by the canonical names and speakers of #15
point 5); the issue's targets are 0.95 and 0.90. About 50 s.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from polnear_briefing import metrics, parse, polnear_briefing  # noqa: E402

LINE = (
    "PolNeAR briefing: 84 articles, 374 gold direct quotes (2192 attributions); quote recall "
    "0.858, precision 0.912, F1 0.884; speaker accuracy 0.738 on 221 named (goal F1 >= 0.95, "
    "speaker >= 0.90)"
)


def test_the_scorer_line_is_read() -> None:
    got = parse(LINE)
    assert got == {
        "recall": 0.858,
        "precision": 0.912,
        "f1": 0.884,
        "speaker_accuracy": 0.738,
        "named": 221.0,
    }
    with pytest.raises(ValueError):
        parse("PolNeAR briefing: no quotes")


@pytest.mark.gate
@pytest.mark.slow
def test_polnear_dev_briefing_at_or_above_floors() -> None:
    floors = json.loads((ROOT / "benchmarks" / "floors.json").read_text())
    got = metrics(polnear_briefing())
    assert set(got) <= set(floors), "every figure has its floor"
    low = {k: (v, floors[k]) for k, v in got.items() if v < floors[k]}
    assert not low, f"below floor (score, floor): {low}"
