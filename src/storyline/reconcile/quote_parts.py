"""Two quotes of one article that are one rendering: a quotation cut in two by its cue
("“…,” he said. “…”"), or the items of one list of quoted words ("calls people “losers” and
“sad”"). ``quote_groups`` joins such parts on one card and shows them as one rendering.
"""

from __future__ import annotations

import re

from storyline.extract.quotes import is_title
from storyline.models import Quote
from storyline.reconcile.lines import DOUBLE_MARKS

# The most characters between two direct quotes of one paragraph for the text between them to
# be only their attribution: ", said Zelensky. " is 16; a speaker with a long apposition
# (", said X, an associate professor of ... and the editor of ... blog. ") runs to 170 on
# PolNeAR dev, whose annotators take such a quote as one attribution, cue included.
CUE_GAP = 250
# A first part closed on a full stop ends its sentence: only a short one ("Chaffetz said.",
# "said Sen. Ann Cole of Ohio.") may then stand between it and the second part, not a
# sentence of the writer's that ends on a cue ("Trump was defensive when ..., saying, “…”").
STOP_GAP_WORDS = 8
# Quotation marks, straight and curly; the double ones never stand for an apostrophe.
_MARKS = "\"“”‘’«»'"
# Words in quotation marks inside an attribution: a nickname or a show's name ('Marcia "Cia"
# Price', 'said on Fox News's “Fox and Friends.”'), which do not make the gap a quotation.
_NAMED_IN_GAP = re.compile(r"(?<=\s)[\"“]([^\"“”\n]{1,60})[\"”](?=[\s,.])")
# The marks and connective between two items of a list of quoted words.
_LIST_GAP = re.compile(r"[,.]?[\"”’']\s*,?\s*(?:and|or)?\s*[\"“‘']")
# A sentence ends inside the gap and another begins: a lower-case word before the stop (an
# abbreviation or initial, "Rep." "R-Fla.", is capitalised), so more than an attribution.
_SENTENCE_BREAK = re.compile(r"\b[a-z]\w*[.!?]\s+[A-Z]")


def _unless_title(m: re.Match[str]) -> str:
    """The quoted words of ``_NAMED_IN_GAP`` blanked when they name something (the
    writer's stop or comma, printed inside the marks, aside), else kept."""
    words = m.group(1).rstrip(".,")
    return " " * len(m.group()) if is_title(words, 0, len(words)) else m.group()


def joined(text: str, a: Quote, b: Quote) -> bool:
    """Whether quotes ``a`` and ``b`` are one rendering: cut by their cue (``_cue_gap``) or
    items of one list of quoted words ("losers" and "sad.", ``_list_gap``)."""
    return _cue_gap(text, a, b) or _list_gap(text, a, b)


def _list_gap(text: str, a: Quote, b: Quote) -> bool:
    """Whether partial quotes ``a`` and ``b`` are items of one list in the writer's
    sentence: nothing but a comma, "and" or "or" between their marks (calls people
    “losers” and “sad”; went on about “...,” and “...” and “...”). PolNeAR takes such a
    list as one content."""
    return (
        a.kind == b.kind == "partial"
        and b.start > a.end
        and bool(_LIST_GAP.fullmatch(text, a.end, b.start))
    )


def _cue_gap(text: str, a: Quote, b: Quote) -> bool:
    """Whether only an attribution stands between direct quotes ``a`` and ``b``: one
    paragraph, no other quotation mark, at most ``CUE_GAP`` characters, and the cue of one of
    them inside (“…,” he said. “…”)."""
    gap = text[a.end : b.start]
    continued = b.kind == "partial" and gap.rstrip(" " + _MARKS).endswith(",")
    if a.kind != "direct" or (b.kind != "direct" and not continued) or b.start < a.end:
        return False
    inner = _NAMED_IN_GAP.sub(_unless_title, gap).strip(" ,.;:!?…—" + _MARKS)
    if "\n" in gap or len(gap) > CUE_GAP or any(m in inner for m in DOUBLE_MARKS):
        return False
    if _SENTENCE_BREAK.search(inner):
        return False  # “…?” a narrator asks. The spot ends with Trump saying “…”: two speakers
    if "." in text[a.end - 1 : a.end + 1] and len(inner.split()) > STOP_GAP_WORDS:
        return False  # “… smart.” Trump was similarly defensive when ..., saying, “…”
    cues = [c for c in (a.cue_start, b.cue_start) if c is not None]
    return any(a.end <= c < b.start for c in cues)
