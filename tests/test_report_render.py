"""The Markdown and HTML reports of the seeds' briefing say what the briefing says.

Every check is derived from the briefing itself (which claims each article carries, which spans
each conflict value cites), so it holds for whatever the reconcile stage finds, and fails when a
renderer drops, misplaces or mislinks a line.

The seeds are analysed once per session (``seed_analysis`` in ``conftest.py``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from seedrun import SeedReport
from storyline.briefing import SCHEMA_VERSION
from storyline.report import render_markdown, write_reports
from storyline.report.html import environment, render_article
from storyline.report.page import date_label
from storyline.report.view import Links
from storylinerun import linked_briefing

PAGE = Links()  # the static report's page names

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
SEED_COUNT = 5


# -- tests -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seeds(seed_analysis: SeedReport) -> SeedReport:
    return seed_analysis


def _story(seeds: SeedReport) -> dict[str, Any]:
    """The story holding the most seeds (all five, when clustering works)."""
    return max(seeds.briefing["stories"], key=lambda s: len(s["article_ids"]))


def _texts(seeds: SeedReport) -> dict[str, str]:
    return {a["id"]: a["text"] for a in seeds.briefing["articles"]}


def test_every_report_file_is_written(seeds: SeedReport) -> None:
    assert len(seeds.briefing["articles"]) == SEED_COUNT
    names = {p.name for p in seeds.out.iterdir()}
    assert {"briefing.md", "index.html"} <= names
    for story in seeds.briefing["stories"]:
        assert PAGE.story(story["id"]) in names
    for article in seeds.briefing["articles"]:
        assert f"article-{article['id']}.html" in names


def test_story_page_links_every_cited_sentence_to_its_exact_span(seeds: SeedReport) -> None:
    story, texts = _story(seeds), _texts(seeds)
    doc = lxml_html.fromstring((seeds.out / PAGE.story(story["id"])).read_text("utf-8"))
    links = doc.xpath("//a[contains(@href, '#span-')]")
    assert links, "no citation links on the story page"
    link_re = re.compile(r"^article-(?P<id>[^#]+)\.html#span-(?P<s>\d+)-(?P<e>\d+)$")
    for a in links:
        m = link_re.match(a.get("href"))
        assert m, a.get("href")
        span_text = texts[m["id"]][int(m["s"]) : int(m["e"])]
        if a.getparent().tag == "li":  # a source sentence: the link text is the span itself
            assert a.text_content() == span_text
    cited = {(s["article_id"], s["start"], s["end"]) for c in story["claims"] for s in c["sources"]}
    shown = {
        (m["id"], int(m["s"]), int(m["e"])) for a in links if (m := link_re.match(a.get("href")))
    }
    assert cited <= shown | _unrendered_claim_spans(story)


def _unrendered_claim_spans(story: dict[str, Any]) -> set[tuple[str, int, int]]:
    """Claims that neither the summary nor the unique-details list shows as sources (the
    coverage matrix shows their text only)."""
    shown_ids = {cid for line in story.get("summary", []) for cid in line["claim_ids"]}
    shown_ids |= {cid for cids in story.get("unique", {}).values() for cid in cids}
    return {
        (s["article_id"], s["start"], s["end"])
        for c in story["claims"]
        if c["id"] not in shown_ids
        for s in c["sources"]
    }


def test_conflict_values_are_buttons_that_own_their_sentences(seeds: SeedReport) -> None:
    story = _story(seeds)
    assert story["conflicts"], "the seeds disagree on the count of Chinese citizens"
    doc = lxml_html.fromstring((seeds.out / PAGE.story(story["id"])).read_text("utf-8"))
    for conflict in story["conflicts"]:
        card = doc.get_element_by_id(f"conflict-{conflict['id']}")
        buttons = card.xpath(".//button[@data-group]")
        assert [b.text_content() for b in buttons] == [v["value"] for v in conflict["values"]]
        for button, value in zip(buttons, conflict["values"], strict=True):
            items = card.xpath(f".//ul[@data-for='{button.get('data-group')}']/li/a")
            assert [i.text_content() for i in items] == [s["text"] for s in value["sources"]]


def test_coverage_matrix_marks_exactly_the_outlets_carrying_each_claim(seeds: SeedReport) -> None:
    story = _story(seeds)
    doc = lxml_html.fromstring((seeds.out / PAGE.story(story["id"])).read_text("utf-8"))
    header = doc.xpath("//table[@class='matrix']//tr[1]/th")
    assert len(header) == 2 + len(story["article_ids"])
    order = [
        a.get("href").removeprefix("article-").removesuffix(".html")
        for a in doc.xpath("//table[@class='sources-table']//tr/td[1]/a")
    ]
    assert sorted(order) == sorted(story["article_ids"])
    for claim in story["claims"]:
        row = doc.get_element_by_id(f"claim-{claim['id']}")
        marks = [td.text_content() == "●" for td in row.xpath("./td")[2:]]
        carried = {s["article_id"] for s in claim["sources"]}
        assert marks == [aid in carried for aid in order]


def test_timeline_svg_has_a_dot_per_date_and_a_label_per_event(seeds: SeedReport) -> None:
    story = _story(seeds)
    doc = lxml_html.fromstring((seeds.out / PAGE.story(story["id"])).read_text("utf-8"))
    dated = [i for i in story["timeline"] if i.get("date")]
    svg = doc.xpath("//svg[@class='timeline']")[0]
    assert len(svg.xpath(".//circle")) == len({i["date"] for i in dated})
    titles = [t.text_content() for t in svg.xpath(".//text/title")]
    # a week reads as the day it begins ("week of 2025-04-14"), as in the Markdown
    assert sorted(titles) == sorted(f"{date_label(i['date'])}: {i['text']}" for i in dated)
    for label in svg.xpath(".//text[title]"):  # labels are the event's text, cut at the edge
        shown = label.text_content().removeprefix(label.xpath("./title")[0].text_content())
        full = label.xpath("./title")[0].text_content().split(": ", 1)[1]
        assert full.startswith(shown.removesuffix("…").rstrip())


def test_pages_are_self_contained(seeds: SeedReport) -> None:
    for page in seeds.out.glob("*.html"):
        doc = lxml_html.fromstring(page.read_text("utf-8"))
        assert not doc.xpath("//script[@src] | //link[@rel='stylesheet'] | //img[@src]"), page


def test_article_page_reproduces_the_text_and_marks_every_cited_span(seeds: SeedReport) -> None:
    story, texts = _story(seeds), _texts(seeds)
    spans_by_article: dict[str, set[tuple[int, int]]] = {}
    for claim in story["claims"]:
        for s in claim["sources"]:
            spans_by_article.setdefault(s["article_id"], set()).add((s["start"], s["end"]))
    assert spans_by_article
    for aid, spans in spans_by_article.items():
        doc = lxml_html.fromstring((seeds.out / f"article-{aid}.html").read_text("utf-8"))
        segs = doc.xpath("//div[@id='text']/span")
        assert "".join(s.text_content() for s in segs) == texts[aid]
        for start, end in spans:
            inside = [s for s in segs if start <= int(s.get("data-s")) < end]
            assert "".join(s.text_content() for s in inside) == texts[aid][start:end]
            assert all("cited" in s.get("class") for s in inside)


def test_markdown_has_every_section_and_cites_real_offsets(seeds: SeedReport) -> None:
    md = (seeds.out / "briefing.md").read_text("utf-8")
    for heading in (
        "Sources",
        "Consensus summary",
        "Conflicts",
        "Who said what",
        "Timeline",
        "Coverage",
        "What each outlet alone reports",
        "What each outlet leaves out",
        "Framing",
        "Entities",
    ):
        assert f"\n### {heading}\n" in md
    # The k-th story's conflicts section: one "  - “value”" line per value, in order.
    k = seeds.briefing["stories"].index(_story(seeds))
    section = md.split("\n### Conflicts\n")[k + 1].split("\n### ")[0]
    lines = [x for x in section.splitlines() if x.startswith("  - “")]
    values = [v for c in _story(seeds)["conflicts"] for v in c["values"]]
    assert len(lines) == len(values)
    for line, value in zip(lines, values, strict=True):
        assert _md_plain(line).startswith(f"- “{_md_plain(value['value'])}”")
        offsets = {(int(s), int(e)) for s, e in re.findall(r"\[(\d+)–(\d+)\]", line)}
        assert offsets == {(s["start"], s["end"]) for s in value["sources"]}


def test_a_story_of_one_source_has_a_summary_not_a_consensus(tmp_path: Path) -> None:
    """One outlet's article agrees with no one: its story's page and Markdown call the lines
    taken from it a summary (the seeds' story of four sources keeps "Consensus summary")."""
    from storyline.pipeline import analyze
    from storyline.store import Store

    sample = Path(__file__).resolve().parents[1] / "samples" / "valley-herald.txt"
    with Store(tmp_path / "s.duckdb") as store:
        analyze([sample], store, out=tmp_path / "out")
    page = next((tmp_path / "out").glob("story-*.html")).read_text("utf-8")
    assert lxml_html.fromstring(page).xpath("string(//h2[@id='summary'])") == "Summary"
    md = (tmp_path / "out" / "briefing.md").read_text("utf-8")
    assert "\n### Summary\n" in md and "Consensus" not in md


def _md_plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", " ".join(text.split()))


def test_markdown_escapes_article_markup() -> None:
    article = {
        "id": "x1",
        "source_path": "x.html",
        "url": None,
        "title": "t",
        "outlet": "<b>Out</b> [x](javascript:y)",
        "published": None,
        "byline": None,
        "wire": None,
        "family": "f",
        "text": "a",
    }
    story = {
        "id": "s",
        "headline": "*bold* <script>",
        "article_ids": ["x1"],
        "date_span": None,
        "storyline": {"id": "s", "story_ids": ["s"]},
        "families": [],
        "entities": [],
        "quotes": [],
        "claims": [],
        "conflicts": [],
        "unique": {},
        "omissions": {},
        "summary": [],
        "timeline": [],
        "framing": {},
    }
    md = render_markdown(
        {
            "schema_version": SCHEMA_VERSION,
            "articles": [article],
            "stories": [story],
            "storylines": [],
        }
    )
    assert not re.search(r"(?<!\\)[<\]]", md)  # every "<" and "]" escaped: no tag, no link
    assert r"\<b>Out\</b>" in md and r"\*bold\*" in md  # ">" opens nothing once "<" is escaped


def test_article_link_to_the_original_is_http_only() -> None:
    env, links = environment(), Links()
    base = {
        "id": "x1",
        "title": "t",
        "outlet": "o",
        "published": None,
        "byline": None,
        "wire": None,
        "family": None,
        "text": "body",
    }
    page = render_article(
        env, {"articles": [], "stories": []}, {**base, "url": "javascript:alert(1)"}, links
    )
    assert "javascript:" not in page
    page = render_article(
        env, {"articles": [], "stories": []}, {**base, "url": "https://example.org/a"}, links
    )
    assert 'href="https://example.org/a"' in page


# -- storylines: an event and its follow-up, linked, plus a lone story --------------------------
#: The follow-up's headline, with markup that must be shown as text everywhere it appears.
FOLLOW_UP = "Cables <script>alert(1)</script> blamed for <b>Varn</b> collapse"


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("linked")
    write_reports(linked_briefing(FOLLOW_UP)[2], out)
    return out


def _page(out: Path, name: str) -> Any:
    return lxml_html.fromstring((out / name).read_text("utf-8"))


def test_storyline_page_lists_its_stories_on_a_dated_timeline(linked: Path) -> None:
    doc = _page(linked, "storyline-sa.html")
    items = doc.xpath("//ol[@class='storyline-timeline']/li")
    assert [li.xpath(".//a/@href")[0] for li in items] == ["story-sa.html", "story-sb.html"]
    assert [li.xpath(".//a")[0].text_content() for li in items] == [
        "Varn bridge collapses",
        FOLLOW_UP,
    ]
    assert [li.xpath(".//time")[0].text_content() for li in items] == [
        "2025-03-01 – 2025-03-02",
        "2025-03-09",
    ]
    # counted from the day the story before ends (03-02), not from its first (a new user read
    # "4 days later" beside stories of 11-13 and 15 May)
    assert "7 days after the story before" in items[1].text_content()
    assert "2 articles" in items[0].text_content()
    assert not doc.xpath("//script[contains(., 'alert')] | //b")  # the headline is text
    assert doc.xpath("//h1")[0].text_content() == "Varn bridge collapses"


def test_only_storylines_of_several_stories_get_a_page_and_an_index_row(linked: Path) -> None:
    assert {p.name for p in linked.glob("storyline-*.html")} == {"storyline-sa.html"}
    index = _page(linked, "index.html")
    assert index.xpath("//table[@class='storylines']//a/@href") == ["storyline-sa.html"]
    assert {h for h in index.xpath("//a/@href") if h.startswith("story-")} == {
        "story-sa.html",
        "story-sb.html",
        "story-sc.html",
    }


def test_story_pages_link_previous_and_next_in_their_storyline(linked: Path) -> None:
    first, second = _page(linked, "story-sa.html"), _page(linked, "story-sb.html")
    assert first.xpath("//nav//a[@rel='next']/@href") == ["story-sb.html"]
    assert not first.xpath("//nav//a[@rel='prev']")
    assert first.xpath("//nav//a[@rel='next']")[0].text_content() == FOLLOW_UP + " →"
    assert second.xpath("//nav//a[@rel='prev']/@href") == ["story-sa.html"]
    assert not second.xpath("//nav//a[@rel='next']")
    nav = second.xpath("//nav")[0].text_content()
    assert "Story 2 of 2 in the storyline" in " ".join(nav.split())
    for doc in (first, second):
        assert doc.xpath("//nav//a[@class='storyline-link']/@href") == ["storyline-sa.html"]
    assert not _page(linked, "story-sc.html").xpath("//nav")  # a lone story has no storyline nav
    assert not second.xpath("//h1//script | //nav//script")


def test_markdown_names_the_previous_and_next_story(linked: Path) -> None:
    md = (linked / "briefing.md").read_text("utf-8")
    lines = [x for x in md.splitlines() if x.startswith("Storyline:")]
    assert len(lines) == 3  # one per story, in the briefing's order (sb, sa, sc)
    assert _md_plain(lines[0]).startswith(
        "Storyline: story 2 of 2 in “Varn bridge collapses” — "
        "previous “Varn bridge collapses” (2025-03-01 – "
    )
    assert lines[0].endswith("no next story.")
    assert _md_plain(lines[1]).endswith(f"next “{FOLLOW_UP}” (2025-03-09).")
    assert not re.search(r"(?<!\\)<", md)  # every "<" escaped: no tag
    assert lines[2] == "Storyline: this story alone (no earlier or later story)."


def test_a_briefing_from_an_older_version_is_refused_and_nothing_written(
    seeds: SeedReport, tmp_path: Path
) -> None:
    from storyline.reconcile import BriefingError

    old = {**seeds.briefing, "schema_version": 2}
    with pytest.raises(BriefingError, match="schema version 2"):
        write_reports(old, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_index_lists_the_stories_before_the_storylines(linked: Path) -> None:
    """With hundreds of stories the storylines table filled the index's first screen; the
    stories come first now, and a line at the top links down to the storylines."""
    index = _page(linked, "index.html")
    tables = index.xpath("//table")
    assert tables[0].get("class") != "storylines"
    assert tables[0].xpath(".//a/@href")[0].startswith("story-")
    assert tables[-1].get("class") == "storylines"
    jump = index.xpath("//p[@class='muted']/a[@href='#storylines']")
    assert jump and jump[0].text_content() == "1 storyline"


def test_written_markdown_is_the_briefings_markdown(seeds: SeedReport) -> None:
    # write_reports renders briefing.md from the document it already read through the model
    # (markdown_of): the file must be what render_markdown makes of the briefing itself.
    written = (seeds.out / "briefing.md").read_text("utf-8")
    assert written == render_markdown(seeds.briefing)
    assert written.count("\n## ") >= len(seeds.briefing["stories"])


def test_one_outlets_two_reports_are_one_source_in_the_briefing_and_reports(
    tmp_path: Path,
) -> None:
    """Two different seed reports given one outlet: one family, so no claim counts them as
    two independent sources, and the sources tables name the second "same outlet as" the
    first instead of calling it independent or a copy."""
    import json

    from storyline.pipeline import analyze

    rows = []
    for path in sorted(SEEDS.glob("*.txt")):
        row = {"text": path.read_text("utf-8"), "title": None}
        if path.name[:3] in ("003", "004"):
            row["outlet"] = "Kyiv Daily"
        rows.append({k: v for k, v in row.items() if v is not None})
    src = tmp_path / "seeds.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    analysis = analyze([src], out=tmp_path / "out")
    (story,) = analysis.briefing.to_json()["stories"]
    outlet = {a.id: a.outlet for a in analysis.articles}
    kyiv = sorted(aid for aid, o in outlet.items() if o == "Kyiv Daily")
    assert len(kyiv) == 2
    assert kyiv in [sorted(f["article_ids"]) for f in story["families"]]
    assert max(c["independent_sources"] for c in story["claims"]) <= len(story["families"])
    md = (tmp_path / "out" / "briefing.md").read_text("utf-8")
    assert md.count("| same outlet as Kyiv Daily") == 1
    # a record of the JSON Lines file with no outlet or title is named by its first words,
    # not by the file's name, which every record shares
    assert "seeds.jsonl" not in md
    # the two AFP texts (one outlet unknown) are that agency's, never "the same outlet"
    assert md.count("| same agency (AFP) as ") == 1 and md.count("| same outlet as ") == 1
    page = lxml_html.fromstring((tmp_path / "out" / PAGE.story(story["id"])).read_text())
    notes = [" ".join(td.text_content().split()) for td in page.xpath("//td")]
    assert any(note.startswith("same outlet as Kyiv Daily") for note in notes)


def test_a_section_with_nothing_to_list_says_none(seeds: SeedReport) -> None:
    """The seeds' story with its omissions and framing taken away: each heading says
    "None." instead of standing empty above the next one."""
    doc = {**seeds.briefing}
    doc["stories"] = [{**s, "omissions": {}, "framing": {}} for s in doc["stories"]]
    lines = render_markdown(doc).splitlines()
    for heading in ("### What each outlet leaves out", "### Framing"):
        k = lines.index(heading)
        assert next(x for x in lines[k + 1 :] if x) == "None."
    headed = [k for k, x in enumerate(lines) if x.startswith("### ")]
    # the next heading of the same or a higher level never follows a heading directly
    follows = [next((x for x in lines[k + 1 :] if x), "") for k in headed]
    assert not [x for x in follows if re.match(r"#{1,3} ", x)]


def test_a_summary_with_a_line_one_source_alone_states_is_no_consensus(
    seeds: SeedReport,
) -> None:
    """The seeds' story (four sources) with a claim only one of them states added to its
    summary, as a story with too few corroborated claims gets one: the heading says
    "Summary", never "Consensus summary" over a line nobody else states."""
    doc = {**seeds.briefing}
    story = _story(seeds)
    lone = next(c for c in story["claims"] if c["independent_sources"] == 1)
    padded = [*story["summary"], {"text": lone["text"], "claim_ids": [lone["id"]]}]
    doc["stories"] = [{**story, "summary": padded}]
    md = render_markdown(doc)
    assert "\n### Summary\n" in md and "Consensus summary" not in md
    assert "\n### Consensus summary\n" in render_markdown({**doc, "stories": [story]})


def test_a_story_that_begins_before_the_last_one_ends_says_so() -> None:
    """Two stories of a storyline whose days overlap: no "0 days later" or negative count."""
    from storyline.report.storylines import StoryEntry, storyline_page

    entries = {
        "a": StoryEntry("a", "First", ("2021-05-11", "2021-05-13"), 3),
        "b": StoryEntry("b", "Second", ("2021-05-13", "2021-05-14"), 2),
        "c": StoryEntry("c", "Third", ("2021-05-15", "2021-05-15"), 2),
    }
    page = storyline_page({"id": "l", "story_ids": ["a", "b", "c"]}, entries)
    assert [s.days_after for s in page.stories] == [None, 0, 1]


def test_pages_ask_the_browser_for_no_icon(linked: Path) -> None:
    """A new user's trial: every page of the web UI logged a 404 for /favicon.ico; the pages
    name an empty icon of their own, so a self-contained report requests nothing either."""
    for name in ("storyline-sa.html", "story-sa.html", "index.html"):
        assert _page(linked, name).xpath("//head/link[@rel='icon']/@href") == ["data:,"], name


def test_a_rendering_ends_at_its_closing_mark(seeds: SeedReport) -> None:
    """A card's second rendering, shown as a word diff against the first, read "... we
    have a deal ”" with a space before its closing mark (a fact-checker's fifth trial)."""
    doc = lxml_html.fromstring((seeds.out / PAGE.story(_story(seeds)["id"])).read_text("utf-8"))
    shown = [
        p.text_content().rsplit("original ↗", 1)[0].strip() for p in doc.xpath("//p[@class='diff']")
    ]
    diffs = [t for t in shown if t.endswith("”")]
    assert len(diffs) >= 10
    assert not [t for t in diffs if t[-2].isspace() or "  " in t]
