"""An article that writes the numbers of a count does not leave the count out, even where no
source names what is counted ("At least 60 are confirmed dead"): a fact-checker's fifth trial
of the AllSides dev stories found the Miami Herald said to leave out the Surfside toll of 60
dead and 80 missing, which it reports. Read as a user's input, picked by URL."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze
from storyline.reconcile.omissions import _shared_numerals
from storyline.reconcile.units import Unit

# The Miami Herald's, CNBC's and the New York Post's reports of 8 July 2021.
SURFSIDE = ("article252632913", "60-dead-80-missing", "death-toll-rises-to-60")


def test_an_article_writing_the_toll_does_not_leave_it_out(tmp_path: Path) -> None:
    doc = analyze([pick_allsides(tmp_path, SURFSIDE)]).briefing.to_json()
    (story,) = [s for s in doc["stories"] if len(s["article_ids"]) == 3]
    (herald,) = [a["id"] for a in doc["articles"] if a["outlet"].startswith("Miami Herald")]
    claims = {c["id"]: c for c in story["claims"]}
    left = [claims[c]["text"] for c in story["omissions"].get(herald, [])]
    assert not [t for t in left if "60" in t and "80" in t], left
    # the count is a claim two other outlets carry
    assert any("60" in c["text"] and "80" in c["text"] for c in story["claims"])


def test_only_numbers_two_families_write_are_shared() -> None:
    said = [
        Unit(0, "a", 0, 10, "At least 60 are dead and 80 missing"),
        Unit(1, "b", 0, 10, "The toll rose to 60, with 80 still missing, 12 hurt"),
        Unit(2, "c", 0, 10, "Officials counted 60 in the morning"),
    ]
    assert _shared_numerals(said, {"a": "f1", "b": "f2", "c": "f2"}) == {60.0, 80.0}
    # one family's two articles share nothing with each other
    assert _shared_numerals(said[1:], {"b": "f2", "c": "f2"}) == set()
