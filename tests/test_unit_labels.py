"""A paragraph's lead-in label ("Why it matters:", "The big picture:") is no part of a claim:
the claim unit starts after it, still an exact span. A lead-in that names someone or brings in
their words ("Walensky also said:", "Kevin Drum adds:") stays, as it is the attribution.

Real articles: AllSides reports (an Axios piece written in labelled paragraphs, and two that
introduce quotations with a name and a colon), read in place.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths
from storyline.models import Article
from storyline.reconcile.units import article_units

ALLSIDES = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "allsides"
LABELLED = "899972d3abd5bc2b"  # "Why it matters:", "The big picture:" paragraphs
ATTRIBUTED = ("3ea6768e96a12048", "9743e9a9a34e4609")  # "<Name> also said:", "<Name> adds:"

pytestmark = pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides not in ../shared")


def _units() -> dict[str, tuple[str, list[tuple[int, int]]]]:
    wanted = {LABELLED, *ATTRIBUTED}
    arts = [
        clean(a)
        for a in read_paths([ALLSIDES / "articles.jsonl"])
        if isinstance(a, Article) and a.id in wanted
    ]
    result = extract_articles(arts)
    pairs = zip(arts, result.extractions, strict=True)
    return {a.id: (a.text, article_units(a, ex)) for a, ex in pairs}


def test_a_lead_in_label_is_left_out_of_the_claim_and_an_attribution_is_kept() -> None:
    units = _units()
    text, spans = units[LABELLED]
    labels = [text.find(w) for w in ("Why it matters:", "The big picture:")]
    assert all(i >= 0 for i in labels)
    for label in labels:
        # the paragraph's claim starts right after its label and its blank
        after = label + text[label:].index(":") + 1
        while text[after].isspace():
            after += 1
        assert any(s == after for s, _ in spans), text[label : label + 40]
        assert not any(s <= label < e for s, e in spans)
    for aid in ATTRIBUTED:
        text, spans = units[aid]
        lead = next(i for w in ("also said:", "adds:") if (i := text.find(w)) >= 0)
        assert any(s < lead < e for s, e in spans)  # the name and the colon stay in the unit
