"""Who a surname or a name after "The" is, on real AllSides dev coverage (a fact-checker's
audit of the AllSides dev briefing: The Hill's "Bush, a nurse and mother of two" was George
W. Bush, named in another article of the run, though the article opens with "Rep. Cori Bush";
"an interview with The Hill" made the outlet Fiona Hill)."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline.extract import extract_articles
from storyline.intake import read_and_clean

#: The Hill on Cori Bush's testimony, and USA Today on Rumsfeld's death (George W. Bush).
BUSH = [
    "552250-bush-testifies-before-congress",
    "donald-rumsfeld-former-presidents-more-react-his-death",
]
#: The Hill on the gas shortages ("In an interview with The Hill on Monday"), and NPR naming
#: Fiona Hill of the Brookings Institution.
HILL = [
    "552913-southeast-sees-gas-shortages-amid-pipeline-shutdown",
    "5-things-to-watch-at-the-biden-putin-summit",
]


def _names(tmp_path: Path, keys: list[str], word: str) -> dict[str, set[tuple[str, str]]]:
    """Per article URL, the (entity name, type) of each mention whose text holds ``word``."""
    articles = list(read_and_clean([pick_allsides(tmp_path, keys)]))
    res = extract_articles(articles)
    ents = {e.id: e for e in res.entities}
    url = {a.id: a.url or "" for a in articles}
    return {
        url[ex.article_id]: {
            (ents[m.entity_id].name, ents[m.entity_id].type)
            for m in ex.mentions
            if word in m.text and m.entity_id in ents
        }
        for ex in res.extractions
    }


def test_a_surname_with_a_role_is_the_person_its_article_names(tmp_path: Path) -> None:
    """ "Bush, a nurse": no Bush of the run is called a nurse, so the role does not pick
    among them; the article's own Cori Bush is the one it means."""
    names = _names(tmp_path, BUSH, "Bush")
    (hill,) = [u for u in names if "bush-testifies" in u]
    assert names[hill] == {("Cori Bush", "PERSON")}
    (usa,) = [u for u in names if "rumsfeld" in u]
    assert ("George W. Bush", "PERSON") in names[usa]


def test_a_name_after_the_is_no_person(tmp_path: Path) -> None:
    names = _names(tmp_path, HILL, "Hill")
    (gas,) = [u for u in names if "gas-shortages" in u]
    assert names[gas] and all(t != "PERSON" for _, t in names[gas])
    (npr,) = [u for u in names if "biden-putin-summit" in u]
    assert ("Fiona Hill", "PERSON") in names[npr]


def test_a_name_that_modifies_a_noun_after_the_stays_a_person() -> None:
    """The review: "The Biden administration" made an organisation called "Biden"."""
    from storyline import article_from_text

    article = article_from_text("The Biden administration said on Monday it would act.", title="x")
    ex = extract_articles([article]).extractions[0]
    assert all(m.label != "ORG" for m in ex.mentions if m.text == "Biden")
