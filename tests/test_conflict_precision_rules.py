"""Conflicts a fact-checker would strike out, on real AllSides dev coverage: each rule keeps
a conflict from two sources that do not disagree (a fact-checker's audit of the AllSides dev
briefing, and the conflicts that better claim alignment brought up there). The one judged
real date conflict of that run (Thursday against early Friday for Israel's ground attack on
Gaza) is kept by every rule (``conflict_precision.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from allsides_pick import pick_allsides
from storyline import analyze

#: Chauvin's sentencing, 25 June 2021: Fox quotes the judge's words up to "is a legal
#: analysis", The Hill from "Determining the appropriate sentence" on.
CHAUVIN = [
    "560112-chauvin-sentenced-to-prison-for-murder-of-george-floyd",
    "derek-chauvin-sentencing-ex-minneapolis-cop-murder-george-floyd",
    "derek-chauvin-22-and-a-half-years-george-floyd",
]
#: The Surfside collapse, July 2021: "the remains of 24 people, with 121 still missing" (Yahoo)
#: and "24 confirmed deaths, with 121 people still unaccounted for" (Fox).
SURFSIDE = [
    "surfside-building-collapse-bd072f3a85777f2d0be8ef19d2499b33",
    "miami-building-collapse-remaining-section-030307222",
    "surfside-condo-buildings-standing-portion-brought-down-with-explosives",
]
#: The G7's billion doses, 10-11 June 2021: Fox's "..., Prime Minister Boris Johnson said
#: Thursday" against the pledge made on Friday.
G7 = [
    "covid-vaccine-pfizer-global-distribution-biden-administration",
    "g-7-to-commit-to-sharing-1-billion-vaccines-worldwide",
    "g7-coronavirus-vaccine-biden-a211671b",
]
#: The infrastructure deal, 23-24 June 2021, five outlets: senators "reached an agreement ...
#: Wednesday", Biden "announced an agreement ... Thursday".
DEAL = [
    "559985-senate-negotiators-white-house-officials-agree-on-infrastructure-framework",
    "2021/06/23/senate-infrastructure-framework-white-house",
    "biden-announces-we-have-a-deal-on-bipartisan-infrastructure-package",
    "bipartisan-senators-joe-biden-strike-infrastructure-deal",
    "2021/06/24/politics/biden-infrastructure-meeting-senators",
]
#: Granholm, 6 June 2021: "the House will begin marking up key parts of the plan on
#: Wednesday" against "Granholm on Sunday slammed ...".
GRANHOLM = [
    "energy-secretary-jennifer-granholm-clock-is-tickin",
    "granholm-senate-republicans-infrastructure-492007",
]


def _conflicts(tmp_path: Path, keys: list[str], kind: str) -> list[dict[str, Any]]:
    doc = analyze([pick_allsides(tmp_path, keys)]).briefing.to_json()
    return [c for s in doc["stories"] for c in s["conflicts"] if c["kind"] == kind]


def test_two_cuts_of_one_statement_are_no_quote_conflict(tmp_path: Path) -> None:
    """The two outlets quote the judge's words on either side of one sentence, each as he
    said them; the card set them against each other as a misquote."""
    assert not _conflicts(tmp_path, CHAUVIN, "quote")


def test_a_sentence_that_gives_both_numbers_is_no_rival_value(tmp_path: Path) -> None:
    """Each outlet gives 24 dead and 121 missing; "people" counts the dead in one and the
    missing in the other, which read as 24 against 121 people."""
    assert not _conflicts(tmp_path, SURFSIDE, "number")


def test_the_day_a_statement_was_made_is_not_the_event_day(tmp_path: Path) -> None:
    assert not _conflicts(tmp_path, G7, "date")


def test_days_only_a_claim_gathered_are_no_date_conflict(tmp_path: Path) -> None:
    """The senators' Wednesday deal and Biden's Thursday announcement are two events; one
    claim held both through a third sentence close to each. Once the senators' words left
    Biden's quote card, Breitbart's "lawmakers announced Wednesday that they had struck a
    deal" aligned with Biden's announcement directly: the day of an announcing is no day of
    the event it announces."""
    assert not _conflicts(tmp_path, DEAL, "date")


def test_the_day_a_plan_is_set_for_is_not_the_event_day(tmp_path: Path) -> None:
    assert not _conflicts(tmp_path, GRANHOLM, "date")


#: Israel's ground attack on Gaza, 13 May 2021: The Hill quotes the army spokesman's words and,
#: apart, a tweet of the army's; the Times quotes his words alone; the Daily Caller's report
#: (the army's words too) puts the tweet on the spokesman's card.
GAZA_TROOPS = [
    "553467-israel-launches-airstrikes-sends-ground-troops",
    "2021/05/13/world/middleeast/israel-gaza-hamas-war.html",
    "2021/05/13/israel-idf-invades-gaza-rocket-attacks-ground-troops-airforce",
]
#: Biden after the Geneva summit, 16-17 June 2021: Fox quotes "What in the hell, ...", The
#: Independent "What the hell, ..." after its own cut-down "I'm not confident."
BIDEN_SUMMIT = [
    "joe-biden-putin-summit-cnn-b1867335",
    "biden-snaps-reporter-over-putin-question-wrong-business",
]


def _quote_values(tmp_path: Path, keys: list[str]) -> list[list[list[str]]]:
    """Each quote conflict's values, as the articles giving each wording."""
    return [[v["article_ids"] for v in c["values"]] for c in _conflicts(tmp_path, keys, "quote")]


def test_an_article_is_no_rival_of_its_own_wording(tmp_path: Path) -> None:
    """The Hill gives both the spokesman's words and the army's tweet, the Times the words
    alone: no outlet gives the tweet against the words, so there is no misquote."""
    hill = analyze([pick_allsides(tmp_path, GAZA_TROOPS[:1], "hill.jsonl")]).briefing.to_json()
    hill_ids = {a["id"] for a in hill["articles"]}
    doc = analyze([pick_allsides(tmp_path, GAZA_TROOPS)]).briefing.to_json()
    cards = [q for s in doc["stories"] for q in s["quotes"] if "ground troops" in q["text"]]
    tweet = [q for q in cards if any("currently attacking" in r["text"] for r in q["renderings"])]
    assert tweet and len({r["article_id"] for r in tweet[0]["renderings"]}) >= 2, cards
    for values in _quote_values(tmp_path, GAZA_TROOPS):
        wordings = [set(ids) for ids in values]
        assert not any(ids <= hill_ids for ids in wordings[1:]), values


def test_a_cut_down_copy_before_the_difference_keeps_the_conflict(tmp_path: Path) -> None:
    """The Independent's "I'm not confident." stops before the words it renders otherwise,
    so it does not give Fox's wording there: "What in the hell" against "What the hell"."""
    values = _quote_values(tmp_path, BIDEN_SUMMIT)
    assert any(len(v) == 2 and set(v[0]) != set(v[1]) for v in values), values


def test_which_wording_is_longer_does_not_decide_the_conflict() -> None:
    """The review's mirror of Biden's case: the outlet whose cut-down copy stops before the
    difference gives neither wording there, whichever wording is the longer."""
    from storyline.models import Quote
    from storyline.reconcile.quote_conflicts import _stand_apart

    def q(article: str, text: str) -> Quote:
        return Quote(article, 0, len(text), text, "direct")

    what = "what do you do all the time?"
    for long_is_the_cut_outlet in (False, True):
        base = [
            q("a", f"What in the hell, {what} I'm not confident."),
            q("b", "I'm not confident."),
        ]
        rival = [q("b", f"What the hell, {what}")]
        if long_is_the_cut_outlet:
            base = [
                q("b", f"What the hell, {what} I'm not confident."),
                q("a", "I'm not confident."),
            ]
            rival = [q("a", f"What in the hell, {what}")]
        assert _stand_apart(base, rival)
    assert not _stand_apart(
        [q("a", f"What the hell, {what}")], [q("a", f"What in the hell, {what}")]
    )
