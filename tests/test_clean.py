"""Cleaning: boilerplate lines lose all prose, real sentences keep all of theirs.

The seed gold (tests/gold/seeds.clean.json) names every non-empty line of the five seed
articles as boilerplate or real prose, by line number and first words; the words are checked
against the file so the gold cannot drift from the seeds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.clean import clean, explain, prose_text
from storyline.models import Article

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
GOLD = json.loads((Path(__file__).parent / "gold" / "seeds.clean.json").read_text("utf-8"))


def _seed(stem: str) -> Article:
    path = SEEDS / f"{stem}.txt"
    return Article(id=stem, source_path=str(path), text=path.read_text(encoding="utf-8"), fmt="txt")


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, 1-based lines at index ``n - 1``."""
    spans, pos = [], 0
    for chunk in text.splitlines(keepends=True):
        content = chunk.rstrip("\r\n")
        spans.append((pos, pos + len(content)))
        pos += len(chunk)
    return spans


def _mask(article: Article) -> list[bool]:
    mask = [False] * len(article.text)
    for s, e in article.prose:
        mask[s:e] = [True] * (e - s)
    return mask


def _cleaned(text: str, title: str | None = None) -> Article:
    return clean(Article(id="t", source_path="t.md", text=text, fmt="md", title=title))


def _prose_of(article: Article) -> str:
    return " ".join(prose_text(article).split())


def _fully_kept(article: Article, part: str) -> bool:
    start = article.text.index(part)
    mask = _mask(article)
    return all(mask[i] or article.text[i].isspace() for i in range(start, start + len(part)))


def _none_kept(article: Article, part: str) -> bool:
    start = article.text.index(part)
    return not any(_mask(article)[start : start + len(part)])


# --- the five real seed articles -----------------------------------------------------------


def test_gold_covers_all_five_seeds() -> None:
    assert sorted(GOLD) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert len(GOLD) == 5


@pytest.mark.parametrize("stem", sorted(GOLD))
def test_seed_gold_matches_file(stem: str) -> None:
    """Every non-empty line is in the gold exactly once, under its real first words."""
    lines = _seed(stem).text.splitlines()
    gold = GOLD[stem]
    listed = [e["line"] for e in gold["boilerplate"] + gold["prose"]]
    assert sorted(listed) == [n for n, line in enumerate(lines, 1) if line.strip()]
    for entry in gold["boilerplate"] + gold["prose"]:
        assert len(entry["words"].split()) <= 4
        line = lines[entry["line"] - 1].strip()
        head = entry.get("prefix", "")
        assert line.startswith(f"{head} {entry['words']}".strip()), (stem, entry)


@pytest.mark.parametrize("stem", sorted(GOLD))
def test_seed_boilerplate_removed_and_sentences_kept(stem: str) -> None:
    article = clean(_seed(stem))
    text, mask, lines = article.text, _mask(article), _line_spans(article.text)
    assert all(0 <= s < e <= len(text) for s, e in article.prose)
    for entry in GOLD[stem]["boilerplate"]:
        s, e = lines[entry["line"] - 1]
        assert not any(mask[s:e]), (stem, entry, text[s:e])
    for entry in GOLD[stem]["prose"]:
        s, e = lines[entry["line"] - 1]
        body = text.index(entry["words"], s)
        assert not any(mask[s:body]), (stem, entry, "metadata prefix kept")
        end = s + len(text[s:e].rstrip())
        missing = [i for i in range(body, end) if not mask[i] and not text[i].isspace()]
        assert not missing, (stem, entry, text[missing[0] : missing[0] + 20])


@pytest.mark.parametrize("stem", sorted(GOLD))
def test_seed_title_span(stem: str) -> None:
    article = clean(_seed(stem))
    line_no = GOLD[stem]["title_line"]
    if line_no is None:
        assert article.title_span is None
        return
    s, e = _line_spans(article.text)[line_no - 1]
    ts, te = article.title_span or (-1, -1)
    assert s <= ts < te <= e
    headline = article.text[ts:te]
    assert headline == article.text[s:e].lstrip("# ").rstrip()
    assert not headline.startswith("#")


def test_seed_repeated_headline_found_again() -> None:
    """002 repeats its title mid-body: the repeat is found by text, not by line number."""
    article = clean(_seed("002_6e39059120174e30"))
    ts, te = article.title_span or (0, 0)
    headline = article.text[ts:te]
    second = article.text.index(headline, te)
    assert not any(_mask(article)[second : second + len(headline)])
    assert "repeated headline" in {v.reason for v in explain(article)}


@pytest.mark.parametrize("stem", sorted(GOLD))
def test_clean_and_explain_leave_their_article_alone(stem: str) -> None:
    """Stage 2 gives a marked copy: the article read by ingest keeps its fields (a reader's
    headline span included), ``explain`` only reads, and cleaning a copy again changes
    nothing (``cleaned`` takes an article with prose as cleaned)."""
    from dataclasses import asdict

    from storyline.clean import cleaned

    read = _seed(stem)
    read.title_span = (0, 1)  # what a reader might have said; cleaning decides again
    before = asdict(read)
    verdicts = explain(read)
    out = clean(read)
    assert asdict(read) == before
    assert out is not read and out.text == read.text and out.prose
    assert [v.keep for v in verdicts if v.reason == "prose"] == [
        v.keep for v in explain(out) if v.reason == "prose"
    ]
    again = clean(out)
    assert (again.prose, again.title_span) == (out.prose, out.title_span)
    assert cleaned(out) is out
    assert (cleaned(read).prose, cleaned(read).title_span) == (out.prose, out.title_span)


# --- one small case per boilerplate kind ---------------------------------------------------

BODY_A = "The council approved the new budget on Monday after a long debate."
BODY_B = "Opposition members said they would appeal the decision in court."


@pytest.mark.parametrize(
    "noise",
    [
        # The comment-form lines are spread out: in their usual order they would repeat a
        # seed page's comment form word for word, and seed text stays out of the project.
        "Advertisement",
        "Leave a Reply",
        "Share the Story",
        "Share on Facebook",
        "Your email address will not be published.",
        "REUTERS / Jane Roe",
        "Add a comment",
        "Photo: XINHUA / LI WEI",
        "Required fields are marked *",
        "Firefighters at the scene in Lyon, 3 May 2024. Photo: AFP-DPA / JEAN DUPONT",
        "Council members vote in Lyon on Monday. ANP / Piet de Vries",
        "**Related article:** [Council votes again](https://news.example/a)",
        "Related article: Council votes again",
        "Original url:",
        "<https://news.example/2024/05/03/council-budget>",
        "https://news.example/2024/05/03/council-budget",
        "Author",
        "By [Reuters](#)",
        "By Maria Lopez and Tom Hale",
        "May 03, 2024",
        "Friday, 3 May 2024 10:15 GMT",
        "2024-05-03",
        "BUDGET ROW",
        '"A CLEAR SIGNAL"',
        "Next steps",
        "## Reactions from the city",
        "[Home](/) | [World](/world) | [Europe](/europe)",
        "- [Budget explained](/a)",
        "***",
    ],
)
def test_boilerplate_kind_removed(noise: str) -> None:
    for sep in ("\n\n", "\n"):  # Markdown/plain-text paragraphs, and HTML one-per-line
        article = _cleaned(sep.join([BODY_A, noise, BODY_B]))
        assert _none_kept(article, noise), (noise, sep)
        assert _fully_kept(article, BODY_A) and _fully_kept(article, BODY_B), (noise, sep)


def test_multi_sentence_paragraph_kept_whole() -> None:
    para = f'{BODY_A} {BODY_B} "We will not give up," one of them said. Voting ends at 5 p.m.'
    article = _cleaned(f"# Budget passes\n\n{para}\n\nAdvertisement\n")
    start = article.text.index(para)
    assert article.prose == [(start, start + len(para))]


@pytest.mark.parametrize(
    "sentence",
    [
        '"We will not back down."',
        "“It is over,” he said.",
        "Share prices fell 3% on Monday after the vote.",
        "By the time the vote ended, the hall was almost empty.",
        "Advertisement revenue at the city paper fell sharply last year.",
        "Photos of the session were shared widely online.",
        "It passed.",
        "He added:",
    ],
)
def test_short_real_sentences_kept(sentence: str) -> None:
    article = _cleaned(f"{BODY_A}\n\n{sentence}\n\n{BODY_B}")
    assert _fully_kept(article, sentence)


def test_inline_metadata_prefix_marked_rest_kept() -> None:
    article = _cleaned(f" date 2024-05-03 {BODY_A}\n{BODY_B}")
    assert _none_kept(article, "date 2024-05-03")
    assert article.prose[0][0] == article.text.index(BODY_A)
    assert _fully_kept(article, BODY_A)


def test_markdown_link_keeps_text_not_url() -> None:
    line = "The mayor told [Radio Lyon](https://radio.example/x) that the vote was close."
    article = _cleaned(f"{BODY_A}\n\n{line}")
    assert _fully_kept(article, "Radio Lyon")
    assert _none_kept(article, "](https://radio.example/x)")
    assert not _mask(article)[article.text.index("[Radio")]
    assert "The mayor told Radio Lyon that the vote was close." in _prose_of(article)


def test_bold_and_heading_markers_not_prose() -> None:
    article = _cleaned("# Budget passes\n\nThe **final** vote was 12 to 9.\n")
    assert "**" not in prose_text(article)
    assert _prose_of(article) == "The final vote was 12 to 9."
    assert article.text[slice(*article.title_span)] == "Budget passes"  # type: ignore[arg-type]


def test_hard_wrapped_paragraph_stays_prose_and_reads_as_one_sentence() -> None:
    text = f"{BODY_A}\n\nThe mayor said\n\nthe vote was close and the count took hours.\n"
    article = _cleaned(text)
    assert _fully_kept(article, "The mayor said")
    assert _fully_kept(article, "the vote was close")
    flat = prose_text(article)
    assert "said" + " " * 2 + "the vote" in flat  # the wrap's blank line no longer splits it


def test_kicker_without_continuation_is_dropped_but_wrap_is_not() -> None:
    kicker = _cleaned(f"{BODY_A}\n\nThe mayor said\n\n{BODY_B}")
    assert _none_kept(kicker, "The mayor said")
    wrapped = _cleaned(f"{BODY_A}\n\nThe mayor said\n\nthat {BODY_B.lower()}")
    assert _fully_kept(wrapped, "The mayor said")


def test_separate_regions_keep_their_line_breaks() -> None:
    article = _cleaned("The vote was delayed\nADVERTISEMENT\nCouncil members left early.")
    flat = prose_text(article)
    assert "ADVERTISEMENT" not in flat
    assert flat.count("\n") == 2


def test_title_from_metadata_and_repeat_removed() -> None:
    title = "Lyon council approves budget"
    article = _cleaned(f"{BODY_A}\n{title}\n{BODY_B}\n{title}.\n", title=title)
    assert article.text[slice(*article.title_span)] == title  # type: ignore[arg-type]
    assert BODY_A in _prose_of(article) and title not in _prose_of(article)


@pytest.mark.parametrize("sep", [" | ", " - ", " – ", " — "])
def test_page_title_with_the_site_after_it_finds_the_headline_line(sep: str) -> None:
    """A page's title is often "Headline | Site": the line holding the headline alone is the
    headline, wherever it stands; a title that only starts with the line's words does not
    make it one."""
    title = "Lyon council approves budget"
    text = f"{BODY_A}\n{title}\n{BODY_B}\n"
    article = _cleaned(text, title=f"{title}{sep}Lyon Daily")
    assert article.text[slice(*article.title_span)] == title  # type: ignore[arg-type]
    for other in (f"{title}, Lyon Daily", f"{title}{sep.strip()}Lyon Daily", f"{title}s"):
        assert _cleaned(text, title=other).title_span is None, other


def test_lead_sentence_equal_to_title_stays_prose() -> None:
    """Feeds often reuse the lead as title: a full sentence is kept even when it equals it."""
    article = _cleaned(f"{BODY_A}\n{BODY_B}\n", title=BODY_A)
    assert _fully_kept(article, BODY_A) and article.title_span is None


def test_sentence_ending_in_names_with_slash_is_not_a_credit() -> None:
    sentence = "The report was shared with reporters by AFP / Le Monde."
    assert _fully_kept(_cleaned(f"{BODY_A}\n{sentence}\n{BODY_B}"), sentence)


def test_title_from_first_short_line_needs_blank_line() -> None:
    assert _cleaned(f"Lyon council approves budget\n\n{BODY_A}").title_span == (0, 28)
    assert _cleaned(f"{BODY_A}\n\n{BODY_B}").title_span is None


def test_clean_never_rewrites_text() -> None:
    text = f"# T\n\nBy [AFP](#)\n\n{BODY_A}\n\nAdvertisement\n"
    article = _cleaned(text)
    assert article.text == text


# --- properties over arbitrary text ---------------------------------------------------------

FRAGMENTS = [
    BODY_A,
    BODY_B,
    "Advertisement",
    "# Budget passes",
    "By [AFP](#)",
    "EPA / JANE ROE",
    "April 09, 2025",
    " date 2025-04-10 The count ended.",
    "The **mayor** told [Radio](https://r.example) it was close",
    "and the count took hours.",
    "UNACCEPTABLE",
    "<https://news.example/x>",
    "",
    "   ",
]
LINES = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=12)
SEPARATORS = st.sampled_from(["\n", "\n\n", "\r\n", "\u2028"])


@settings(max_examples=150, deadline=None)
@given(lines=LINES, sep=SEPARATORS, title=st.one_of(st.none(), st.sampled_from(FRAGMENTS)))
def test_properties(lines: list[str], sep: str, title: str | None) -> None:
    text = sep.join(lines)
    article = _cleaned(text, title=title)
    assert article.text == text
    spans = article.prose
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))  # sorted, disjoint
    flat = prose_text(article)
    assert len(flat) == len(text)
    for s, e in spans:
        assert flat[s:e] == text[s:e]
    mask = _mask(article)
    assert all(c.isspace() for c, m in zip(flat, mask, strict=True) if not m)
    if article.title_span is not None:
        ts, te = article.title_span
        assert 0 <= ts < te <= len(text) and not any(mask[ts:te])
