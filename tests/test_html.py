"""Tests of storyline's HTML reader on real benchmark pages and on small pages written here.

The real pages and their hand-made article bodies come from the article-extraction benchmark
in ``../shared/eval/article-extraction/``; the scoring is the benchmark script's own, so these
tests also exercise ``benchmarks/html_extraction.py``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from storyline.ingest.html import HtmlResult, extract_html

ROOT = Path(__file__).resolve().parents[1]

# Pages (benchmark ids, by prefix) that plain trafilatura already reads well: a regression on
# them means the reader broke, not that a hard page stayed hard.
EASY_PAGES = ("076f4f33", "098bb3e9", "0d461229")

# Shingle F1 a page must reach against its ground truth. trafilatura alone scores 1.0 on the
# easy pages; 0.9 leaves room for a reasonable change in trafilatura's output.
MIN_PAGE_F1 = 0.9

# Pages scored in the head-to-head test: enough to average out single pages, few enough to
# run in seconds on the CI machine.
HEAD_TO_HEAD_PAGES = 20


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "html_extraction", ROOT / "benchmarks" / "html_extraction.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    module = _benchmark()
    if not (module.DEFAULT_DATA / "ground-truth.json").is_file():
        pytest.skip(f"benchmark data missing at {module.DEFAULT_DATA}")
    return module


@pytest.fixture(scope="module")
def pages(bench: ModuleType) -> dict[str, tuple[str, str]]:
    """Page id -> (html, true article body), for every page of the benchmark."""
    return {pid: (html, truth) for pid, html, truth in bench.load_pages(bench.DEFAULT_DATA, None)}


def _page(pages: dict[str, tuple[str, str]], prefix: str) -> tuple[str, str]:
    (match,) = [value for pid, value in pages.items() if pid.startswith(prefix)]
    return match


@pytest.mark.parametrize("prefix", EASY_PAGES)
def test_real_page_text_matches_ground_truth(
    bench: ModuleType, pages: dict[str, tuple[str, str]], prefix: str
) -> None:
    html, truth = _page(pages, prefix)
    result = extract_html(html)
    assert bench.page_f1(truth, result.text) > MIN_PAGE_F1
    assert result.title
    assert result.published is None or len(result.published) == len("2019-11-19")
    # One paragraph per line: the truth's paragraphs come back as separate lines.
    assert len(result.text.splitlines()) >= len([p for p in truth.split("\n") if p.strip()]) // 2


def test_reader_beats_plain_trafilatura_on_benchmark_head(bench: ModuleType) -> None:
    """On the first pages of the benchmark, storyline scores above trafilatura's default."""
    head = bench.load_pages(bench.DEFAULT_DATA, HEAD_TO_HEAD_PAGES)
    ours, _ = bench.run_reader(bench.storyline_reader, head)
    plain, _ = bench.run_reader(bench.trafilatura_reader, head)
    assert bench.score(ours)["f1"] > bench.score(plain)["f1"]


def test_headline_copy_is_not_body_text(pages: dict[str, tuple[str, str]]) -> None:
    """The headline trafilatura puts on the first line is kept as the title, not as text."""
    html, truth = _page(pages, "042bb7b5")
    result = extract_html(html)
    assert result.title is not None
    assert not result.text.startswith(result.title)
    assert result.text.split("\n")[0] == truth.split("\n")[0]


PARAGRAPHS = [
    "The harbour authority of Port Vell said on Tuesday that the new ferry terminal will open "
    "in the spring, two years later than first planned, after a dispute over the contract.",
    "Engineers found cracks in the pier foundations during a routine inspection last winter, "
    "and the repairs took longer than the builders had promised the city council.",
    "\u201cWe would rather open late than open a terminal we cannot trust,\u201d the harbour "
    "master, Lena Okafor, told reporters gathered outside the authority's offices.",
    "Ferry operators have asked for compensation for the seasons they lost while waiting, and "
    "talks between the two sides are expected to continue into next month.",
]


def _page_html(body_extra: str = "") -> str:
    paragraphs = "\n".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Ferry terminal delayed to spring - The Harbour Gazette</title>
<meta property="og:title" content="Ferry terminal delayed to spring">
<meta property="og:site_name" content="The Harbour Gazette">
<meta property="article:published_time" content="2024-03-05T09:30:00+00:00">
<meta name="author" content="Tomas Reyes">
<style>.zzstylemarker {{ color: red; }}</style>
<script>var zzscriptmarker = "tracking pixel";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Ferry terminal delayed to spring</h1>
{paragraphs}
{body_extra}
<script>document.write("zzinlinemarker");</script>
</article>
<footer><p>Copyright 2024 The Harbour Gazette. All rights reserved.</p></footer>
</body></html>"""


def test_metadata_from_meta_tags() -> None:
    result = extract_html(_page_html(), url="https://harbour.example/news/ferry-terminal")
    assert result.title == "Ferry terminal delayed to spring"
    assert result.published == "2024-03-05"
    assert result.byline == "Tomas Reyes"
    assert result.sitename == "The Harbour Gazette"
    assert result.url == "https://harbour.example/news/ferry-terminal"


def test_paragraphs_kept_one_per_line_without_script_or_style() -> None:
    result = extract_html(_page_html())
    assert result.text.split("\n") == PARAGRAPHS
    for marker in ("zzstylemarker", "zzscriptmarker", "zzinlinemarker", "tracking pixel"):
        assert marker not in result.text


def test_teasers_and_signup_lines_dropped_but_sentences_kept() -> None:
    extra = (
        "<p>Related: Harbour dredging plan approved after long delay</p>"
        "<p>He did not respond to a request for comment.</p>"
        "<p>Sign up for our morning newsletter</p>"
    )
    lines = extract_html(_page_html(extra)).text.split("\n")
    assert lines == [*PARAGRAPHS, "He did not respond to a request for comment."]


def test_unknown_metadata_stays_none() -> None:
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>"
    result = extract_html(html + "</body></html>")
    assert result.text.split("\n") == PARAGRAPHS
    assert result.published is None
    assert result.byline is None
    assert result.url is None


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n\t ",
        "<html></html>",
        "<<<>>> &&& </p></div> <",
        "\x00\x01\x02 binary \xff\xfe junk",
        "just a sentence of plain text, no markup",
        "<html><body><script>var a = 1;</script><style>p{}</style></body></html>",
    ],
)
def test_empty_or_garbage_html_gives_empty_text(html: str) -> None:
    result = extract_html(html)
    assert isinstance(result, HtmlResult)
    assert result.text == ""
