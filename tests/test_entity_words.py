"""Entities a fact-checker's trial of AllSides briefings found wrong (stop 53).

- A word made of an English prefix and a name ("anti-Asian" hate, "intra-Democratic" fights,
  a "trans-Atlantic" trip) is a word of the language, not a group or a place
  (``extract.names._PREFIXED``).
- A surname with its generational suffix ("Vance Jr.": the Hill wrote "Cy Vance Jr.", and
  the model read the name from the surname on) is the person named in full with both
  ("Cyrus Vance Jr.", the Washington Examiner's), not a person of its own
  (``extract.persons._join_suffixed_surnames``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from allsides_pick import pick_allsides
from storyline.pipeline import analyze

#: Vox on the anti-Asian hate crimes bill, the Times's Carville column, the Post on Biden's
#: first trip abroad (AllSides dev).
PREFIXED = [
    "senate-anti-asian-hate-crimes-bill",
    "opinion/democrats-james-carville",
    "wh-reveals-bidens-first-overseas-trip-will-be-to-europe",
]
#: The Manhattan grand jury on the Trump Organization, by the Hill and the Examiner.
VANCE = [
    "555404-manhattan-da-convenes-grand-jury-expected-to-weigh-trump-evidence",
    "manhattan-da-grand-jury-weigh-charges-trump",
]


def _entities(root: Path, keys: list[str]) -> list[dict[str, Any]]:
    stories = analyze(pick_allsides(root, keys)).briefing.to_json()["stories"]
    return [e for s in stories for e in s["entities"]]


def test_a_prefixed_name_is_no_entity(tmp_path: Path) -> None:
    entities = _entities(tmp_path, PREFIXED)
    names = {e["name"] for e in entities} | {a for e in entities for a in e["aliases"]}
    assert not {"anti-Asian", "intra-Democratic", "trans-Atlantic"} & names, names
    assert any("Carville" in n for n in names)  # the names around them are still read


def test_a_surname_with_its_suffix_is_the_person_named_in_full(tmp_path: Path) -> None:
    vance = [e for e in _entities(tmp_path, VANCE) if "Vance" in e["name"]]
    assert len(vance) == 1 and vance[0]["name"] == "Cyrus Vance Jr.", vance
    assert len(vance[0]["article_ids"]) == 2
