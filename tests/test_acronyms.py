"""An acronym an article defines in brackets is the name it follows, run-wide, and "Department
of Labor" is the "Labor Department" (#15, point 5).

A new user's trial on AllSides dev found "LAPD", "IDF" and "EIA" nowhere among the entities
(the model tags none of them) and the "CDC" of eleven stories an entity apart from the
"Centers for Disease Control and Prevention" beside it (its initials are CFDCAP); the
Department of Labor of Breitbart's jobless-claims reports and the Labor Department of
Bloomberg's were two bodies. Real dev articles, none of the briefing gold stories
(``extract.acronyms``, ``extract.institutions``).
"""

from __future__ import annotations

import pytest

from allsides_pick import picked_extraction
from storyline.extract import ExtractResult
from storyline.extract.acronyms import abbreviates, defined_after
from storyline.models import Article

LAPD = "cnn.com/2021/05/20/us/los-angeles-police-investigating-restaurant"
IDF = "thehill.com/policy/international/middle-east-north-africa/553467"
EIA = "nationalreview.com/news/gas-prices-hit-highest-point-since-2014"
CDC = "cbsnews.com/news/cdc-guidance-face-mask-outdoors"
# writes "CDC" twice and never the name it stands for
CDC_ALONE = "dailycaller.com/2021/05/10/fda-pfizer-vaccine-coronavirus-children"
LABOR_OF = "breitbart.com/economy/2021/06/03/jobless-claims-may"
LABOR = "bloomberg.com/news/articles/2021-06-03/u-s-jobless-claims-dip-below"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Article], ExtractResult]:
    keys = (LAPD, IDF, EIA, CDC, CDC_ALONE, LABOR_OF, LABOR)
    return picked_extraction(tmp_path_factory.mktemp("acronyms"), keys)


@pytest.mark.parametrize(
    ("key", "acronym", "words"),
    [
        (LAPD, "LAPD", "Police Department"),
        (IDF, "IDF", "Defense Force"),
        (EIA, "EIA", "Energy Information Administration"),
        (CDC, "CDC", "Centers for Disease Control"),
    ],
)
def test_every_use_of_a_defined_acronym_is_the_name(
    run: tuple[list[Article], ExtractResult], key: str, acronym: str, words: str
) -> None:
    articles, result = run
    [art] = [a for a in articles if key in (a.url or "")]
    [ex] = [ex for ex in result.extractions if ex.article_id == art.id]
    [entity] = [e for e in result.entities if words in e.name and art.id in e.article_ids]
    assert acronym in entity.aliases, entity
    uses = [m for m in ex.mentions if m.text == acronym]
    assert len(uses) == art.text.count(acronym)  # the bracketed one and any later, each
    assert {m.entity_id for m in uses} == {entity.id}


def test_an_acronym_defined_in_one_article_is_that_name_in_another(
    run: tuple[list[Article], ExtractResult],
) -> None:
    articles, result = run
    [art] = [a for a in articles if CDC_ALONE in (a.url or "")]
    [ex] = [ex for ex in result.extractions if ex.article_id == art.id]
    [entity] = [e for e in result.entities if e.name.endswith("Disease Control and Prevention")]
    uses = [m for m in ex.mentions if m.text == "CDC"]
    assert len(uses) == 2 and {m.entity_id for m in uses} == {entity.id}


def test_a_bracketed_party_or_unrelated_letters_define_nothing() -> None:
    """A definition names its own name's initials, in order, from its first word or to its
    last; a senator's party and state, or letters of another name, are no definition."""
    text = "the Department of Health and Human Services (HHS) and Sen. Tom Cotton (R-Ark.)"
    hhs = text.index(" (HHS)")
    assert defined_after(text, hhs, "department of health and human services".split()) == "hhs"
    assert defined_after(text, len(text) - len(" (R-Ark.)"), ["tom", "cotton"]) == ""
    assert not abbreviates("kss", "los angeles police department".split())
    assert not abbreviates("dpl", "los angeles police department".split())  # out of order
    assert abbreviates("lapd", "los angeles police department".split())


def test_a_department_of_x_is_the_x_department(run: tuple[list[Article], ExtractResult]) -> None:
    articles, result = run
    ids = {k: a.id for a in articles for k in (LABOR_OF, LABOR) if k in (a.url or "")}
    [labor] = [e for e in result.entities if "Labor" in e.name and e.type == "ORG"]
    assert {"Department of Labor", "Labor Department"} <= {labor.name, *labor.aliases}
    assert set(ids.values()) <= set(labor.article_ids)
