"""Quotation marks as outlets really print them, on PolNeAR dev articles (issue #15).

Mixed straight and curly marks, a stray closing mark, short utterances, names in quotation
marks and a quote cut in two by an attribution that names a show. The articles are read in
place (``../shared/eval/polnear/dev/text``) and pointed at by a few words of them; no sentence
is copied here.
"""

from __future__ import annotations

import re

import pytest

from polnear_dev import DEV, extract_dev
from storyline.extract import ExtractResult
from storyline.extract.quotes import is_title
from storyline.models import Article, Quote
from storyline.reconcile.quote_parts import _cue_gap, _list_gap, joined

ARTICLES = {
    "oz": "politico_2016-09-15_trump-s-favorite",  # "…,” said David Gorski; a stray mark
    "axelrod": "politico_2016-09-28_axelrod",  # “…" closed on a straight mark
    "tweet": "huff-post_2016-09-26_one-tweet",  # a straight quotation holding curly ones
    "post": "breitbart_2016-10-02_washington-post",  # “I would,” Melanie said
    "flynn": "politico_2016-09-08_flynn",  # “…,” Flynn, …, said … on “Fox and Friends.” “…”
    "taxes": "breitbart_2016-10-03_the-latest-trump-s-leaked",  # a narrator, then Trump
    "pence": "breitbart_2016-09-25_pence-gennifer",  # a broadcast of “Fox News Sunday,”
    "climate": "nyt_2016-09-08_obama-on-climate",  # a section heading in quotation marks
    "imagine": "usa-today_2016-09-29_can-you-imagine",  # calls people "…" and "…"
    "boasted": "huff-post_2016-09-27_hillary-clinton-goes",  # “… smart.” Trump was ..., “…”
}

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="PolNeAR dev not in ../shared")


@pytest.fixture(scope="module")
def run() -> tuple[dict[str, Article], ExtractResult]:
    return extract_dev(ARTICLES)


def _quotes(run: tuple[dict[str, Article], ExtractResult], key: str) -> tuple[str, list[Quote]]:
    arts, res = run
    ex = next(e for e in res.extractions if e.article_id == arts[key].id)
    return arts[key].text, [q for q in ex.quotes if q.kind != "reported"]


def _at(quotes: list[Quote], pos: int) -> Quote:
    hits = [q for q in quotes if q.start <= pos < q.end]
    assert len(hits) == 1, hits
    return hits[0]


def test_straight_and_curly_marks_close_each_other(run) -> None:  # type: ignore[no-untyped-def]
    text, qs = _quotes(run, "oz")
    cue = text.index("said David Gorski")
    first = _at(qs, text.rindex("Oz has", 0, cue))  # opened straight, closed curly
    second = _at(qs, text.index("He can", cue))
    assert first.end < cue < second.start
    assert first.speaker_name == second.speaker_name == "David Gorski"
    text, qs = _quotes(run, "axelrod")
    last = text.index("pull that back")
    q = _at(qs, last)  # opened curly, closed straight at the paragraph's end
    assert q.kind == "direct" and q.speaker_name == "David Axelrod"
    assert text[q.end : q.end + 2].startswith(('."', '"'))


def test_stray_closing_mark_opens_nothing(run) -> None:  # type: ignore[no-untyped-def]
    """A straight mark after a word with no quotation open is a closing mark the source left
    behind: the next pair of marks still holds just its own words."""
    text, qs = _quotes(run, "oz")
    assert re.search(r'\w" including', text)  # the stray mark is there
    q = _at(qs, text.index("medical records"))
    assert q.text == "medical records"


def test_straight_quotation_holding_curly_ones_is_one_quote(run) -> None:  # type: ignore[no-untyped-def]
    text, qs = _quotes(run, "tweet")
    inner = text.index("“too loud”")
    q = _at(qs, inner - 20)
    assert q.end > inner and text[q.end] == '"'


def test_short_utterance_before_its_speaker_is_direct(run) -> None:  # type: ignore[no-untyped-def]
    text, qs = _quotes(run, "post")
    at = text.index("I would,” Melanie")
    first = _at(qs, at)
    second = _at(qs, text.index("I would, Donald"))
    assert (first.kind, second.kind) == ("direct", "direct")
    assert first.speaker_name == second.speaker_name == "Melanie"


def test_cue_gap_with_a_named_show_joins_a_cut_quote(run) -> None:  # type: ignore[no-untyped-def]
    """“…,” X said on Fox News's “Fox and Friends.” “…”: the show's name in quotation marks
    is part of the attribution, so the two parts are one rendering; two sentences of the
    writer between two quotes ("… a narrator asks. The spot ends with Trump saying “…") are
    more than an attribution."""
    text, qs = _quotes(run, "flynn")
    show = text.index("Fox and Friends")
    a = max((q for q in qs if q.end < show and q.kind == "direct"), key=lambda q: q.end)
    b = min((q for q in qs if q.start > show + len("Fox and Friends")), key=lambda q: q.start)
    assert _cue_gap(text, a, b) and not _list_gap(text, a, b)
    text, qs = _quotes(run, "taxes")
    asks = text.index("a narrator in the Clinton ad asks")
    a = max((q for q in qs if q.end < asks), key=lambda q: q.end)
    b = min((q for q in qs if q.start > asks), key=lambda q: q.start)
    assert not _cue_gap(text, a, b)


def test_show_name_with_the_writers_comma_is_a_title(run) -> None:  # type: ignore[no-untyped-def]
    arts, _ = run
    text = arts["pence"].text
    s = text.index("Fox News Sunday")
    assert text[s + len("Fox News Sunday")] == ","
    assert is_title(text, s, s + len("Fox News Sunday"))


def test_section_heading_in_quotation_marks_is_a_title(run) -> None:  # type: ignore[no-untyped-def]
    arts, _ = run
    text = arts["climate"].text
    s = text.index("All Bets Are Off")
    e = s + len("All Bets Are Off.")
    assert text[text.rfind("\n", 0, s) + 1 : s] in ("'", '"', "“", "‘")  # the whole line
    assert is_title(text, s, e)


def test_a_list_of_quoted_words_is_one_rendering(run) -> None:  # type: ignore[no-untyped-def]
    """Two partial quotes with only "and" between their marks are items of one list."""
    text, qs = _quotes(run, "imagine")
    m = re.search(r'"(\w+)" and "(\w+)\.?"', text)
    assert m is not None
    a, b = _at(qs, m.start(1)), _at(qs, m.start(2))
    assert a.kind == b.kind == "partial" and joined(text, a, b)


def test_reported_speech_inside_an_attribution_does_not_part_a_cut_quote(run) -> None:  # type: ignore[no-untyped-def]
    """“…,” she said of the election, in which she was sure ... “…”: the belief reported
    inside the attribution sits between the two parts, which are still one quotation."""
    from storyline.reconcile.quote_groups import join_cue_splits

    arts, res = run
    art = arts["post"]
    ex = next(e for e in res.extractions if e.article_id == art.id)
    text = art.text
    a = _at([q for q in ex.quotes if q.kind != "reported"], text.index("finished,” she said"))
    b = min(
        (q for q in ex.quotes if q.kind != "reported" and q.start > a.end), key=lambda q: q.start
    )
    between = [q for q in ex.quotes if q.kind == "reported" and a.end < q.start < b.start]
    assert between and _cue_gap(text, a, b)
    quotes = [a, *between, b]
    groups = join_cue_splits([[0], [1], [2]], quotes, {art.id: text}, _NoClash())
    assert [0, 2] in groups


class _NoClash:
    """Pairs whose speakers never clash (the two parts share theirs)."""

    def speakers(self, i: int, k: int) -> str:
        return "same"


def test_a_part_closed_on_a_stop_then_a_sentence_of_the_writer_is_no_cut_quote(run) -> None:  # type: ignore[no-untyped-def]
    text, qs = _quotes(run, "boasted")
    stop = text.index("makes me smart.")
    a = _at(qs, stop)
    b = min((q for q in qs if q.start > a.end), key=lambda q: q.start)
    assert text[a.end - 1] == "." and not _cue_gap(text, a, b)
