"""What a quote card shows: the title its source writes, whole; no card for a term the
writer quotes (#15).

Cards of the AllSides dev run read "Vivek Murthy (general)", "Merrick Garland (general)",
"Andrew M. Cuomo (gov)", "Joe Manchin (sen)", "Nicholas Colas (co)", "Ray Jadallah (chief)":
a compound title cut to its last word, an abbreviation lemmatised, a hyphenated word or an
"of" phrase cut off. Real dev articles, none of the briefing gold stories.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from allsides_pick import pick_allsides
from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths
from storyline.models import Quote
from storyline.nlp import load_nlp

PICKED = (
    "cnn.com/2021/07/15/politics/surgeon-general-vaccine-misinformation",
    "nbcnews.com/politics/elections/justice-department-will-announce-lawsuit",
    "nypost.com/2021/07/06/cuomo-unveils-plan-to-combat",
    "nypost.com/2021/06/06/sen-joe-manchin-to-vote-against",
    "marketwatch.com/story/is-this-good-inflation-or-bad-inflation",
    "wsj.com/articles/what-we-know-about-the-miami-area-building-collapse",
    "washingtonpost.com/politics/mcconnell-comes-out-against-jan-6-commission",
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], list[Quote]]:
    """The picked articles' texts by id, and their quotes."""
    path = pick_allsides(tmp_path_factory.mktemp("roles"), PICKED)
    articles = [clean(a) for a in read_paths([path])]
    exs = extract_articles(articles, load_nlp()).extractions
    return {a.id: a.text for a in articles}, [q for ex in exs for q in ex.quotes]


@pytest.fixture(scope="module")
def quotes(run: tuple[dict[str, str], list[Quote]]) -> list[Quote]:
    return run[1]


def _roles(quotes: list[Quote], name: str) -> set[str | None]:
    return {q.speaker_role for q in quotes if q.speaker_name == name}


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Vivek Murthy", "Surgeon General"),  # "US Surgeon General Dr. Vivek Murthy"
        ("Merrick Garland", "Attorney General"),  # "Attorney General Merrick Garland said"
        ("Andrew Cuomo", "Gov."),  # "Gov. Andrew Cuomo", as written, not "gov"
        ("Joe Manchin", "Sen."),
        ("Nicholas Colas", "co-founder"),  # "Nicholas Colas, co-founder of DataTrek ..."
        ("Ray Jadallah", "chief of operations"),  # "Ray Jadallah, chief of operations at ..."
    ],
)
def test_a_title_is_kept_whole_as_written(quotes: list[Quote], name: str, role: str) -> None:
    roles = _roles(quotes, name)
    assert role in roles, roles
    assert not roles & {"general", "gov", "sen", "co", "chief"}


def test_the_institution_before_a_title_is_the_speakers_organisation(
    quotes: list[Quote],
) -> None:
    """ "Senate Minority Leader Mitch McConnell": the role is the title, the Senate is whom
    he speaks for (the card read "leader")."""
    mcc = {(q.speaker_role, q.speaker_org) for q in quotes if q.speaker_name == "Mitch McConnell"}
    assert ("Minority Leader", "Senate") in mcc


def test_every_role_is_written_in_its_article(run: tuple[dict[str, str], list[Quote]]) -> None:
    """A role adds no word its source lacks: each role, as it is, is written in the article
    of its quote (the lemma "gov" of "Gov." was not)."""
    texts, quotes = run
    roles = [(q.speaker_role, q.article_id) for q in quotes if q.speaker_role]
    assert len(roles) >= len(PICKED)
    for role, aid in roles:
        assert role in " ".join(texts[aid].split()), role


def test_a_term_the_writer_quotes_is_no_card(tmp_path: Path) -> None:
    """Fox News on Cori Bush's "birthing people": "The “squad” member" and "the word
    “women”" are the writer's terms in quotation marks, with no one credited and no verb of
    saying; their cards read "Unattributed — “squad”". Bush's own quotations keep theirs."""
    from storyline.pipeline import analyze

    one = pick_allsides(tmp_path, ("foxnews.com/media/rep-cori-bush-birthing-people",))
    [story] = analyze(one).briefing.stories
    texts = {q.text for q in story.quotes}
    assert not texts & {"squad", "women"}
    assert any(q.speaker == "Cori Bush" for q in story.quotes)
