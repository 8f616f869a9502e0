"""Speakers a new user's AllSides dev trials found wrong, each on its real article.

- BBC (the ruling on Trump's Facebook ban): the ban "has been upheld by" the board, "it
  criticised" the ban's permanence "beyond the scope of Facebook's normal penalties", and "It
  has ordered Facebook to ... “justify a proportionate response”": the card was Facebook's
  (the last body named, inside a possessive); the passive's doer, the board, ordered it.
- The New York Post: a group "is suspected to be behind a “colossal” ransomware attack ...
  just weeks after President Biden boasted about ...": "colossal" went to Biden, the nearest
  verb of saying, in the "after" clause. The word is the Post's.
- CNN: "The offer of a universal tool reflects ... to negotiate with, researcher Allan Liska
  at cybersecurity firm Recorded Future said.": the parse made the firm the subject and ran
  the words on over "researcher Allan Liska at"; the card read Recorded Future.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from allsides_pick import ALLSIDES, pick_allsides
from storyline.extract import ExtractResult

pytestmark = pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")


def _extract(tmp_path: Path, key: str) -> tuple[str, ExtractResult]:
    """One AllSides dev article's text and extraction, by a part of its URL."""
    from storyline.extract import extract_articles
    from storyline.ingest import read_paths
    from storyline.models import Article

    src = pick_allsides(tmp_path, [key])
    (article,) = [a for a in read_paths([src]) if isinstance(a, Article)]
    return article.text, extract_articles([article])


def test_it_is_the_body_that_upheld_the_ban(tmp_path: Path) -> None:
    _, res = _extract(tmp_path, "bbc.com/news/technology-56985583")
    names = {e.id: e.name for e in res.entities}
    (ordered,) = [q for q in res.extractions[0].quotes if "proportionate response" in q.text]
    assert ordered.speaker == "It"
    assert "Oversight Board" in names[ordered.speaker_entity or ""]


def test_the_post_s_word_is_not_the_boast_s(tmp_path: Path) -> None:
    _, res = _extract(tmp_path, "nypost.com/2021/07/05/russian-hackers-seemingly-behind")
    quotes = res.extractions[0].quotes
    (word,) = [q for q in quotes if q.text.strip('“”"') == "colossal"]
    assert word.speaker is None and word.cue_start is None


def test_the_researcher_speaks_not_the_firm(tmp_path: Path) -> None:
    text, res = _extract(tmp_path, "cnn.com/2021/07/05/business/ransomware-group-payment-kaseya")
    names = {e.id: e.name for e in res.entities}
    quotes = res.extractions[0].quotes
    (offer,) = [q for q in quotes if q.text.startswith("The offer of a universal tool")]
    assert names[offer.speaker_entity or ""] == "Allan Liska"
    assert offer.text.endswith("to negotiate with")
    assert text[offer.start : offer.end] == offer.text
