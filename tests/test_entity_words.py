"""Entities a fact-checker's trial of AllSides briefings found wrong (stop 53).

- A word made of an English prefix and a name ("anti-Asian" hate, "intra-Democratic" fights,
  a "trans-Atlantic" trip) is a word of the language, not a group or a place
  (``extract.names._PREFIXED``).
- A surname with its generational suffix ("Vance Jr.": the Hill wrote "Cy Vance Jr.", and
  the model read the name from the surname on) is the person named in full with both
  ("Cyrus Vance Jr.", the Washington Examiner's), not a person of its own
  (``extract.persons._join_suffixed_surnames``).
- An illness is no person or organisation, whoever it is named after ("Guillain-Barré
  syndrome"), nor a capitalised noun of a title-case phrase ("COVID-19 Vaccine", where the
  article writes "vaccine") a person (``extract.not_names``); "J&J" is Johnson & Johnson,
  whose initials it is, in the article that writes both (``extract.acronyms._acronym``).
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


#: The FDA's warning on the J&J vaccine, by Reuters, CNN and the New York Post.
FDA_WARNING = [
    "us-announce-new-warning-jj-coronavirus-vaccine",
    "johnson-vaccine-guillain-barre-syndrome-fda",
    "new-warning-to-be-added-to-jj-vaccine",
]


def test_an_illness_and_a_titled_noun_are_no_entities(tmp_path: Path) -> None:
    entities = _entities(tmp_path, FDA_WARNING)
    names = {e["name"] for e in entities}
    assert not any("Guillain" in n for n in names) and "Vaccine" not in names, names
    [jnj] = [e for e in entities if e["name"] == "Johnson & Johnson"]
    assert "J&J" in jnj["aliases"] and len(jnj["article_ids"]) == 3
    assert "J&J" not in names
