"""Reported speech stops where the writer's aside begins, on PolNeAR dev articles (#15).

PolNeAR's content of "X said that ..." leaves out what the writer adds after it: a relative
clause (", which forced her ..."), a concession (", although he ..."), the source again
(", according to ..."), an apposition that runs to the end, a second cue verb ("and warned
against ..."). The articles are read in place and pointed at by a few of their words; no
sentence is copied here.
"""

from __future__ import annotations

import pytest

from polnear_dev import DEV, extract_dev
from storyline.extract import ExtractResult
from storyline.models import Article, Quote
from storyline.reconcile.quotes import card_quotes

ARTICLES = {
    "fowler": "politico_2016-09-12_former-dnc",  # ", which forced her ..."
    "debate": "wash-post_2016-09-29_the-real",  # ", although he again refused ..."
    "taxes": "politico_2016-10-04_trump-not",  # ", according to ..."
    "eu": "wash-post_2016-09-18_e-u-leaders",  # ", the existing military alliance ..."
    "scott": "wash-post_2016-09-08_virginian",  # "... Rep. Don Beyer (D-Va.), a former ..."
    "latest": "breitbart_2016-10-03_the-latest-trump-s-leaked",  # "... and warned against"
    "returns": "nyt_2016-09-30_keep-the-returns",  # "It's worth noting that ...": no speaker
}

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="PolNeAR dev not in ../shared")


@pytest.fixture(scope="module")
def run() -> tuple[dict[str, Article], ExtractResult]:
    return extract_dev(ARTICLES)


def _reported_from(run, key: str, first_words: str) -> tuple[str, Quote]:  # type: ignore[no-untyped-def]
    arts, res = run
    text = arts[key].text
    at = text.index(first_words)
    ex = next(e for e in res.extractions if e.article_id == arts[key].id)
    hits = [q for q in ex.quotes if q.kind == "reported" and q.start == at]
    assert len(hits) == 1, [(q.start, q.text[:40]) for q in ex.quotes if q.kind == "reported"]
    return text, hits[0]


@pytest.mark.parametrize(
    ("key", "first_words", "aside"),
    [
        ("fowler", "he expects Clinton", ", which"),
        ("debate", "that paying no income", ", although"),
        ("taxes", "Some average Americans", ", according to"),
        ("taxes", "their after-tax incomes", ", according to"),
        ("eu", "resources could be better", ", the existing"),
        ("scott", "that, in addition to Scott", ", a former"),
        ("latest", "he would order a thorough", " and warned"),
    ],
)
def test_reported_speech_ends_before_the_writers_aside(run, key, first_words, aside) -> None:  # type: ignore[no-untyped-def]
    text, q = _reported_from(run, key, first_words)
    assert text[q.end :].startswith(aside), text[q.end : q.end + 30]
    assert q.speaker is not None


def test_a_closing_bracket_stays_with_its_content(run) -> None:  # type: ignore[no-untyped-def]
    text, q = _reported_from(run, "scott", "that, in addition to Scott")
    assert q.text.endswith(")") and q.text.count("(") == q.text.count(")")


def test_reported_speech_with_no_speaker_makes_no_card(run) -> None:  # type: ignore[no-untyped-def]
    """The writer's own "it's worth noting that ..." is no attribution: no quote card."""
    arts, res = run
    art = arts["returns"]
    ex = next(e for e in res.extractions if e.article_id == art.id)
    at = art.text.index("worth noting that") + len("worth noting ")
    writers = [q for q in ex.quotes if q.kind == "reported" and q.start == at]
    assert len(writers) == 1 and writers[0].speaker is None
    cards = card_quotes(ex.quotes, {art.id: art.text})
    assert writers[0] not in cards
    spoken = [q for q in ex.quotes if q.kind == "reported" and q.speaker is not None]
    assert spoken and all(q in cards for q in spoken)
