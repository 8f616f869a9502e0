"""One finding that outlets word apart but for its number is one claim, and an article that
gives the number is not said to leave it out (AllSides dev: the April 2021 jobs report,
7 May 2021, as six outlets reported it; a fact-checker's audits found the largest class of
false unique details and omissions was one fact from several outlets kept apart)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from allsides_pick import pick_allsides
from storyline import analyze

#: AP, CNN and the Washington Examiner on the April jobs report.
JOBS = [
    "5dc338627748f7c75ba7e9a040a894d7",
    "april-jobs-report-pandemic-anniversary",
    "economy-short-expectations-april",
]
#: Reuters, NBC and National Review on the same report, from AllSides' second roundup of it.
JOBS_VIEWS = [
    "white-house-jobs-report-shows-long-way-go-economic-recovery",
    "one-year-pandemic-millions-jobs-are-still-missing",
    "weak-jobs-report-shows-limits-of-stimulus",
]


def _outlet_of(doc: dict[str, Any]) -> dict[str, str]:
    return {a["id"]: a["outlet"] for a in doc["articles"]}


def test_three_leads_that_give_one_count_are_one_claim(tmp_path: Path) -> None:
    """'America’s employers added just 266,000 jobs last month', 'The US economy added only
    266,000 jobs in April' and 'The economy added far fewer jobs than expected in April, just
    266,000': centred on a story of three short reports, whose centre is this finding, the AP
    lead kept apart, and AP was listed as leaving out the claim it leads with."""
    doc = analyze([pick_allsides(tmp_path, JOBS)]).briefing.to_json()
    (story,) = doc["stories"]
    (claim,) = [
        c for c in story["claims"] if any("added just 266,000" in x["text"] for x in c["sources"])
    ]
    assert {x["article_id"] for x in claim["sources"]} == set(story["article_ids"])
    assert not any(story["omissions"].values())


def test_a_count_written_without_its_noun_is_stated(tmp_path: Path) -> None:
    """The Examiner gives the count as 'in April, just 266,000,' (no counted noun after it, so
    the extractor reads no count there), and was listed as leaving out the '266,000' that the
    other five outlets give."""
    doc = analyze([pick_allsides(tmp_path, JOBS + JOBS_VIEWS)]).briefing.to_json()
    outlet = _outlet_of(doc)
    for story in doc["stories"]:
        details = {c["id"]: c.get("detail") or [] for c in story["claims"]}
        for aid, left in story["omissions"].items():
            if outlet[aid] == "Washington Examiner":
                assert not any("266,000" in w for cid in left for w in details[cid])


def test_numerals_are_counts_not_names_or_years() -> None:
    """The review: "COVID-19", "I-95" and "2019" read as counts an article gives."""
    from storyline.reconcile.shared_counts import numerals

    got = numerals("COVID-19 on I-95 in 2019: just 266,000, and 24 people, 12.5 tons, G-7")
    assert got == {(266000.0, 266000.0), (24.0, 24.0), (12.5, 12.5)}
