"""An article that says a claim in its own words does not leave it out (a fact-checker's
judgement of a random sample of the AllSides dev run's omission lines: most false ones were
articles stating the claim otherwise). Axios on Biden's first trip abroad ("President Biden
will travel to the U.K. on June 11-13 ..., the White House announced Friday") was said to
leave out "The White House announced Friday that President Biden will make his first foreign
trip in June with stops in the UK and Belgium" (New York Post, Politico)."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze

TRIP = [
    "wh-reveals-bidens-first-overseas-trip-will-be-to-europe",
    "biden-first-overseas-trip-g7-nato-summit-484439",
    "biden-foreign-trip-uk-brussels-50676cf0",
]


def test_an_article_that_says_it_otherwise_does_not_leave_it_out(tmp_path: Path) -> None:
    doc = analyze([pick_allsides(tmp_path, TRIP)]).briefing.to_json()
    (story,) = doc["stories"]
    (axios,) = [a["id"] for a in doc["articles"] if a["outlet"] == "Axios"]
    claims = {c["id"]: c for c in story["claims"]}
    left = [claims[c]["text"] for c in story["omissions"][axios]]
    assert not [t for t in left if "first foreign trip" in t], left
    # the claim is there, from the two other outlets
    assert any("first foreign trip" in c["text"] for c in story["claims"])
