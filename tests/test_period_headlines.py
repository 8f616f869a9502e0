"""A plain-text headline that ends with a full stop is still the headline (a new user's
trial of the input formats: PolNeAR's dev texts all open with "Headline.", a blank line and
the story, and none got a title; the briefing named them by file name)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.ingest import read_paths
from storyline.models import Article

SHARED = Path(__file__).resolve().parents[2] / "shared"
POLNEAR = SHARED / "eval" / "polnear" / "dev" / "text"


@pytest.fixture(scope="module")
def polnear() -> dict[str, Article]:
    if not POLNEAR.exists():
        pytest.skip("PolNeAR dev texts missing")
    return {Path(a.source_path).name: a for a in read_paths([POLNEAR])}


def test_a_headline_ending_in_a_full_stop_is_the_title(polnear: dict[str, Article]) -> None:
    a = polnear["breitbart_2016-09-12_stealth-over-health-hillary-clin.txt"]
    first = a.text.splitlines()[0].strip()
    assert first.endswith(".") and a.title == first
    assert a.title_span is not None and a.text[slice(*a.title_span)] == first


def test_every_title_found_is_the_text_s_first_line(polnear: dict[str, Article]) -> None:
    titled = [a for a in polnear.values() if a.title]
    assert len(titled) > len(polnear) // 3
    for a in titled:
        assert a.title == a.text.lstrip().splitlines()[0].strip()


def test_two_sentences_are_no_headline(polnear: dict[str, Article]) -> None:
    """ "... make history. Again.": two sentences read as a paragraph, not a title."""
    assert polnear["wash-post_2016-09-08_virginian-could-make-history-aga.txt"].title is None


def test_a_lead_sentence_is_no_headline() -> None:
    """The seeds that open with their story's first sentence keep no title."""
    seeds = {
        Path(a.source_path).name[:3]: a for a in read_paths(sorted((SHARED / "seeds").iterdir()))
    }
    assert seeds["003"].title is None and seeds["004"].title is None


def test_a_short_lede_is_no_headline() -> None:
    """AllSides' texts open with their lede, some of one short sentence ("It felt like a gut
    punch."): none is a title (29 were, before a headline had to be in title case)."""
    import json

    from storyline.ingest.metadata import find_title

    allsides = SHARED / "eval" / "allsides" / "articles.jsonl"
    texts = [json.loads(line)["text"] for line in allsides.read_text("utf-8").splitlines()]
    assert [t[:40] for t in texts if find_title(t)] == []
