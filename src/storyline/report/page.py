"""What a story page shows beyond the briefing's own fields, shared by the HTML pages and the
Markdown briefing: conflict headings cut at a word, quote cards grouped by speaker, stance
labels, the text-fragment link to a sentence on its original page, and section counts.

Everything here returns plain text or URLs; the templates escape it like any article text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

#: A section with more items than this starts collapsed (its heading still gives the count):
#: five or six rows fit beside the summary and conflicts on a laptop screen; the seeds' story
#: has 5 sources (shown) but 80-odd quotations and 60-odd claims (collapsed).
OPEN_ITEMS = 6
#: Longest conflict heading, in characters: one line of the page at 1400 px; cut at a word.
HEADING_CHARS = 90
#: Words of a sentence at each end of a text fragment (``#:~:text=start,end``): enough to find
#: the sentence on its page, few enough to survive the page's own punctuation and markup.
FRAGMENT_WORDS = 4
#: Words of the page before a text fragment given as its prefix, when the fragment's own words
#: occur more than once there (a quoted word, "genocide", on a page that writes it three
#: times): a prefix must end right before the text, and a few words find the occurrence.
PREFIX_WORDS = 3
#: What a stance says, as the verb shown after the speaker's name (an assertion shows none).
STANCE_VERBS = {"deny": "denies", "dispute": "disputes"}
#: Characters stripped from the two ends of a text fragment: quotation marks and punctuation
#: that the original page may write differently (straight or curly) or keep outside the text.
_EDGE = "\"'“”‘’«»()[]{}.,;:!?—–-…"


def http_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else None: escaping does not stop a
    ``javascript:`` URL taken from an untrusted page from running when its link is clicked."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def url_host(url: str | None) -> str | None:
    """The host of an http(s) URL without ``www.``: the outlet's domain, when it has no name."""
    safe = http_url(url)
    host = urlsplit(safe).hostname if safe else None
    return host.removeprefix("www.") if host else None


def _fragment_part(text: str) -> str:
    """Percent-encode one part of a text directive: every reserved character, and ``-`` too
    (it marks a prefix or suffix), so that commas and ampersands in the text stay text."""
    return quote(text, safe="").replace("-", "%2D")


def text_fragment(url: str | None, text: str, before: str = "") -> str | None:
    """A link to ``text`` on the page at ``url`` (``url#:~:text=start,end``): the browser
    scrolls to the sentence and highlights it. None unless ``url`` is http(s) and ``text`` has
    a word. ``before``: the page's text before it, given when its words occur more than once
    there; its last ``PREFIX_WORDS`` words then lead the directive as its prefix
    (``prefix-,start,end``), so the link lands on this occurrence, not the first."""
    base = http_url(url)
    words = text.split()
    if base is None or not words:
        return None
    first = words[0]
    words[0] = words[0].lstrip(_EDGE)  # two steps: a one-word text is both ends
    words[-1] = words[-1].rstrip(_EDGE)
    words = [w for w in words if w]
    if not words:
        return None
    base = base.split("#", 1)[0]
    # what the page writes right before the fragment's first word in its paragraph (a prefix
    # never runs over a block's end), the marks stripped from that word too: a prefix is
    # followed by the text with nothing but blanks between
    marks = first[: len(first) - len(first.lstrip(_EDGE))]
    before = before[before.rfind("\n") + 1 :]
    lead = (before + marks).split()[-PREFIX_WORDS:] if before.strip() else []
    prefix = f"{_fragment_part(' '.join(lead))}-," if lead else ""
    if len(words) <= 2 * FRAGMENT_WORDS:
        return f"{base}#:~:text={prefix}{_fragment_part(' '.join(words))}"
    start, end = " ".join(words[:FRAGMENT_WORDS]), " ".join(words[-FRAGMENT_WORDS:])
    return f"{base}#:~:text={prefix}{_fragment_part(start)},{_fragment_part(end)}"


def cut_words(text: str, limit: int = HEADING_CHARS) -> str:
    """``text`` on one line, cut at the last whole word before ``limit`` characters (with …)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - 1]
    if not flat[limit - 1].isspace() and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:—–-") + "…"


def conflict_heading(conflict: dict[str, Any], claims: list[dict[str, Any]]) -> str:
    """A conflict's heading in the articles' own case, cut at a word: the quotation for a quote
    or attribution conflict, the whole claim for a date conflict (whose ``subject`` is its first
    80 characters), the headline's words for a headline conflict."""
    kind, subject = conflict["kind"], conflict.get("subject") or ""
    first = conflict["values"][0] if conflict.get("values") else {}
    if kind == "quote" and first:
        who = first.get("attributed_to")
        said = f"“{cut_words(first['value'])}”"
        return f"{who}: {said}" if who else said
    if kind == "attribution" and first.get("sources"):
        return f"“{cut_words(first['sources'][0]['text'])}”"
    if kind == "headline":
        return cut_words(subject.removeprefix("headline: "))
    if kind == "date":
        whole = next((c["text"] for c in claims if c["text"].startswith(subject)), subject)
        return cut_words(whole)
    return cut_words(subject)


def date_label(value: str) -> str:
    """A timeline date as an editor reads it: an ISO week ("2021-W19", the week a claim's
    "last week" names) as the day it begins, "week of 2021-05-10"; any other value as it is
    (a new user's trial: "2021-W19 may puzzle editors")."""
    from storyline.reconcile.lines import first_day

    return f"week of {first_day(value)}" if "-W" in value else value


def count(n: int, noun: str) -> str:
    """``n`` and ``noun``, in the plural unless one: "1 conflict", "2 conflicts"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def value_label(conflict: dict[str, Any], value: dict[str, Any]) -> str:
    """A conflict value as the reader tells it apart: its words and, for a date whose words do
    not name the day they resolve to, that day: "Wednesday" in a Monday's report and in a
    Thursday's are two different Wednesdays, shown as "Wednesday (2021-06-09)" and
    "Wednesday (2021-06-16)" rather than as the same word twice."""
    text, day = str(value["value"]), value.get("normalized")
    if conflict.get("kind") == "date" and isinstance(day, str) and day not in text:
        return f"{text} ({day})"
    return text


@dataclass
class SpeakerGroup:
    """One speaker's quotation cards, under one heading."""

    name: str | None
    role: str | None = None
    org: str | None = None
    quotes: list[dict[str, Any]] = field(default_factory=list)
    entity: str | None = None  # the speaker's canonical entity; None for a description

    @property
    def named(self) -> bool:
        """Whether the speaker is someone named (a canonical entity), not a description
        ("officials", "a person familiar with the matter"): only those count as speakers
        named (a new user's trial: "5 speakers named" where one was "officials")."""
        return self.entity is not None

    @property
    def title(self) -> str:
        """The speaker's name, then their role and organisation apart."""
        extra = ", ".join(x for x in (self.role, self.org) if x)
        name = self.name or "Unattributed"
        return f"{name} ({extra})" if extra else name


def speaker_key(speaker: str | None, entity: str | None) -> str:
    """Who a card's speaker is, for grouping and counting: the speaker's entity, else the name
    as written, its apostrophes one kind ("Georgia’s secretary" = "Georgia's"); "" for none."""
    return entity or " ".join((speaker or "").replace("’", "'").lower().split())


def speaker_groups(quotes: list[dict[str, Any]]) -> list[SpeakerGroup]:
    """Quotation cards grouped by speaker (by entity, else by name): the most quoted speaker
    first, unattributed cards last; cards keep the briefing's order within a group."""
    groups: dict[str, SpeakerGroup] = {}
    for q in quotes:
        key = speaker_key(q.get("speaker"), q.get("speaker_entity"))
        group = groups.setdefault(key, SpeakerGroup(q.get("speaker") if key else None))
        group.entity = group.entity or q.get("speaker_entity")
        group.role = group.role or q.get("speaker_role")
        group.org = group.org or q.get("speaker_org")
        group.quotes.append(q)
    return sorted(
        groups.values(),
        key=lambda g: (g.name is None, -len(g.quotes), (g.name or "").lower()),
    )


#: Opening quotation marks a rendering's text may begin with: its source's own, taken in
#: when a quotation is cut in two by its attribution (``reconcile.quotes.rendering_span``).
OWN_MARKS = '"“‘«'


#: What stands for a rendering's narration while its words are diffed: no word of a text.
_NARRATION = "\ue000"


def said_text(rendering: dict[str, Any]) -> str:
    """A rendering's text with each span of the writer's words between its quoted pieces
    (``narration``) replaced by ``_NARRATION``: the words said, to set against another."""
    text, start = rendering["text"], rendering["start"]
    for s, e in sorted(rendering.get("narration") or (), reverse=True):
        text = text[: s - start] + _NARRATION + text[e - start :]
    return str(text)


def said_parts(rendering: dict[str, Any], reference: str | None = None) -> list[tuple[str, str]]:
    """A rendering as the reports show it: [(op, words)], its narration (op ``narration``)
    apart from the words said, which the reports show as the source writes them, and every
    word of the span on the page ('“Jan. 6 ...,” *Ms. Pelosi told reporters.* “Our ...”': a
    fact-checker's trial read the attribution as part of the quotation). With ``reference``
    (another rendering's ``said_text``) the words said are diffed against it (``word_diff``)."""
    gaps = [
        rendering["text"][s - rendering["start"] : e - rendering["start"]]
        for s, e in sorted(rendering.get("narration") or ())
    ]
    said = said_text(rendering)
    ops = [("equal", said)] if reference is None else word_diff(reference, said)
    out: list[tuple[str, str]] = []
    for op, words in ops:
        pieces = words.split(_NARRATION) if op != "del" else [words.replace(_NARRATION, "…")]
        for k, piece in enumerate(pieces):
            if k:
                out.append(("narration", gaps.pop(0) if gaps else ""))
            if piece.strip():
                out.append((op, piece.strip() if reference is not None else piece))
    return out


def quote_marks(rendering: dict[str, Any]) -> tuple[str, str]:
    """The quotation marks a report puts around a rendering: none for reported speech (the
    writer's words) nor for a text that carries its source's own marks, else “ and ”."""
    if not rendering.get("quoted", True) or rendering["text"][:1] in OWN_MARKS:
        return "", ""
    return "“", "”"


def stance_label(speaker: str | None, stance: str | None, cue: str | None) -> str | None:
    """``X denies (cue “rejected”)`` for a denial or a dispute; None for an assertion."""
    verb = STANCE_VERBS.get(stance or "assert")
    if verb is None:
        return None
    said = f" (cue “{cue}”)" if cue else ""
    return f"{speaker or 'The speaker'} {verb}{said}"


def counterclaims(claim: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(label, span) for every sentence that denies or disputes ``claim``, denials first."""
    out = []
    for stance, key in (("deny", "denied_by"), ("dispute", "disputed_by")):
        for span in claim.get(key) or []:
            out.append((stance_label(span.get("speaker"), stance, span.get("cue")) or "", span))
    return out


_EDGE_PUNCT = re.compile(r"^\W+|\W+$")


def _keys(words: Sequence[str]) -> list[str]:
    """Words as compared: lower case, without the punctuation around them ("country." is
    "country"), with one apostrophe for the typographic and the straight one ("that’s" is
    "that's", as ``reconcile.words.wording`` reads them): an outlet's house style is no change
    of wording."""
    from storyline.reconcile.words import APOSTROPHES  # not at import: the CLI's start

    return [_EDGE_PUNCT.sub("", w.lower().translate(APOSTROPHES)) or w for w in words]


def word_diff(reference: str, other: str) -> list[tuple[str, str]]:
    """Word-level diff of ``other`` against ``reference``: [(op, words)], op in equal/del/ins.
    Words of one rendering only, before the first word both share or after the last, are
    where its quotation starts or stops, not a change of wording
    (``reconcile.quote_conflicts.edge_cuts``): a partial
    quote does not strike out the words the other goes on to quote, and its own words past
    the other's cut are shown plain, and so is a rendering that shares no content word with it."""
    import difflib

    from storyline.reconcile.quote_conflicts import edge_cuts
    from storyline.reconcile.words import content_words

    a, b = reference.split(), other.split()
    ops: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=_keys(a), b=_keys(b), autojunk=False)
    codes = matcher.get_opcodes()
    mine, theirs = set(content_words(reference)), set(content_words(other))
    if (mine and theirs and not mine & theirs) or not any(t == "equal" for t, *_ in codes):
        # Nothing shared (no content word where both have some): another piece of the
        # quotation (two fragments of one statement), not a rewording of the first, so it is
        # shown as it reads.
        return [("equal", other)] if b else []
    cut = edge_cuts(codes)
    for k, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag == "equal" or k in cut:
            if j2 > j1:
                ops.append(("equal", " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            ops.append(("del", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("ins", " ".join(b[j1:j2])))
    return ops
