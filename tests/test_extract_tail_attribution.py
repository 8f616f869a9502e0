"""Who speaks a quote when its sentence does not name them plainly.

A closed quotation followed, in its paragraph, by a sentence that only attributes it: that
sentence's sayer speaks it, however long the sentence ("“…?” CNN's chief White House
correspondent, Kaitlan Collins, asked Biden at the end of the news conference"). A following
sentence with words of its own ("Smith said the plan failed") is its own report. A speaker
written as one member of a group ("the moderate West Virginia Democrat wrote") is a person.

Real articles: AllSides reports, read in place.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths
from storyline.models import Article

ALLSIDES = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "allsides"
# A report that prints a reporter's question, then who asked it, in a sentence of 20 words.
QUESTION_ARTICLE = "4760cdada5f52a2f"

pytestmark = pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides not in ../shared")


def test_a_long_attributing_sentence_names_the_sayer_of_the_quote_before_it() -> None:
    (art,) = [
        clean(a)
        for a in read_paths([ALLSIDES / "articles.jsonl"])
        if isinstance(a, Article) and a.id == QUESTION_ARTICLE
    ]
    (ex,) = extract_articles([art]).extractions
    (question,) = [q for q in ex.quotes if q.kind == "direct" and q.text.endswith("President?")]
    assert question.speaker_name == "Kaitlan Collins" and question.cue == "ask"
    # the sentence after it only attributes: no words of its own are taken as a report
    assert not [q for q in ex.quotes if q.kind == "reported" and q.start > question.end]


# Reports whose speaker is written as one member of a party ("the moderate West Virginia
# Democrat wrote", "The New York Democrat said") after the person is named.
DESCRIBED_SPEAKERS = {"1483aafd22743e19": "Joe Manchin", "4761f1af9c1fb34d": "Chuck Schumer"}


def test_one_member_of_a_group_is_a_person_not_the_group() -> None:
    """A definite singular "Democrat" is the person named before it, never "Democrats"."""
    arts = [
        clean(a)
        for a in read_paths([ALLSIDES / "articles.jsonl"])
        if isinstance(a, Article) and a.id in DESCRIBED_SPEAKERS
    ]
    for ex in extract_articles(arts).extractions:
        text = next(a.text for a in arts if a.id == ex.article_id)
        described = [
            q
            for q in ex.quotes
            if q.speaker and q.speaker.split()[-1] in ("Democrat", "Republican")
        ]
        assert described, ex.article_id
        for q in described:
            assert q.speaker_name == DESCRIBED_SPEAKERS[ex.article_id]
            assert text[q.speaker_start : q.speaker_end] == q.speaker  # the span as written
