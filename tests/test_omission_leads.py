"""A story's event, which every source states in its lead, is not left out by an article
whose own headline or lead reports it in other words (the AllSides dev run: The Hill's
"President Biden is canceling projects to build a wall ... using diverted defense funds" was
said to leave out the Pentagon's cancelling of the military-funded wall, and CNBC's "Federal
Judge Dabney Friedrich struck down ... the national eviction moratorium" the judge's vacating
of the moratorium; the Washington Post's "Former president Donald Trump's blog ... is dead"
the deletion of his webpage, which CNBC also restates after its lead)."""

from __future__ import annotations

from pathlib import Path

import pytest

from allsides_pick import pick_allsides
from storyline import analyze

WALL = (
    "biden-cancels-military-funded-border-wall-projects",
    "trump-wall-pentagon-cancels-parts-funded-military-budget",
    "pentagon-trump-era-border-wall-construction-military-funds",
)
EVICTION = (
    "federal-judge-lifts-eviction-ban",
    "u-s-judge-blocks-cdc-s-nationwide-eviction-moratorium",
    "judge-overturns-federal-pandemic-eviction-moratorium",
)

# the event's claim: both outlets' leads and a later sentence of CNBC's restating it
BLOG = (
    "washingtonpost.com/technology/2021/06/02/trump-blog-dead",
    "nationalreview.com/news/trump-shuts-down-his-personal-blog",
    "cnbc.com/2021/06/02/trump-blog-page-shuts-down-for-good",
)


@pytest.mark.parametrize(
    ("keys", "outlet", "words"),
    [
        (WALL, "The Hill", "border wall"),
        (EVICTION, "CNBC", "moratorium on evictions"),
        (BLOG, "Washington Post", "webpage"),
    ],
)
def test_an_article_whose_lead_reports_the_event_does_not_leave_it_out(
    tmp_path: Path, keys: tuple[str, ...], outlet: str, words: str
) -> None:
    doc = analyze([pick_allsides(tmp_path, keys)]).briefing.to_json()
    (story,) = doc["stories"]
    (mine,) = [a["id"] for a in doc["articles"] if a["outlet"] == outlet]
    claims = {c["id"]: c for c in story["claims"]}
    # the event is a claim the two other outlets state in their leads
    event = [c for c in story["claims"] if words in c["text"]]
    assert event and len({s["article_id"] for s in event[0]["sources"]}) == 2
    assert {s["article_id"] for s in event[0]["sources"] if s["start"] == 0} == {
        s["article_id"] for s in event[0]["sources"]
    }
    if keys == BLOG:  # the event is restated below a lead too
        assert any(s["start"] > 0 for s in event[0]["sources"])
    left = [claims[c]["text"] for c in story["omissions"][mine]]
    assert not [t for t in left if words in t], left
