"""A sentence of an article that gives another number than its claim, when the article gives
the claim's number in another sentence, is no source of the claim (``reconcile.strays``): a
fact-checker's fifth trial found the June 2021 jobs story's line "The unemployment rate
slightly increased to 5.9%" citing the Washington Examiner's forecast of 5.7% among its
sources. Read as a user's input: the AllSides dev reports of 2 July 2021, picked by URL."""

from __future__ import annotations

import re
from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze

JUNE_JOBS = (
    "apnews.com/article/jobs-report-june",
    "economy-beats-expectations-850000-jobs-june",
    "cnn.com/2021/07/02/economy/june-jobs-report",
)
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent)")


def test_a_claim_cites_no_sentence_of_another_value_of_its_measure(tmp_path: Path) -> None:
    doc = analyze([pick_allsides(tmp_path, JUNE_JOBS)]).briefing.to_json()
    (story,) = doc["stories"]
    rate = [c for c in story["claims"] if "5.9%" in c["text"] and len(c["sources"]) > 1]
    assert rate  # the rate is a claim of several outlets
    for c in rate:
        shown = set(PERCENT.findall(c["text"]))
        for s in c["sources"]:
            values = set(PERCENT.findall(s["text"]))
            assert not values or values & shown, (c["text"], s["text"])
    # the forecast is still in the briefing, a claim of its own
    assert any("5.7%" in c["text"] for c in story["claims"])
