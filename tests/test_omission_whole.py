"""An article is said to leave out only a claim some source states whole: a sentence the
excerpt breaks off ("... take off their masks only while...") or a clause cut from its sentence
says too little for its absence to be news (a fact-checker's judgement of 60 random omission
lines of the AllSides dev run: 6 of the 41 false ones were such fragments). Judged on the
summary's rule for a whole sentence."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze

MASKS = (
    "health-california-coronavirus-pandemic-3b893ce7a9dbbfaeb4eb6161edebf4e6",
    "l-a-county-will-require-masks-indoors-amid-covid-19-surge",
    "la-county-reinstates-mask-mandate-covid-cases-rise",
)


def test_a_claim_no_source_states_whole_is_left_out_by_no_one(tmp_path: Path) -> None:
    doc = analyze([pick_allsides(tmp_path, MASKS)]).briefing.to_json()
    (story,) = doc["stories"]
    claims = {c["id"]: c for c in story["claims"]}
    # Los Angeles County's exceptions, a claim of two outlets, one breaking off, one a clause
    cut = [c for c in story["claims"] if "exception" in c["text"] and len(c["sources"]) > 1]
    assert cut
    ends = [s["text"].rstrip()[-3:] for s in cut[0]["sources"]]
    assert sorted(ends) == ["...", "id,"], ends
    # no article is said to leave it out
    left = [claims[i]["text"] for ids in story["omissions"].values() for i in ids]
    assert not [t for t in left if "exception" in t], left
    # while the story still lists the omission of a whole claim
    assert left


COLUMBUS = (
    "cnn.com/2021/04/21/us/ohio-columbus-police-shooting-15-year-old",
    "nbc-nightly-news-makhia-bryant-shooting-911-call-edit-out",
    "dispatch.com/story/news/crime/2021/04/20/one-person-killed",
)


def test_no_omission_is_shown_broken_off(tmp_path: Path) -> None:
    """A claim another source states whole is still no omission when the line a reader sees
    for it, its representative sentence, is one the excerpt breaks off ("Some are guilty but
    all of...", CNN's, beside the Columbus Dispatch's whole sentence: the review)."""
    doc = analyze([pick_allsides(tmp_path, COLUMBUS)]).briefing.to_json()
    (story,) = doc["stories"]
    claims = {c["id"]: c for c in story["claims"]}
    left = [claims[i]["text"] for ids in story["omissions"].values() for i in ids]
    assert not [t for t in left if t.rstrip().endswith(("...", "…"))], left
