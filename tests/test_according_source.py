""" "According to data released by X" is X's, and other speakers a cue's subject points to (#15).

AllSides dev, The Hill on the Newsom recall: "... has enough signatures ..., according to data
released by the California secretary of state on Monday" showed "data" as the card's speaker
(a new user's AllSides run). The agent of the participle after the document is its source.
So are the maker "from" whom the data come, the owner of "the CDC's data", and the agent of
"Figures released Thursday by the Labor Department show ..." (an audit of 80 AllSides cards
found "data" as the speaker of six).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from allsides_pick import pick_allsides
from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths

RECALL = ("550372-newsom-recall-effort-in-california",)


def test_the_document_is_not_the_speaker(tmp_path: Path) -> None:
    (art,) = [clean(a) for a in read_paths([pick_allsides(tmp_path, RECALL)])]
    claim = art.text.find("has enough signatures")
    assert claim >= 0 and "released by the California" in art.text[claim : claim + 200]
    (ex,) = extract_articles([art]).extractions
    (q,) = [q for q in ex.quotes if q.start <= claim < q.end]
    assert q.cue == "according to"
    assert q.speaker_name is not None and "secretary of state" in q.speaker_name.lower()


WARNER = ("foxnews.com/politics/former-sen-john-warner-dead-age-94",)


def test_a_role_runs_on_into_its_of_phrase(tmp_path: Path) -> None:
    """Fox News on John Warner's death: "his longtime chief of staff" was cut to "his longtime
    chief"; the recall's source above is "California secretary of state", not "... secretary"."""
    (art,) = [clean(a) for a in read_paths([pick_allsides(tmp_path, WARNER)])]
    role = art.text.find("chief of staff")
    assert role >= 0
    (ex,) = extract_articles([art]).extractions
    end = role + len("chief of staff")
    spans = [(q.speaker_start, q.speaker_end) for q in ex.quotes if q.speaker_start is not None]
    assert any(s <= role and e is not None and e >= end for s, e in spans), spans


MAKERS = (
    ("us-coronavirus-deaths-600000", "The U.S. recorded a grim", "Johns Hopkins University"),
    ("5-million-americans-skipped", "The percentage of those not", "CDC"),
    ("jobless-claims-coronavirus-pandemic-may-1-2021", "applications for the week", "Labor"),
)


@pytest.mark.parametrize(("fragment", "words", "maker"), MAKERS, ids=["from", "owner", "subject"])
def test_a_document_speaks_for_its_maker(
    tmp_path: Path, fragment: str, words: str, maker: str
) -> None:
    (art,) = [clean(a) for a in read_paths([pick_allsides(tmp_path, (fragment,))])]
    at = art.text.find(words)
    assert at >= 0
    (ex,) = extract_articles([art]).extractions
    (q,) = [q for q in ex.quotes if q.start <= at < q.end]
    name = q.speaker_name
    assert name is not None and maker in name and "data" not in name.lower(), name


MCGOWAN = ("foxnews.com/media/rose-mcgowan-pushes-back-on-critics",)


def test_roles_joined_to_a_name_are_that_persons(tmp_path: Path) -> None:
    """Fox News: "Actress and activist Rose McGowan pushed back ..., adding that she also had
    to dispatch ...": the parse makes "Actress" one subject and "Rose McGowan" another, and
    the card's speaker was "Actress"."""
    (art,) = [clean(a) for a in read_paths([pick_allsides(tmp_path, MCGOWAN)])]
    at = art.text.find("that she also had to dispatch")
    assert at >= 0 and art.text.startswith("Actress and activist Rose McGowan")
    (ex,) = extract_articles([art]).extractions
    (q,) = [q for q in ex.quotes if q.start <= at < q.end]
    assert q.speaker_name == "Rose McGowan"


def test_people_released_by_a_body_speak_for_themselves() -> None:
    """Only a document speaks for whoever put it out: "Hostages released by Hamas said ..."
    are the hostages' words (a review of the maker rule, which first gave them to Hamas)."""
    from storyline.ingest import article_from_text

    art = clean(article_from_text('Hostages released by Hamas said, "We were held in tunnels."'))
    (ex,) = extract_articles([art]).extractions
    (q,) = ex.quotes
    assert q.speaker_name is not None and "Hostages" in q.speaker_name
