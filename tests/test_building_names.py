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
