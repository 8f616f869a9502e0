"""Two capitals alone are nobody's name (#15).

AllSides dev: the model tagged "ET" ("... a.m. ET", NBC News on the Surfside collapse) and
"SE" ("BioNTech SE", the New York Post on boosters) as people, and the story pages listed
them among the story's people (a new user's AllSides run).
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths

PICKED = (
    "nbcnews.com/news/us-news/rescuers-rush-partial-building-collapse",
    "nypost.com/2021/07/08/fully-vaccinated-dont-need-booster",
)


def test_no_person_of_two_capitals(tmp_path: Path) -> None:
    arts = [clean(a) for a in read_paths([pick_allsides(tmp_path, PICKED)])]
    assert all(" ET" in a.text or " SE" in a.text for a in arts)
    res = extract_articles(arts)
    people = {e.name for e in res.entities if e.type == "PERSON"}
    assert people and not people & {"ET", "SE"}, people
