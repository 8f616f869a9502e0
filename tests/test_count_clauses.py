"""One finding, one claim, when its sentence carries an aside or gives its count bare
(AllSides dev, stories of the claim-alignment gold: the April 2021 jobs report as NBC gave
it, and the May 2021 jobs report, 4 June 2021, as CNBC, the Guardian and Fox Business gave
it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from allsides_pick import ALLSIDES, pick_allsides
from storyline import analyze
from storyline.reconcile.units import split_clauses

#: CNBC, the Guardian and Fox Business on the May jobs report.
MAY_JOBS = [
    "jobs-report-may-2021",
    "us-jobs-report-may-2021-hiring-pandemic",
    "stocks-jobs-report-economy-oil-gold-europe-asia",
]


def _sentence_with(text: str, words: str) -> tuple[int, int]:
    """The span of the sentence of ``text`` that holds ``words`` (to its full stop)."""
    at = text.index(words)
    start = text.rfind(". ", 0, at)
    return (0 if start < 0 else start + 2), text.index(".", at) + 1


def test_a_dash_opens_an_aside_not_a_clause() -> None:
    """NBC: '... 266,000 jobs in April — a mere fraction of [the] expectations ..., and
    unemployment ticked up ...'. The cut at the dash was refused (no verb in the aside) and the
    test of the comma's cut read the aside's words as its left side's: the sentence stayed one
    unit, a source of neither the jobs claim nor the unemployment one."""
    import json

    (line,) = [
        ln
        for ln in ALLSIDES.read_text(encoding="utf-8").splitlines()
        if "one-year-pandemic-millions-jobs" in json.loads(ln)["url"]
    ]
    text = json.loads(line)["text"]
    start, end = _sentence_with(text, "mere fraction")
    pieces = [text[a:b] for a, b in split_clauses(text, start, end)]
    assert len(pieces) == 2
    assert "266,000" in pieces[0] and "mere fraction" in pieces[0]
    assert pieces[1].startswith("and unemployment")


def _claims_with(story: dict[str, Any], words: str) -> list[dict[str, Any]]:
    return [
        c
        for c in story["claims"]
        if not c.get("detail_of") and any(words in x["text"] for x in c["sources"])
    ]


def test_a_bare_count_joins_the_claim_that_gives_it(tmp_path: Path) -> None:
    """CNBC gives the count as 'payrolls up what normally would be considered a solid 559,000
    but ...' (no counted noun after it, so the extractor reads no count there). Its sentence
    stood apart as CNBC's unique detail, though all three outlets lead with the 559,000."""
    doc = analyze([pick_allsides(tmp_path, MAY_JOBS)]).briefing.to_json()
    (story,) = doc["stories"]
    outlet = {a["id"]: a["outlet"] for a in doc["articles"]}
    (claim,) = _claims_with(story, "a solid 559,000")
    assert {outlet[x["article_id"]] for x in claim["sources"]} == {
        "CNBC",
        "The Guardian",
        "Fox News (Online News)",
    }
    (cnbc,) = [a for a, o in outlet.items() if o == "CNBC"]
    assert claim["id"] not in story["unique"][cnbc]


def test_an_article_that_gives_one_of_a_claims_counts_reports_it(tmp_path: Path) -> None:
    """Fox Business: '... added 559,000 jobs ..., as the unemployment rate slipped to 5.8%'.
    CNBC and the Guardian give the rate as fallen 'to 5.8% from 6.1%'; Fox Business gives the
    5.8% and not April's 6.1%. Once CNBC's bare 559,000 joined the jobs claim (above), Fox
    Business was listed as leaving the fall out, for want of the month before's rate."""
    doc = analyze([pick_allsides(tmp_path, MAY_JOBS)]).briefing.to_json()
    (story,) = doc["stories"]
    (fox,) = [a["id"] for a in doc["articles"] if a["outlet"].startswith("Fox")]
    rate = {c["id"] for c in _claims_with(story, "5.8% from 6.1%")}
    assert rate
    assert not rate & set(story["omissions"][fox])
