"""``briefing.md`` escapes only what Markdown would misread: the rendered Markdown shows each
source's text exactly, and the raw file keeps the text's own punctuation (no backslash before
a parenthesis, which Markdown reads as text once "[" is escaped).

The Markdown is rendered by markdown-it-py (CommonMark, with GitHub's tables and
strikethrough), which the runtime already installs with rich.
"""

from __future__ import annotations

import pytest
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from seedrun import SeedReport
from storyline.report.markdown import esc

#: Texts that carry each kind of Markdown syntax, as a source might print them.
TRICKY = [
    "Talks (in Geneva) went on {late}!",
    "# 7 things: see [the list](https://example.com) or ![a map](x.png)",
    "1990. The year the *wall* fell, __twice__ and ~~never~~ ~once~",
    "- not a list + item > not a quote",
    "+ still not a list",
    "> nor a quote",
    "3) nor a numbered item",
    "Costs rose &amp; fell, &#169; 2024, AT&T stays",
    "a | b | c with `code` and <b>bold</b> <https://example.com>",
    "back\\slash \\* and a heading's end #",
    "x_y_z and snake_case and 2*3*4",
    "Bids rose from $5 million to $6.5 million, then $x$",
]

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def shown(markdown: str) -> str:
    """The text a reader sees of rendered Markdown, blanks collapsed."""
    html = _MD.render(markdown)
    return " ".join(lxml_html.fromstring(f"<div>{html}</div>").text_content().split())


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_text_renders_as_written_wherever_the_markdown_puts_it(text: str) -> None:
    for line in (f"- {esc(text)}", f"## {esc(text)}", f"{esc(text)}"):
        assert shown(line) == text, line
    assert shown(f"- **x** — “{esc(text)}”") == f"x — “{text}”"
    table = f"| a | b |\n|---|---|\n| {esc(text)} | x |"
    assert shown(table) == f"a b {text} x"


def test_dollar_signs_cannot_open_math() -> None:
    """GitHub reads "$...$" as a formula; every "$" of a source's text is escaped, and
    CommonMark shows the escaped sign as written (the test above)."""
    text = "Bids rose from $5 million to $6.5 million"
    assert esc(text) == r"Bids rose from \$5 million to \$6.5 million"


def test_parentheses_braces_and_bangs_are_not_escaped() -> None:
    assert esc("Talks (in Geneva) went on {late}!") == "Talks (in Geneva) went on {late}!"
    assert esc("[x](y)") == r"\[x\](y)" and esc("<b>") == r"\<b>"


def test_seed_briefing_shows_its_lines_exactly_and_keeps_their_parentheses(
    seed_analysis: SeedReport,
) -> None:
    """A seed sentence holds a parenthesis: the raw briefing.md prints it as the source does
    (the escaping put a backslash before each) wherever it shows it (a summary, timeline or
    coverage line), and every summary and timeline line reads,
    once rendered, as the text it cites."""
    md = (seed_analysis.out / "briefing.md").read_text("utf-8")
    stories = seed_analysis.briefing["stories"]
    texts = [x["text"] for s in stories for x in (*s["summary"], *s["timeline"])]
    claims = [c["text"] for s in stories for c in s["claims"]]  # the coverage table's lines
    with_parens = [t for t in (*texts, *claims) if "(" in t]
    assert with_parens and all(" ".join(t.split()) in md for t in with_parens)
    assert "\\(" not in md
    seen = shown(md)
    for text in texts:
        assert " ".join(text.split()) in seen, text


def test_every_section_heading_has_a_blank_line_under_it(seed_analysis: SeedReport) -> None:
    """A new user saw "### Who said what" right above "None." (every other section left a
    blank line); the seeds' speakers' headings are each set off by blank lines too."""
    from storyline.report.markdown import _story  # noqa: PLC0415

    md = (seed_analysis.out / "briefing.md").read_text("utf-8").splitlines()
    headings = [i for i, line in enumerate(md) if line.startswith(("### ", "#### "))]
    assert headings and all(md[i + 1] == "" and md[i - 1] == "" for i in headings)
    story = {**seed_analysis.briefing["stories"][0], "quotes": []}
    lines = _story(seed_analysis.briefing, story, "")
    at = lines.index("### Who said what")
    assert lines[at + 1 : at + 3] == ["", "None."]
