"""A body named by its building is that body: the Pentagon is the U.S. Department of Defense
(the alias table). A fact-checker's trial of the AllSides dev briefing found Fox's "the
Pentagon" and the Guardian's "US Department of Defense", announcing one decision, under two
speakers and as two entities."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze

#: The Pentagon cancels border wall projects, 30 April 2021 (AllSides dev).
BORDER_WALL = [
    "trump-wall-pentagon-cancels-parts",
    "551227-biden-cancels-military-funded",
    "pentagon-trump-era-border-wall",
]


def test_the_pentagon_is_the_department_of_defense(tmp_path: Path) -> None:
    doc = analyze([pick_allsides(tmp_path, BORDER_WALL)]).briefing.to_json()
    (story,) = doc["stories"]
    outlet = {a["id"]: a["outlet"] for a in doc["articles"]}
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    assert "Pentagon" in texts[next(a for a in outlet if outlet[a].startswith("Fox"))]
    [dod] = [e for e in story["entities"] if "Defense" in e["name"]]
    assert "Pentagon" in dod["aliases"] and not [
        e for e in story["entities"] if e["name"] == "Pentagon"
    ]
    speakers = {
        outlet[r["article_id"]]: q["speaker_entity"]
        for q in story["quotes"]
        for r in q["renderings"]
        if q["speaker_entity"] == dod["id"]
    }
    assert {o.split()[0] for o in speakers} >= {"Fox", "The"}  # Fox News, The Guardian


#: Biden's cybersecurity order, 10-12 May 2021 (AllSides dev): NPR writes "America's", the
#: Washington Examiner "U.S.".
CYBER_ORDER = [
    "996355601/in-wake-of-pipeline-hack-biden-signs-executive-or",
    "concerns-mount-over-bidens-new-cybersecurity-execu",
]


def test_america_is_the_united_states(tmp_path: Path) -> None:
    """ "America" alone was a country of its own beside the United States in 24 AllSides dev
    stories (19 of them naming both), and NPR's "boosting America's ..." a detail no other
    outlet gave."""
    doc = analyze([pick_allsides(tmp_path, CYBER_ORDER)]).briefing.to_json()
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    assert sorted("America" in t for t in texts.values()) == [False, True]
    (story,) = doc["stories"]
    [us] = [e for e in story["entities"] if "America" in (e["name"], *e["aliases"])]
    assert "U.S." in (us["name"], *us["aliases"]) and len(us["article_ids"]) == 2
