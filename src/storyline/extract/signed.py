"""Quotes signed by a name rather than reported by a verb.

Two layouts give a quotation its speaker without any reporting verb:

- a list of reader or voter voices, each quotation signed after a dash at the end of its
  line: ``“…” ― Carla Sanchez``, or ``“…” ― Sen. Jane Roe (D-Ore.), in a tweet``;
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
# Blank lines, then a line that opens with a signing dash.
_NEXT_LINE_DASH = re.compile(r"[ \t\u00a0]*(?:\n[ \t\u00a0]*)+(?=[―—–])")
# The end of a signed line: a closing mark, a dash, a name and nothing else.
_SIGNED_LINE_END = re.compile(r"[”\"»][ \t\u00a0]*[―—–][^”\"\n]*$")
# The name that leads a line before its colon ("Sanders:", "Rep. Elijah Cummings:").
_LEAD = re.compile(r"[ \t\u00a0]*(?P<name>[^\W\d_][^\n:]*?)[ \t\u00a0]*:")
# A signature or a lead of more words than this is a sentence, not a name.
SIGNED_NAME_MAX_WORDS = 5
# ... unless a person's name ends it after a title (``Resolver._signed`` checks that a name
# does): "― Republican National Committee Chair Jane Roe, in a tweet" is six words.
SIGNED_TITLED_MAX_WORDS = 8
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")


def _line_bounds(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def _name_run(
    text: str, start: int, end: int, most: int = SIGNED_NAME_MAX_WORDS
) -> tuple[int, int] | None:
    """The capitalised words from ``start`` (at most ``most``), as a span."""
    pos, last, n = start, None, 0
    while n < most:
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
    a closing mark, the dash and a name (a quotation with a quotation inside), or the quote
    ends its paragraph and the next one opens with the dash."""
    line_start, line_end = _line_bounds(text, qe)
    m = _SIGN_DASH.match(text, qe, line_end)
    if m is None and text[line_start:qs].strip(" \t\u00a0“\"‘'«") == "":
        tail = _SIGNED_LINE_END.search(text, qe, line_end)
        m = _SIGN_DASH.match(text, tail.start(), line_end) if tail else None
    if m is None and not text[qe:line_end].strip(' \t\u00a0”"’»'):
        # the quote ends its paragraph, and the next one is the signature: "“…”\n\n— Name"
        below = _NEXT_LINE_DASH.match(text, line_end)
        if below is not None:
            line_end = _line_bounds(text, below.end())[1]
            m = _SIGN_DASH.match(text, below.end(), line_end)
    if m is None:
        return None
    run = _name_run(text, m.end(), line_end, SIGNED_TITLED_MAX_WORDS)
    rest = text[run[1] : line_end].strip(" .\u00a0") if run is not None else ""
    # the name, and nothing after it but where or when it was said: ", in a tweet, April 26"
    return run if run is not None and (not rest or rest[0] in ",(") else None


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
