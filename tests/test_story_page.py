"""The seeds' story page as an editor reads it (#15 point 6), checked in the HTML without a
browser (``test_browser.py`` checks the layout in chromium): summary and conflicts come first;
the long sections are collapsed with their counts; quotation cards are grouped under their
speaker; a denial reads as a denial; conflict headings keep the articles' case and whole words;
cited sentences of an article with a URL also link to that sentence on the original page.
"""

from __future__ import annotations

import copy
import re
from typing import Any
from urllib.parse import unquote

import pytest
from lxml import html as lxml_html

from seedrun import SeedReport
from storyline.report import render_markdown, write_reports
from storyline.report.page import FRAGMENT_WORDS, OPEN_ITEMS, cut_words, text_fragment
from storyline.report.view import Links

PAGE = Links()  # the static report's page names


@pytest.fixture(scope="module")
def seeds(seed_analysis: SeedReport) -> SeedReport:
    return seed_analysis


def _story(briefing: dict[str, Any]) -> dict[str, Any]:
    return max(briefing["stories"], key=lambda s: len(s["article_ids"]))


def _page(seeds: SeedReport) -> Any:
    story = _story(seeds.briefing)
    return lxml_html.fromstring((seeds.out / PAGE.story(story["id"])).read_text("utf-8"))


def _words(text: str) -> str:
    return " ".join(text.split())


def test_summary_and_conflicts_come_first_then_the_collapsed_sections(seeds: SeedReport) -> None:
    doc, story = _page(seeds), _story(seeds.briefing)
    order = [h.get("id") or h.getparent().getparent().get("id") for h in doc.xpath("//main//h2")]
    assert order[:3] == ["summary", "conflicts", "sources"]
    counts = {
        "quotes": len(story["quotes"]),
        "coverage": len(story["claims"]),
        "entities": len(story["entities"]),
    }
    for section, n in counts.items():
        (details,) = doc.xpath(f"//details[@id='{section}']")
        heading = details.xpath("./summary/h2")[0].text_content()
        assert re.search(rf"\b{n}\b", heading), (section, heading)  # the count, visible closed
        assert (details.get("open") is None) == (n > OPEN_ITEMS), section
    assert not doc.xpath("//*[contains(@style, 'overflow') or contains(@style, 'height')]")


def test_quotation_cards_are_grouped_under_their_speaker(seeds: SeedReport) -> None:
    doc, story = _page(seeds), _story(seeds.briefing)
    (section,) = doc.xpath("//details[@id='quotes']")
    speaker_of = {q["id"]: q["speaker"] or "Unattributed" for q in story["quotes"]}
    seen: list[str] = []
    for heading in section.xpath(".//h3[@class='speaker']"):
        cards = heading.xpath("following-sibling::div[1]/section")
        name = heading.text_content().rsplit(" ", 1)[0]
        assert int(heading.xpath("./span")[0].text_content()) == len(cards)
        for card in cards:
            assert name.startswith(speaker_of[card.get("id").removeprefix("quote-")])
            seen.append(card.get("id"))
    assert sorted(seen) == sorted(f"quote-{q['id']}" for q in story["quotes"])
    speakers = {q["speaker"] for q in story["quotes"]}
    assert len(section.xpath(".//h3[@class='speaker']")) == len(speakers)
    named = {q["speaker_entity"] for q in story["quotes"] if q["speaker_entity"]}
    assert _quotes_heading(section).endswith(f"· {len(named)} speakers named")


def _quotes_heading(section: Any) -> str:
    return " ".join(section.xpath("./summary/h2")[0].text_content().split())


@pytest.mark.parametrize("speaker", [None, "officials"])
def test_a_card_with_no_named_speaker_is_not_counted_as_one(
    seeds: SeedReport, tmp_path: Any, speaker: str | None
) -> None:
    """A card no speaker was found for sits under "Unattributed", and one whose speaker is a
    description with no entity ("officials") under that description; neither counts among
    the speakers named (the AllSides dev trial: "7 quotations · 7 speakers" over six named
    speakers and one "Unattributed" heading; a new user's: "5 speakers named" over four
    people and "officials")."""
    briefing = copy.deepcopy(seeds.briefing)
    story = _story(briefing)
    named = {q["speaker_entity"] for q in story["quotes"] if q["speaker_entity"]}
    lone = next(
        q
        for q in story["quotes"]
        if q["speaker_entity"]
        and sum(x["speaker_entity"] == q["speaker_entity"] for x in story["quotes"]) == 1
    )
    lone["speaker"], lone["speaker_entity"] = speaker, None
    write_reports(briefing, tmp_path)
    doc = lxml_html.fromstring((tmp_path / PAGE.story(story["id"])).read_text("utf-8"))
    (section,) = doc.xpath("//details[@id='quotes']")
    headings = [h.text_content() for h in section.xpath(".//h3[@class='speaker']")]
    assert any(h.startswith(speaker or "Unattributed") for h in headings), headings
    assert _quotes_heading(section).endswith(f"· {len(named) - 1} speakers named")


def test_conflict_headings_keep_case_and_whole_words(seeds: SeedReport) -> None:
    doc, story = _page(seeds), _story(seeds.briefing)
    quotes = [c for c in story["conflicts"] if c["kind"] == "quote"]
    assert quotes, "the seeds render Lin Jian's and Zelensky's words differently"
    for c in quotes:
        heading = doc.xpath(f"//section[@id='conflict-{c['id']}']/h3")[0].text_content()
        said = heading.split("“", 1)[1].removesuffix("”").removesuffix("…")
        value = _words(c["values"][0]["value"])
        assert value.startswith(said) and said[0].isupper(), heading
        rest = value[len(said) :]
        assert not rest or not rest[0].isalnum(), f"cut mid-word: {heading}"


def test_cut_words_never_cuts_a_word() -> None:
    text = "Zelensky said Ukraine's army had captured two Chinese citizens in Donetsk"
    for limit in range(12, len(text) + 2):
        cut = cut_words(text, limit)
        assert len(cut) <= limit
        kept = cut.removesuffix("…")
        assert text.startswith(kept) and (kept == text or text[len(kept)] == " "), cut


def test_text_fragment_link_encodes_start_and_end_words() -> None:
    url = "https://example.org/news/a?id=1#top"
    sentence = "“Well-known figures, A&B and C,” said the well-paid spokesman at 10:30 on Friday."
    link = text_fragment(url, sentence)
    assert link is not None
    base, directive = link.split("#:~:text=")
    assert base == "https://example.org/news/a?id=1"
    start, end = directive.split(",")  # the one comma left is the separator
    assert "-" not in directive and "&" not in directive and " " not in directive
    assert unquote(start) == "Well-known figures, A&B and"
    assert unquote(end) == "at 10:30 on Friday"
    assert text_fragment("https://example.org/a", "Short sentence here.").endswith(  # type: ignore[union-attr]
        "#:~:text=Short%20sentence%20here"
    )
    assert text_fragment("javascript:alert(1)", sentence) is None
    assert text_fragment("file:///etc/passwd", sentence) is None


def test_cited_sentences_of_an_article_with_a_url_link_to_the_original(seeds: SeedReport) -> None:
    doc, briefing = _page(seeds), seeds.briefing
    by_id = {a["id"]: a for a in briefing["articles"]}
    with_url = {aid for aid, a in by_id.items() if a["url"]}
    assert with_url, "The Moscow Times seed names its URL"
    checked = 0
    for li in doc.xpath("//li[a[contains(@href, '#span-')]]"):
        cited = li.xpath("./a[contains(@href, '#span-')]/@href")[0]  # after a stance label too
        aid, s, e = re.search(r"article-([^#]+)\.html#span-(\d+)-(\d+)", cited).groups()
        original = li.xpath(".//span[@class='orig']/a/@href")
        if aid not in with_url:
            assert not original
            continue
        (href,) = original
        base, directive = href.split("#:~:text=")
        assert base == by_id[aid]["url"].split("#")[0]
        text = by_id[aid]["text"]
        sentence = _words(text[int(s) : int(e)])
        parts = directive.split(",")
        if parts[0].endswith("-"):  # a prefix: the cited words occur more than once
            prefix, first = unquote(parts.pop(0)[:-1]), unquote(parts[0])
            assert re.search(rf"{re.escape(prefix)}\s*{re.escape(first)}", _words(text))
            continue  # the first link of the row cites another of its spans
        first = unquote(parts[0])
        assert sentence.lstrip("\"“'").startswith(first)
        assert len(first.split()) <= FRAGMENT_WORDS or len(parts) == 1
        checked += 1
    assert checked


def test_a_fragment_of_words_the_page_repeats_has_a_prefix() -> None:
    """A new user's run linked BBC's quoted "genocide" to the first of three on the page: the
    words before it now lead the link, which then finds this occurrence."""
    page = 'Biden used the word genocide. Turkey rejects the term "genocide" and the word genocide.'
    at = page.index('"genocide"') + 1
    link = text_fragment("https://example.org/a", "genocide", page[:at])
    assert link is not None and link.endswith("#:~:text=the%20term%20%22-,genocide")
    assert text_fragment("https://example.org/a", "genocide") == (
        "https://example.org/a#:~:text=genocide"
    )
    # a one-word span with its marks: both stripped, the opening one into the prefix
    quoted = text_fragment("https://example.org/a", '"genocide"', page[: at - 1])
    assert quoted is not None and quoted.endswith("the%20term%20%22-,genocide")
    # a prefix never runs over a paragraph's end, which a browser's match cannot cross
    broken = text_fragment("https://example.org/a", "genocide", "on Monday.\n\nThe word ")
    assert broken is not None and broken.endswith("#:~:text=The%20word-,genocide")


def test_outlet_names_not_file_names_where_known(seeds: SeedReport) -> None:
    doc, briefing = _page(seeds), seeds.briefing
    story = _story(briefing)
    named = {
        a["outlet"] for a in briefing["articles"] if a["outlet"] and a["id"] in story["article_ids"]
    }
    text = doc.text_content()
    for a in briefing["articles"]:
        if a["outlet"]:
            assert a["source_path"].rsplit("/", 1)[-1] not in text
    assert named and all(name in text for name in named)


def _with_a_denial(briefing: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The seeds' briefing with one of Lin Jian's cards marked as a denial (as #15's extract
    work records it) and a summary claim that Lin's sentence denies (the Markdown lists denials
    under summary lines): how the page must show both."""
    doc = copy.deepcopy(briefing)
    story = _story(doc)
    card = next(q for q in story["quotes"] if (q["speaker"] or "").startswith("Lin"))
    card["stance"], card["cue"] = "deny", "rejected"
    for r in card["renderings"]:
        r["stance"], r["cue"] = "deny", "rejected"
    summarised = {c for line in story["summary"] for c in line["claim_ids"]}
    claim = next(c for c in story["claims"] if len(c["sources"]) > 1 and c["id"] in summarised)
    span = {k: card["renderings"][0][k] for k in ("article_id", "text", "start", "end")}
    claim["denied_by"] = [{**span, "speaker": card["speaker"], "cue": "rejected"}]
    return doc, story


def test_a_denial_reads_as_a_denial_with_its_cue(seeds: SeedReport, tmp_path: Any) -> None:
    briefing, story = _with_a_denial(seeds.briefing)
    write_reports(briefing, tmp_path)
    doc = lxml_html.fromstring((tmp_path / PAGE.story(story["id"])).read_text("utf-8"))
    card = next(q for q in story["quotes"] if q["stance"] == "deny")
    section = doc.get_element_by_id(f"quote-{card['id']}")
    label = section.xpath(".//span[contains(@class, 'stance')]")[0].text_content()
    assert label == f"{card['speaker']} denies (cue “rejected”)"
    claim = next(c for c in story["claims"] if c["denied_by"])
    row = doc.get_element_by_id(f"claim-{claim['id']}")
    asserted = row.xpath(
        ".//ul[contains(@class, 'sources') and not(contains(@class, 'counter'))]/li/a[1]"
    )
    assert [a.text_content() for a in asserted] == [s["text"] for s in claim["sources"]]
    (denial,) = row.xpath(".//ul[contains(@class, 'counter')]/li")
    assert denial.xpath("./span")[0].text_content().startswith(f"{card['speaker']} denies")
    md = re.sub(r"\\(.)", r"\1", render_markdown(briefing))  # Markdown escapes undone
    assert f"**{card['speaker']} denies (cue “rejected”)** — " in md
    assert f"  - {card['speaker']} denies (cue “rejected”): “" in md


def test_markdown_follows_the_page_order_and_groups_quotes(seeds: SeedReport) -> None:
    md, story = (seeds.out / "briefing.md").read_text("utf-8"), _story(seeds.briefing)
    k = seeds.briefing["stories"].index(story)
    part = md.split("\n## ")[k + 1]
    headings = re.findall(r"^### (.+)$", part, flags=re.M)
    assert headings[:3] == ["Consensus summary", "Conflicts", "Sources"]
    speakers = re.findall(r"^#### (.+) — (\d+) quotations?$", part, flags=re.M)
    assert sum(int(n) for _, n in speakers) == len(story["quotes"])
    assert len(speakers) == len({q["speaker"] for q in story["quotes"]})


def test_new_fields_are_escaped(seeds: SeedReport, tmp_path: Any) -> None:
    briefing, story = _with_a_denial(seeds.briefing)
    evil = "<script>window.__x=1</script>"
    card = next(q for q in story["quotes"] if q["stance"] == "deny")
    card["cue"], card["speaker_role"], card["speaker_org"] = evil, evil, evil
    next(c for c in story["claims"] if c["denied_by"])["denied_by"][0]["speaker"] = evil
    write_reports(briefing, tmp_path)
    page = (tmp_path / PAGE.story(story["id"])).read_text("utf-8")
    assert "<script>window" not in page and "&lt;script&gt;window.__x=1" in page
    assert not re.search(r"(?<!\\)<", render_markdown(briefing))  # every "<" escaped


def test_a_detail_row_of_the_coverage_names_its_detail(seeds: SeedReport) -> None:
    """A detail claim shares its sentence with the claim it adds to: a new user's trial read
    the coverage table as one sentence listed twice. Its row names the detail first."""
    story = _story(seeds.briefing)
    details = [c for c in story["claims"] if c.get("detail")]
    assert details
    doc = _page(seeds)
    markdown = render_markdown(seeds.briefing)
    for claim in details:
        (row,) = doc.xpath(f"//tr[@id='claim-{claim['id']}']")
        (shown,) = row.xpath(".//strong[@class='detail']")
        assert shown.text_content() == " · ".join(claim["detail"])
        assert f"| **{' · '.join(claim['detail'])}** in: " in markdown
