"""Quotes signed by a name rather than reported by a verb.

Two layouts give a quotation its speaker without any reporting verb:

- a list of reader or voter voices, each quotation signed after a dash at the end of its
  line: ``“…” ― Carla Sanchez``;
- a transcript, or a headline, that leads with the speaker's name and a colon:
  ``Sanders: Clinton needs to 'get away …'``, ``TRUMP: …``.

``signed_name`` finds where such a name is written; ``speakers.Resolver`` turns it into the
quote's speaker (the span as written, and the mention it resolves to). The quotation span
itself is ``quotes.py``'s.
"""

from __future__ import annotations

import re

# A dash that signs a quotation: horizontal bar, em or en dash, right after the closing mark.
_SIGN_DASH = re.compile(r"[”\"’'»]*[ \t\u00a0]*[―—–][ \t\u00a0]*")
# The end of a signed line: a closing mark, a dash, a name and nothing else.
_SIGNED_LINE_END = re.compile(r"[”\"»][ \t\u00a0]*[―—–][^”\"\n]*$")
# The name that leads a line before its colon ("Sanders:", "Rep. Elijah Cummings:").
_LEAD = re.compile(r"[ \t\u00a0]*(?P<name>[^\W\d_][^\n:]*?)[ \t\u00a0]*:")
# A signature or a lead of more words than this is a sentence, not a name.
SIGNED_NAME_MAX_WORDS = 5
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")


def _line_bounds(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def _name_run(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The capitalised words from ``start`` (at most ``SIGNED_NAME_MAX_WORDS``), as a span."""
    pos, last, n = start, None, 0
    while n < SIGNED_NAME_MAX_WORDS:
        m = _NAME_WORD.match(text, pos, end)
        if m is None or not m.group()[0].isupper():
            break
        last, n = m.end(), n + 1
        pos = m.end()
        while pos < end and text[pos] in " \u00a0":
            pos += 1
    if last is None:
        return None
    while last > start + 2 and text[last - 1] == "." and text[last - 3] != " ":
        last -= 1  # a full stop closing the line, not an initial ("A.")
    return start, last


def signature(text: str, qs: int, qe: int) -> tuple[int, int] | None:
    """``“…” ― Name``: the name signing the quote ``[qs, qe)``, as a span. Either the dash
    follows the quote's closing mark, or the quote opens its line and the line ends with
    a closing mark, the dash and a name (a quotation with a quotation inside)."""
    line_start, line_end = _line_bounds(text, qe)
    m = _SIGN_DASH.match(text, qe, line_end)
    if m is None and text[line_start:qs].strip(" \t\u00a0“\"‘'«") == "":
        tail = _SIGNED_LINE_END.search(text, qe, line_end)
        m = _SIGN_DASH.match(text, tail.start(), line_end) if tail else None
    if m is None:
        return None
    run = _name_run(text, m.end(), line_end)
    return run if run is not None and not text[run[1] : line_end].strip(" .\u00a0") else None


def lead(text: str, qs: int) -> tuple[int, int] | None:
    """``Name: …``: the name that opens the line of the quote starting at ``qs``, before a
    colon that comes before the quote, as a span."""
    line_start, _ = _line_bounds(text, qs)
    m = _LEAD.match(text, line_start, qs)
    if m is None:
        return None
    s, e = m.span("name")
    run = _name_run(text, s, e)
    return run if run is not None and run[1] == e else None


def signed_name(text: str, qs: int, qe: int) -> tuple[int, int] | None:
    """Where the name that signs or leads the quote ``[qs, qe)`` is written, if any."""
    return signature(text, qs, qe) or lead(text, qs)
