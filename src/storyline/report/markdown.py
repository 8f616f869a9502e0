"""The Markdown briefing (``briefing.md``): the same sections as the HTML report, readable on
GitHub. Article text is escaped for Markdown so a source cannot inject links or HTML."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from storyline.briefing import Briefing, document
from storyline.report.page import (
    count,
    counterclaims,
    cut_words,
    date_label,
    quote_marks,
    said_parts,
    said_text,
    stance_label,
    value_label,
)
from storyline.report.storylines import StoryEntry, story_entries, storyline_nav
from storyline.report.view import (
    StoryView,
    byline_and_wire,
    marked,
    named_articles,
    story_view,
)

#: Longest claim text in a row of the coverage table (cut at a word): the table stays readable.
COVERAGE_CHARS = 200
#: What Markdown (CommonMark, and GitHub's tables and strikethrough) reads as syntax anywhere
#: in a line: backslash escapes, code spans, emphasis, strikethrough, link and image brackets,
#: raw HTML and autolinks, table cells, and "$", which GitHub reads as the start of math
#: ("$5 million to $6 million" would show as a formula). Nothing else is escaped: once "["
#: and "<" are, the parentheses, "!", "{}" and ">" of a source's text can start no link, image
#: or tag, and a backslash before them would be noise in the raw file.
_MD_INLINE = re.compile(r"([\\`*_\[\]<|~$])")
#: An entity or character reference ("&amp;", "&#169;"), which would show as the character.
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
#: What makes a line another kind of block when the text starts it (after a list item's
#: "- " too): a heading, a block quote, a list item ("+", "-", "1." or "1)").
_MD_BLOCK = re.compile(r"^(?:[#>+-]|\d{1,9}(?=[.)]))")
#: A heading's closing sequence: "#"s after a blank at the end of a heading's text are dropped.
_MD_CLOSING = re.compile(r"(?<=\s)#(?=#*$)")


def esc(text: str | None) -> str:
    """Escape in untrusted text what Markdown would read as syntax (links, HTML, emphasis,
    a block's start), so that the rendered Markdown shows the text as written; keep it on
    one line."""
    flat = _MD_INLINE.sub(r"\\\1", " ".join((text or "").split()))
    flat = _MD_ENTITY.sub(r"\\&", flat)
    flat = _MD_CLOSING.sub(r"\\#", flat)
    return _MD_BLOCK.sub(lambda m: m[0] + "\\" if m[0][0].isdigit() else "\\" + m[0], flat)


#: The first line of ``briefing.md``.
MARKDOWN_TITLE = "# storyline briefing"


def render_markdown(briefing: Briefing | dict[str, Any]) -> str:
    """The briefing as Markdown (``briefing.md``); a dict is read through the model."""
    return markdown_of(document(briefing))


def markdown_of(briefing: dict[str, Any], elsewhere: Mapping[str, StoryEntry] | None = None) -> str:
    """``render_markdown`` of a document already read through the model (``document``'s
    output): ``write_reports`` has one, and reading it through the model again cost as much
    as the rest of the Markdown (0.67 of 1.1 s of the reports of 150 articles).
    ``elsewhere``: stories of earlier runs its storylines name (``write_reports``')."""
    lines = [MARKDOWN_TITLE, ""]
    lines += story_sections(briefing, {**(elsewhere or {}), **story_entries(briefing)})
    return "\n".join(lines) + "\n"


def story_sections(briefing: dict[str, Any], entries: Mapping[str, StoryEntry]) -> list[str]:
    """The lines of each story of ``briefing`` (a document dict), placed in its storyline by
    ``entries`` (every story of the run): ``briefing.md`` less its title, written in parts
    by a run that writes its stories batch by batch (``storyline.stream``)."""
    lines: list[str] = []
    # each story read with its own articles: looking them up in the whole list is quadratic
    by_id = {a["id"]: a for a in briefing["articles"]}
    for story in briefing["stories"]:
        part = {"articles": [by_id[a] for a in named_articles(story) if a in by_id]}
        lines += _story(part, story, _storyline_line(story, entries))
    return lines


def _storyline_line(story: dict[str, Any], entries: Mapping[str, StoryEntry]) -> str:
    """The story's place in its storyline, naming the previous and the next story."""
    nav = storyline_nav(story, entries)
    if nav is None:
        return "Storyline: this story alone (no earlier or later story)."

    def name(entry: StoryEntry | None, what: str) -> str:
        if entry is None:
            return f"no {what} story"
        when = f" ({esc(entry.dates)})" if entry.dates else ""
        earlier = "" if entry.here else " (in an earlier report)"
        return f"{what} “{esc(entry.headline) or esc(entry.id)}”{when}{earlier}"

    return (
        f"Storyline: story {nav.position} of {nav.total} in “{esc(nav.headline)}” — "
        f"{name(nav.previous, 'previous')}; {name(nav.next, 'next')}."
    )


def _cite(v: Any, sources: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{esc(v.label(s['article_id']))} [{s['start']}–{s['end']}]"
        for s in sources
        if s["article_id"] in v.articles
    )


def _story(briefing: dict[str, Any], story: dict[str, Any], storyline: str) -> list[str]:
    v = story_view(briefing, story)
    out = [
        f"## {esc(story.get('headline')) or esc(story['id'])}",
        "",
        f"{count(len(story['article_ids']), 'article')}, "
        f"{count(len(story.get('families', [])), 'independent source')}, "
        f"{count(len(story.get('conflicts', [])), 'conflict')}.",
        "",
        storyline,
        *_new_since(v, story),
    ]
    for section in _SECTIONS:
        part = section(v, story)
        if not any(part[3:]):  # a heading with nothing under it: say so
            part.append("None.")
        out += part
    return out + [""]


def _new_since(v: StoryView, story: dict[str, Any]) -> list[str]:
    """One line: what is new since the story's previous briefing (an archive that grew)."""
    new = story.get("new_since")
    if not new:
        return []
    arts = ", ".join(esc(v.label(a)) for a in new["articles"])
    when = new["since"][:16].replace("T", " ")
    left = new.get("articles_left") or []
    gone = ", ".join(esc(v.label(a)) for a in left)
    return [
        "",
        f"New since {when} UTC: {count(len(new['articles']), 'article')} ({arts}), "
        + (f"{count(len(left), 'article')} gone to another story ({gone}), " if left else "")
        + f"{count(len(new['claims']), 'claim')}, {count(len(new['conflicts']), 'conflict')}, "
        f"{count(len(new['quotes']), 'quote card')}" + _joined(new) + ".",
    ]


def _joined(new: dict[str, Any]) -> str:
    """The claims, conflicts and quote cards seen before that new articles state, give a
    value of or render too."""
    claims, quotes = new.get("claims_joined") or [], new.get("quotes_joined") or []
    conflicts = new.get("conflicts_joined") or []
    if not claims and not quotes and not conflicts:
        return ""
    return (
        f"; {count(len(claims), 'claim')} with a new source, "
        + (f"{count(len(conflicts), 'conflict')} with a new value, " if conflicts else "")
        + f"{count(len(quotes), 'quote card')} with a new rendering"
    )


def _sources(v: StoryView, story: dict[str, Any]) -> list[str]:
    out = ["", "### Sources", "", "| Outlet | Date | Byline / wire | Source |", "|---|---|---|---|"]
    for aid, label in v.outlets:
        a, note = v.articles[aid], v.source_note(aid)
        wire = " ".join(esc(x) for x in byline_and_wire(a) if x)
        source = esc(" ".join(note)) if note else "independent"
        out.append(f"| {esc(label)} | {esc(a.get('published')) or 'undated'} | {wire} | {source} |")
    return out


def _summary(v: StoryView, story: dict[str, Any]) -> list[str]:
    out = ["", f"### {v.summary_heading}", ""]
    for line in story.get("summary", []):
        cites = [_cite(v, v.claims[c]["sources"]) for c in line["claim_ids"] if c in v.claims]
        out.append(f"- {esc(line['text'])} — _{'; '.join(cites)}_")
        for cid in line["claim_ids"]:
            out += _counters(v, v.claims.get(cid), "  ")
    return out


def _counters(v: StoryView, claim: dict[str, Any] | None, indent: str) -> list[str]:
    """Who denies or disputes ``claim``, each on a line of its own: never its corroboration."""
    if claim is None:
        return []
    return [
        f"{indent}- {esc(label)}: “{esc(s['text'])}” — _{_cite(v, [s])}_"
        for label, s in counterclaims(claim)
    ]


def _conflicts(v: StoryView, story: dict[str, Any]) -> list[str]:
    out = ["", "### Conflicts", ""]
    for c in story.get("conflicts", []):
        out.append(f"- **{esc(c['kind'])}** — {esc(v.headings.get(c['id'], c.get('subject')))}")
        for val in c["values"]:
            who = f" ({esc(val['attributed_to'])})" if val.get("attributed_to") else ""
            # A value with no span was read from a headline kept in metadata, not in the text.
            cite = _cite(v, val["sources"]) or "headline of " + ", ".join(
                esc(v.label(a)) for a in val["article_ids"] if a in v.articles
            )
            out.append(f"  - “{esc(value_label(c, val))}”{who}: {cite}")
    return out


def _quotes(v: StoryView, story: dict[str, Any]) -> list[str]:
    """One sub-heading per speaker, then one item per quotation card: its first rendering,
    its other renderings below it as word diffs; a denial or dispute says so first."""
    out = ["", "### Who said what", ""]  # the blank line every section has under its heading
    for group in v.speakers:
        n = len(group.quotes)
        out += [""] if len(out) > 3 else []  # a blank line after the speaker before
        out += [f"#### {esc(group.title)} — {n} quotation{'s' if n != 1 else ''}", ""]
        for q in group.quotes:
            out += _card(v, q, q.get("speaker") or group.name)
    return out


def _card(v: StoryView, q: dict[str, Any], speaker: str | None) -> list[str]:
    stance = stance_label(speaker, q.get("stance"), q.get("cue"))
    ref = said_text(q["renderings"][0]) if q["renderings"] else q["text"]
    out = []
    for i, r in enumerate(q["renderings"]):
        own = stance_label(speaker, r.get("stance"), r.get("cue"))
        said = f"**{esc(own)}**: " if own and own != stance else ""
        text = _said(r) if i == 0 else _diffed(ref, r)
        opening, closing = quote_marks(r)
        reported = "" if r.get("quoted", True) else "(reported) "
        shown = f"{reported}{opening}{text}{closing}"
        line = f"{esc(v.label(r['article_id']))}: {said}{shown} [{r['start']}–{r['end']}]"
        lead = (f"**{esc(stance)}** — " if stance else "") if i == 0 else ""
        out.append(f"- {lead}{line}" if i == 0 else f"  - {line}")
    return out


def _said(r: dict[str, Any]) -> str:
    """A rendering as written, its narration in italics (``said_parts``)."""
    parts = said_parts(r)
    return " ".join(f"*{esc(w)}*" if op == "narration" else esc(w.strip()) for op, w in parts)


def _diffed(ref: str, r: dict[str, Any]) -> str:
    """A rendering against ``ref`` word by word: dropped words struck out, added words bold,
    its narration in italics."""
    marks = {"del": "~~", "ins": "**", "narration": "*"}
    return " ".join(
        f"{marks.get(op, '')}{esc(w)}{marks.get(op, '')}" for op, w in said_parts(r, ref)
    )


def _timeline(v: StoryView, story: dict[str, Any]) -> list[str]:
    out = ["", "### Timeline", ""]
    for item in story.get("timeline", []):
        out.append(f"- **{esc(date_label(item['date']))}** — {esc(item['text'])}")
    return out


def _coverage(v: StoryView, story: dict[str, Any]) -> list[str]:
    out = [
        "",
        "### Coverage",
        "",
        "| Claim | Independent | " + " | ".join(esc(lbl) for _, lbl in v.outlets) + " |",
        "|---|---|" + "---|" * len(v.outlets),
    ]
    for claim, row in v.matrix:
        marks = " | ".join("●" if yes else "–" for yes in row)
        text = esc(cut_words(claim["text"], COVERAGE_CHARS))
        if claim.get("detail"):  # a detail row shares its sentence with the claim it adds to
            text = f"**{esc(' · '.join(claim['detail']))}** in: {text}"
        out.append(f"| {text} | {claim['independent_sources']} | {marks} |")
    return out


def _unique(v: StoryView, story: dict[str, Any]) -> list[str]:
    out = ["", "### What each outlet alone reports", ""]
    for aid, cids in story.get("unique", {}).items():
        for cid in cids:
            if cid in v.claims and aid in v.articles:
                out.append(f"- {esc(v.label(aid))}: {_detailed(v.claims[cid], 'in')}")
                out += _counters(v, v.claims[cid], "  ")
    return out


def _omissions(v: StoryView, story: dict[str, Any]) -> list[str]:
    out = ["", "### What each outlet leaves out", ""]
    for aid, cids in story.get("omissions", {}).items():
        for cid in cids:
            if cid in v.claims and aid in v.articles:
                claim = v.claims[cid]
                out.append(
                    f"- {esc(v.label(aid))} leaves out: {_detailed(claim, 'which others give in')}"
                )
    return out


def _spaced(part: str) -> str:
    """``esc`` of a run cut from a sentence, keeping the space on either side of it."""
    lead = " " if part[:1].isspace() else ""
    trail = " " if part[-1:].isspace() and part.strip() else ""
    return lead + esc(part) + trail


def _detailed(claim: dict[str, Any], joint: str) -> str:
    """A unique or left-out line: a detail claim's words in bold, then the sentence that
    states them ("**Calif.** in: Speaker Nancy Pelosi (D., **Calif.**) on Monday ..."); a
    whole claim as it is."""
    parts = marked(claim["text"], claim.get("detail"))
    text = "".join(f"**{esc(p)}**" if hit else _spaced(p) for p, hit in parts)
    if not claim.get("detail"):
        return text
    return f"**{esc(' · '.join(claim['detail']))}** {joint}: {text}"


def _framing(v: StoryView, story: dict[str, Any]) -> list[str]:
    out = ["", "### Framing", ""]
    for speaker, per in story.get("framing", {}).items():
        verbs = "; ".join(
            f"{esc(v.label(a))}: {', '.join(esc(x) for x in vs)}"
            for a, vs in per.items()
            if a in v.articles
        )
        out.append(f"- {esc(speaker)} — {verbs}")
    return out


def _entities(v: StoryView, story: dict[str, Any]) -> list[str]:
    out = ["", "### Entities", ""]
    for e in story.get("entities", []):
        aliases = ", ".join(esc(a) for a in e.get("aliases", []))
        also = f" — also {aliases}" if aliases else ""
        out.append(f"- {esc(e['name'])} ({esc(e['type'])}){also}")
    return out


# The sections of a story, in the order the HTML page shows them: what an editor needs first
# (the summary and the conflicts), then the sources and the long sections.
_SECTIONS: tuple[Callable[[StoryView, dict[str, Any]], list[str]], ...] = (
    _summary,
    _conflicts,
    _sources,
    _quotes,
    _unique,
    _omissions,
    _timeline,
    _coverage,
    _framing,
    _entities,
)
