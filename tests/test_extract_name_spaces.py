"""A canonical name reads with plain spaces whatever blanks its source put inside it (issue
#15: entity names kept an inner no-break space), while every mention keeps its exact span.

Three PolNeAR train articles (``../shared/eval/polnear/train/text``), read in place, write
names with a no-break space between first name and surname (one of them writes a name both
ways); they are extracted together, as one run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.extract import ExtractResult, extract_articles
from storyline.models import Article

TRAIN = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "polnear" / "train"
# Name prefixes of the articles: each writes a speaker's full name with a no-break space.
PREFIXES = (
    "west-journal_2016-06-20_media-reports",
    "west-journal_2016-07-28_obama-claims",
    "breitbart_2016-03-20_ted-cruz",  # a name with a plain space and with a no-break space
)
NBSP = "\xa0"

pytestmark = pytest.mark.skipif(not TRAIN.is_dir(), reason="PolNeAR train not in ../shared")


@pytest.fixture(scope="module")
def run() -> tuple[list[Article], ExtractResult]:
    paths = [next((TRAIN / "text").glob(f"{p}*.txt")) for p in PREFIXES]
    arts = [
        Article(id=p.stem, source_path=str(p), text=p.read_text("utf-8"), fmt="txt") for p in paths
    ]
    return arts, extract_articles(arts)


def test_names_and_aliases_have_plain_spaces_and_mentions_exact_spans(run) -> None:  # type: ignore[no-untyped-def]
    arts, res = run
    texts = {a.id: a.text for a in arts}
    spaced = [m for ex in res.extractions for m in ex.mentions if NBSP in m.text and m.entity_id]
    assert spaced, "the articles name someone with a no-break space"
    names = {e.id: e for e in res.entities}
    for m in spaced:
        assert texts[m.article_id][m.start : m.end] == m.text  # the citation stays exact
        entity = names[m.entity_id]
        assert entity.name == " ".join(m.text.split()) or " ".join(m.text.split()) in entity.aliases
    for e in res.entities:
        for form in (e.name, *e.aliases):
            assert form == " ".join(form.split()), (e.name, form)


def test_a_name_written_both_ways_is_one_entity_and_one_form(run) -> None:  # type: ignore[no-untyped-def]
    _, res = run
    mentions = [m for ex in res.extractions for m in ex.mentions if m.entity_id]
    spaced = {" ".join(m.text.split()) for m in mentions if NBSP in m.text}
    both = [m for m in mentions if " ".join(m.text.split()) in spaced and NBSP not in m.text]
    assert both, "an article writes a name with a plain space and with a no-break space"
    names = {e.id: e for e in res.entities}
    for plain in both:
        twins = [
            m for m in mentions if m.text != plain.text and m.text.split() == plain.text.split()
        ]
        assert {m.entity_id for m in twins} == {plain.entity_id}
        entity = names[plain.entity_id or ""]
        assert [f for f in (entity.name, *entity.aliases) if f.split() == plain.text.split()] == [
            plain.text
        ]


def test_a_speaker_written_with_a_no_break_space_reads_plainly(run) -> None:  # type: ignore[no-untyped-def]
    _, res = run
    quotes = [q for ex in res.extractions for q in ex.quotes if q.speaker and NBSP in q.speaker]
    assert quotes, "a quote's speaker is written with a no-break space"
    assert all(q.speaker_name and NBSP not in q.speaker_name for q in quotes)


ALLSIDES = TRAIN.parents[1] / "allsides" / "articles.jsonl"
# An AllSides report that names a university with a no-break space after its first word.
SPLIT_NAME_ARTICLE = "bd6b2bc98846dbfa"


@pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides not in ../shared")
def test_a_no_break_space_does_not_cut_a_name_in_two() -> None:
    """spaCy keeps a no-break space as a token of its own, and the model, trained on plain
    spaces, cut the name at it ("Texas" and "Southern University"); the parser now reads a
    plain space there, and the mention still cites the source's exact characters."""
    from storyline.clean import clean
    from storyline.ingest import read_paths
    from storyline.nlp import parse_text

    (art,) = [
        clean(a)
        for a in read_paths([ALLSIDES])
        if isinstance(a, Article) and a.id.startswith(SPLIT_NAME_ARTICLE)
    ]
    assert NBSP in art.text and NBSP not in parse_text(art)
    assert len(parse_text(art)) == len(art.text)
    (ex,) = extract_articles([art]).extractions
    texts = {m.text for m in ex.mentions}
    assert f"Texas{NBSP}Southern University" in texts
    assert "Southern University" not in texts
    assert all(art.text[m.start : m.end] == m.text for m in ex.mentions)
