"""Claim and summary lines a reader sees.

A claim is shown by a sentence that reads whole where one of its sources does (AllSides
excerpts often break off mid-sentence: "Biden named Kilolo Kijakazi as..."). Before, the
claim's line was whichever source sat nearest its centre, a sentence cut off by its excerpt
read as no line at all, and so an outlet that leaves the claim out was not said to. A clause
split from its sentence ("The announcement about the lawsuits comes") is no whole sentence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from allsides_pick import pick_allsides
from storyline import analyze
from storyline.reconcile.align import complete_sentence
from storyline.reconcile.lines import broken_off, whole

#: Biden fires the Social Security commissioner, 9 July 2021 (AllSides dev).
SAUL_FIRED = [
    "joe-biden-business-government-and-politics-b31675f4",
    "andrew-saul-social-security-",
    "biden-fires-social-security-commissioner-andrew-saul",
]


def test_a_whole_sentence_ends_as_one() -> None:
    assert complete_sentence("Biden named Kilolo Kijakazi, the acting commissioner.")
    assert complete_sentence('"We will not stop," he said.')
    assert not complete_sentence("The announcement about the lawsuits comes")
    assert not complete_sentence("Biden named Kilolo Kijakazi as...")
    assert not complete_sentence("and the operator has suspended its work.")


def test_a_claim_is_shown_whole_and_left_out_by_the_outlet_without_it(tmp_path: Path) -> None:
    doc = analyze([pick_allsides(tmp_path, SAUL_FIRED)], out=tmp_path / "out").briefing.to_json()
    (story,) = [s for s in doc["stories"] if len(s["article_ids"]) == 3]
    outlet = {a["id"]: a["outlet"] for a in doc["articles"]}
    named = [c for c in story["claims"] if "Kijakazi" in c["text"]]
    assert len(named) == 1 and len({outlet[s["article_id"]] for s in named[0]["sources"]}) == 2
    (claim,) = named
    assert any(broken_off(s["text"]) for s in claim["sources"])  # one outlet's excerpt breaks off
    assert whole(claim["text"]) and claim["text"] in [s["text"] for s in claim["sources"]]
    (fox,) = [a for a, o in outlet.items() if o.startswith("Fox")]
    assert claim["id"] in story["omissions"][fox]  # Fox does not name the acting commissioner
    # a claim whose line does not read whole has no source that is a whole sentence
    for c in story["claims"]:
        assert whole(c["text"]) or not any(complete_sentence(s["text"]) for s in c["sources"])


#: Haiti's president killed at home, 7 July 2021 (AllSides dev).
MOISE_KILLED = [
    "haitian-president-shot-dead-home-overnight-pm",
    "haitian-president-jovenel-moise-assassinated-at-home",
    "haiti-president-jovenel-moise-killed-home",
]


def test_a_quoted_phrase_in_dispute_leaves_the_event_agreed(tmp_path: Path) -> None:
    """The prime minister's words are given two ways ("hateful, inhumane, and barbaric act" /
    "inhuman and barbaric act"): the conflicts list them, and a summary line that is mostly
    such words is left out (``claims.QUOTED_SHARE``), but the lead that reports the killing
    with a few of them stays: the event is agreed."""
    from storyline.reconcile.claims import QUOTED_SHARE

    doc = analyze([pick_allsides(tmp_path, MOISE_KILLED)]).briefing.to_json()
    (story,) = [s for s in doc["stories"] if len(s["article_ids"]) == 3]
    worded = [c for c in story["conflicts"] if c["kind"] == "quote"]
    spans = {(s["article_id"], s["start"], s["end"]) for c in worded for v in c["values"]
             for s in v["sources"]}  # fmt: skip
    assert any("barbaric" in v["value"] for c in worded for v in c["values"])
    claims = {c["id"]: c for c in story["claims"]}
    shown = [claims[i] for line in story["summary"] for i in line["claim_ids"]]
    assert any("assassinated" in c["text"] for c in shown)
    for c in shown:
        for s in c["sources"]:
            for a, b, e in spans:
                if a == s["article_id"] and s["start"] <= b and e <= s["end"]:
                    assert e - b < QUOTED_SHARE * (s["end"] - s["start"]), c["text"]


def test_a_disputed_quotation_of_two_sentences_contests_both() -> None:
    """A review: a quotation of two sentences is cut into two units, neither of which holds
    its span whole, and so neither was contested, though each is all disputed wording."""
    from storyline.reconcile.claims import Claim, contested_units
    from storyline.reconcile.units import Unit

    text = '"We will rebuild the town. Every house will stand again," the mayor said.'
    cut = text.index("Every")
    first = Unit(0, "a", 0, cut - 1, text[: cut - 1])
    second = Unit(1, "a", cut, len(text), text[cut:])
    claims = [Claim("c0", [first], first, {"a": "f"}), Claim("c1", [second], second, {"a": "f"})]
    quoted = {"article_id": "a", "start": 1, "end": text.index(',"')}
    conflict = {"kind": "quote", "values": [{"normalized": None, "sources": [quoted]}]}
    assert contested_units(claims, [conflict]) == {0, 1}
    number = {"kind": "number", "values": [{"normalized": 3, "sources": [quoted]}]}
    assert contested_units(claims, [number]) == set()  # a count is in a unit or not


def _counted(aid: str, text: str, *values: float) -> Any:
    from storyline.models import Quantity
    from storyline.reconcile.units import Unit

    unit = Unit(0 if aid == "a" else 1, aid, 0, len(text), text)
    for v in values:
        at = text.index(f"{v:g}")
        unit.quantities.append(Quantity(aid, at, at + 4, f"{v:g}%", v, v, unit="percent"))
    return unit


def test_a_summary_line_gives_no_figure_another_source_gives_otherwise() -> None:
    """A new user's trial: "37.3% ... fully vaccinated" was the consensus line of a claim
    whose other outlet gives 39%. Where the two give one figure alike, their other figures
    are more of one report, not rival values (a review)."""
    from storyline.reconcile.claims import Claim
    from storyline.reconcile.lines import _backed

    def claim(a: Any, b: Any) -> Claim:
        return Claim("c", [a, b], a, {"a": "fa", "b": "fb"}, families={"fa", "fb"})

    rival = claim(
        _counted("a", "By Tuesday, 37.3% of adults were fully vaccinated.", 37.3),
        _counted("b", "Some 39% of adults have been fully vaccinated.", 39),
    )
    assert not any(_backed(u, rival) for u in rival.units)
    alike = claim(
        _counted("a", "Prices rose 0.8% in April and 4.2% from a year earlier.", 0.8, 4.2),
        _counted("b", "Prices rose 4.2% from a year earlier; core prices rose 3%.", 4.2, 3),
    )
    assert all(_backed(u, alike) for u in alike.units)
