"""One company with or without its legal form (#15).

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
