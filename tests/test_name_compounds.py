"""Names the model reads as one that are none, or two (#15, point 5: a name is a name).

A fact-checker's trial of the AllSides dev briefing listed "U.S.-Mexico" (of "the U.S.-Mexico
border") as an organisation, "U.S.-Canada" as a country, "COVID-19" as an organisation in 31
stories, and "Covid" as a person (and "Politico" in 4). Real dev articles (``extract.compounds``,
``entities._vote_types``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from allsides_pick import picked_extraction
from storyline.extract import ExtractResult
from storyline.models import Article

BORDER = "thehill.com/homenews/campaign/560747-noem-to-send-50"  # "U.S.-Mexico border"
KEYSTONE = "cnbc.com/2021/06/09/tc-energy-terminates-keystone"  # "U.S.-Canada relations"
SECOND_DOSE = "newsmax.com/headline/americans-coronavirus-vaccine-second-shot"  # "Moderna COVID-19"
COVID = "cnbc.com/2021/07/06/bidens-new-covid-vaccine-push"  # "Covid"
COVID_CAPS = "cbsnews.com/news/covid-vaccine-pfizer-global-distribution"  # "COVID"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Article], ExtractResult]:
    keys = (BORDER, KEYSTONE, SECOND_DOSE, COVID, COVID_CAPS)
    return picked_extraction(tmp_path_factory.mktemp("compounds"), keys)


def _mentions(run: tuple[list[Article], ExtractResult], key: str):  # type: ignore[no-untyped-def]
    articles, result = run
    [art] = [a for a in articles if key in (a.url or "")]
    [ex] = [ex for ex in result.extractions if ex.article_id == art.id]
    return art, ex.mentions


@pytest.mark.parametrize(("key", "pair"), [(BORDER, "U.S.-Mexico"), (KEYSTONE, "U.S.-Canada")])
def test_two_places_joined_by_a_hyphen_are_the_two_places(
    run: tuple[list[Article], ExtractResult], key: str, pair: str
) -> None:
    art, mentions = _mentions(run, key)
    at = art.text.index(pair)
    first, _, second = pair.partition("-")
    found = {(m.start, m.text) for m in mentions if at <= m.start < at + len(pair)}
    assert found == {(at, first), (at + len(first) + 1, second)}
    types = {e.id: e.type for e in run[1].entities}
    assert {types[m.entity_id or ""] for m in mentions if at <= m.start < at + len(pair)} == {"GPE"}
    assert not [e for e in run[1].entities if pair in (e.name, *e.aliases)]


def test_a_code_of_letters_and_digits_is_no_name(run: tuple[list[Article], ExtractResult]) -> None:
    art, mentions = _mentions(run, SECOND_DOSE)
    assert art.text.count("COVID-19") >= 2
    assert not [m for m in mentions if "COVID-19" in m.text]
    at = art.text.index("Moderna COVID-19")
    assert [m.text for m in mentions if m.start == at] == ["Moderna"]
    assert not [e for e in run[1].entities if "COVID-19" in e.name]


def test_a_name_some_article_writes_in_capitals_is_no_person(
    run: tuple[list[Article], ExtractResult],
) -> None:
    """CNBC's "Covid", tagged a person, is CBS's "COVID": an acronym, no one's name."""
    [entity] = [e for e in run[1].entities if e.name.lower() == "covid"]
    assert entity.type == "ORG", entity


#: Three courts of appeals (AllSides dev): the 4th, 5th and 9th Circuits.
CIRCUITS = {
    "4th": "supreme-court-declines-to-take-up-transgender-bathroom",
    "5th": "supreme-court-agrees-to-hear-major-abortion-case",
    "9th": "arizona-ballot-harvesting-ban-is-legal-supreme-court",
}


def test_names_that_differ_in_a_number_are_two(tmp_path: Path) -> None:
    """A fact-checker's trial found the 4th, 5th and 9th Circuit courts as one entity, named
    "5th U.S. Circuit Court of Appeals": their names are alike but for the number."""
    articles, result = picked_extraction(tmp_path, list(CIRCUITS.values()))
    names = {e.id: e for e in result.entities}
    for ordinal, key in CIRCUITS.items():
        [art] = [a for a in articles if key in (a.url or "")]
        [ex] = [ex for ex in result.extractions if ex.article_id == art.id]
        [eid] = {m.entity_id for m in ex.mentions if "Circuit" in m.text}
        court = names[eid or ""]
        assert court.name.startswith(ordinal), court
        assert all(f.startswith(ordinal) for f in court.aliases), court


def test_a_news_outlet_is_an_organisation(tmp_path: Path) -> None:
    """The New York Times' "the median forecast in a Bloomberg survey": the model's place,
    and "Bloomberg" a country of 4 AllSides dev stories (a fact-checker's trial). A name of
    the shipped outlet table is an organisation unless the run names a person so."""
    keys = [
        "nytimes.com/2021/05/12/business/consumer-price-inflation-April",
        "2021-06-17/u-s-jobless-claims-rose-last-week",
        "2021-06-03/u-s-jobless-claims-dip-below-400-000",
        "2021-05-06/u-s-jobless-claims-fall-more-than-forecast",
        "major-websites-experience-outages-including-new-york-times",
    ]
    articles, result = picked_extraction(tmp_path, keys)
    assert any("a Bloomberg survey" in a.text for a in articles)
    [bloomberg] = [e for e in result.entities if e.name == "Bloomberg"]
    assert bloomberg.type == "ORG"
