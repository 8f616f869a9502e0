"""A company is no person, and one company with or without its legal form (#15).

AllSides dev, three reports of Facebook's two-year suspension of Trump (Daily Wire, HuffPost,
BBC): the BBC's "Facebook Inc." was an entity apart from every outlet's "Facebook", so a card
of one and a card of the other named two speakers. "Inc." says the company's legal form, not
which company it is (``institutions.CORPORATE_FORMS``).
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline.extract import extract_articles
from storyline.models import Article
from storyline.pipeline import read_and_clean

SUSPENSION = (
    "dailywire.com/news/insult-to-the-record-setting-75m-people-trump-slams-facebook",
    "huffpost.com/entry/trump-facebook-ban-two-years",
    "bbc.com/news/world-us-canada-57365628",
)


def test_a_company_with_and_without_its_legal_form_is_one(tmp_path: Path) -> None:
    arts = [a for a in read_and_clean([pick_allsides(tmp_path, SUSPENSION)])]
    arts = [a for a in arts if isinstance(a, Article)]
    assert len(arts) == len(SUSPENSION)
    assert any("Facebook Inc" in a.text for a in arts)
    entities = extract_articles(arts).entities
    named = [e for e in entities if any(f.startswith("Facebook Inc") for f in [e.name, *e.aliases])]
    (company,) = named
    assert "Facebook" in {company.name, *company.aliases}
    assert company.type == "ORG" and len(company.article_ids) == len(SUSPENSION)


PFIZER = (
    "nypost.com/2021/05/04/pfizer-expects-26-billion",
    "nytimes.com/2021/05/04/business/pfizer-covid-vaccine-profits",
    "wsj.com/articles/pfizers-covid-19-vaccine-lifts-quarterly-results",
    "cnn.com/2021/07/08/health/pfizer-waning-immunity",
)


def test_a_name_its_writers_call_its_is_shown_as_no_person(tmp_path: Path) -> None:
    """AllSides dev, Pfizer's results (New York Post, New York Times, Wall Street Journal)
    and its booster (CNN): the small model labels "Pfizer" a person in every mention, and
    CNN's lead "Drugmaker Pfizer said Thursday it is seeing waning immunity from its ..."
    made "Drugmaker Pfizer" the person's full name, on the cards of eight stories. The
    writers call Pfizer "its" and never "he" or "she": it is shown as an organisation, named
    "Pfizer Inc." as the Journal writes it ("Drugmaker" opens a sentence only)."""
    arts = [a for a in read_and_clean([pick_allsides(tmp_path, PFIZER)])]
    arts = [a for a in arts if isinstance(a, Article)]
    assert len(arts) == len(PFIZER)
    result = extract_articles(arts)
    pfizer = [e for e in result.entities if "pfizer" in e.name.lower()]
    assert [(e.type, e.name) for e in pfizer] == [("ORG", "Pfizer Inc.")], pfizer
    assert "Drugmaker Pfizer" in pfizer[0].aliases and len(pfizer[0].article_ids) == len(PFIZER)
