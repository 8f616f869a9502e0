"""Vote tallies two outlets give differently are a number conflict (a fact-checker's audit of
the AllSides dev briefing: the Post's "220-to-190 party-line vote" and Fox's "The vote was
222-190 with two Republicans" stood in one claim, cited as agreeing, with no conflict)."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze
from storyline.reconcile.tallies import tallies
from storyline.reconcile.units import Unit
from test_detail_lines import HOUSE_VOTE


def _unit(text: str) -> Unit:
    return Unit(article_id="a", start=0, end=len(text), text=text, index=0)


def test_the_two_tallies_of_the_house_vote_conflict(tmp_path: Path) -> None:
    doc = analyze([pick_allsides(tmp_path, HOUSE_VOTE)]).briefing.to_json()
    outlets = {a["id"]: a["outlet"] for a in doc["articles"]}
    (c,) = [c for s in doc["stories"] for c in s["conflicts"] if c["subject"] == "vote"]
    got = {v["value"]: {outlets[a] for a in v["article_ids"]} for v in c["values"]}
    assert got == {"220-to-190": {"Washington Post"}, "222-190": {"Fox News (Online News)"}}


def test_a_tally_is_two_numbers_of_a_vote() -> None:
    assert [t[:2] for t in tallies(_unit("The Senate voted 50-49 to confirm her."))] == [(50, 49)]
    assert [t[:2] for t in tallies(_unit("It passed on a 252-to-175 vote."))] == [(252, 175)]
    assert not tallies(_unit("The Lakers won 112-104 on Sunday."))  # a score: no vote
    assert not tallies(_unit("Between 30-50 people voted early."))  # a range, low to high
    assert not tallies(_unit("The vote came on 6-30-2021."))  # a date
    assert [t[:2] for t in tallies(_unit("The House voted 220-212."))] == [(220, 212)]  # the review
    assert not tallies(_unit("She leads by a margin of 52-48 in the poll."))  # a poll's margin
