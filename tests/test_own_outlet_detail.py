"""An outlet's own name in its report ("issued a statement to Fox News", "confirmed to NPR")
says how the outlet learned the fact, not a detail of the event: it makes no unique line
of that outlet (a fact-checker's fifth trial of the AllSides dev stories found Fox News's and
NPR's names set first as their "unique details"). Read as a user's input, picked by URL."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze
from storyline.reconcile.credits import own_name

#: New York's Trump Organization inquiry turned criminal, 19 May 2021: Fox News, the
#: Washington Post and NPR.
INQUIRY = (
    "998110636/new-york-says-probe",
    "trump-investigation-new-york-attorney-general",
    "trump-organization-probe-now-criminal",
)


def test_an_outlets_own_name_is_no_detail_of_its_report(tmp_path: Path) -> None:
    doc = analyze([pick_allsides(tmp_path, INQUIRY)]).briefing.to_json()
    outlet = {a["id"]: a["outlet"] for a in doc["articles"]}
    (story,) = [s for s in doc["stories"] if len(s["article_ids"]) == 3]
    claims = {c["id"]: c for c in story["claims"]}
    shown = [
        (aid, word)
        for aid, ids in story["unique"].items()
        for cid in ids
        for word in claims[cid].get("detail") or []
    ]
    assert shown  # the story still has detail lines
    assert not [(outlet[a], w) for a, w in shown if own_name(outlet[a], w)]
    # another outlet's name stays a detail where a report credits it
    assert own_name("Fox News (Online News)", "Fox News")
    assert own_name("The Hill", "the Hill") and not own_name("The Hill", "Fiona Hill")
