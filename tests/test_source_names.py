"""What a quote card names as its source when no person is named (#15): the whole
description of an unnamed source, a title's "of" phrase, the body whose statement speaks.

A new user's AllSides dev run showed the cards "person" ("a person familiar with the
matter said"), "California Secretary" ("The California Secretary of State said") and
"statement" ("A statement from Netanyahu's office hailed ..."). Real dev articles, none of
the briefing gold stories.
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
    "reuters.com/world/us/trumps-company-braces-expected-unveiling",
    "npr.org/2021/06/10/1005336063/10-senators-say-they-agree",
    "foxnews.com/politics/newsom-recall-effort-verified-signature",
    "nypost.com/2021/05/20/israeli-security-cabinet-agrees-to-cease-fire",
    "cnn.com/2021/05/23/politics/us-intelligence-report-wuhan-lab",
)


def _quotes(root: Path, keys: tuple[str, ...]) -> list[Quote]:
    """Every quote of the AllSides articles picked by ``keys``, as ``extract`` finds them."""
    articles = [clean(a) for a in read_paths([pick_allsides(root, keys)])]
    return [q for ex in extract_articles(articles, load_nlp()).extractions for q in ex.quotes]


@pytest.fixture(scope="module")
def speakers(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The speaker of every quote of the picked articles, as written."""
    return [q.speaker or "" for q in _quotes(tmp_path_factory.mktemp("sources"), PICKED)]


@pytest.mark.parametrize(
    "name",
    [
        "person familiar with the matter",  # not "person"
        "two sources familiar with the negotiations",  # not "two sources"
        "California Secretary of State",  # not "California Secretary"
        "Netanyahu’s office",  # "A statement from Netanyahu’s office hailed", not "statement"
    ],
)
def test_source_named_whole(speakers: list[str], name: str) -> None:
    assert name in speakers


def test_document_speaks_for_its_maker(speakers: list[str]) -> None:
    """ "A State Department fact sheet released by the Trump administration in January said":
    the administration's, as "data released by X" is X's; a description of when a document
    came out is no part of a source's name."""
    assert "Trump administration" in speakers
    assert not any(s.startswith("State Department fact sheet") for s in speakers)


TRAILING = (
    "ibtimes.com/5-million-americans-skipped-second-covid-19-vaccine-shot",
    "latimes.com/california/story/2021-07-15/l-a-county-will-require-masks",
    "nationalreview.com/corner/to-crt-or-not-to-crt",
)


@pytest.fixture(scope="module")
def trailing(tmp_path_factory: pytest.TempPathFactory) -> list[Quote]:
    return _quotes(tmp_path_factory.mktemp("trailing"), TRAILING)


def test_a_noun_read_as_a_verb_is_no_cue(trailing: list[Quote]) -> None:
    """ "are skipping the second COVID-19 vaccine shot, according to data released ... by
    the CDC": the parse made "vaccine shot" a subject and its verb, a cue clause run on from
    "skipping", and the card read "second COVID-19 vaccine"; "can't be determined by school
    boards" gave a card to "school boards"."""
    speakers = {q.speaker for q in trailing}
    assert "second COVID-19 vaccine" not in speakers and "school boards" not in speakers
    assert "U.S. Centers for Disease Control and Prevention" in speakers


def test_a_cue_set_off_by_commas_still_attributes(trailing: list[Quote]) -> None:
    """ "Some exceptions will apply, Davis said, but ...": the comma hangs from the cue."""
    assert any(q.speaker == "Davis" and q.text.startswith("Some exceptions") for q in trailing)
