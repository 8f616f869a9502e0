"""What quoted words are: speech of its own (*direct*), words inside the writer's sentence
(*partial*), or a title that nobody said (``is_title``), read from the text around the marks.

``storyline.extract.quotes`` finds the marks and asks ``quote_kind`` of each quotation; it
re-exports ``is_title``.
"""

from __future__ import annotations

import re

# A quote starts speech of its own when the text before it in the line ends like this.
# The stop may sit inside the closing mark of a name before it (on “Fox and Friends.” “I
# mean, ...”).
_DIRECT_BEFORE = re.compile(r"(^|[.:!?…]|,)[”\"’']?\s*$")
# A run-in headline in capitals right before the quote ("WHAT'S WORKING. TAMPON TAX “New
# York ...”"): newsletters print an excerpt of another outlet after it, speech of its own.
_HEADLINE_BEFORE = re.compile(
    r"(?:^|[.\]]\s)[^a-z“”\"]*[A-Z]{2,}[^a-z“”\"]*[A-Z][’'A-Z]*[\s\xa0]*$"
)
# A closing mark with no punctuation inside it, then a lower-case word: the quoted words are
# part of the writer's sentence (“Daily Show” host ...), not speech standing alone.
_AFTER_CLOSE = re.compile(r"[”\"’'»][ \t]+([a-z]\w*)")
_AFTER_CLOSE_ANY = re.compile(r"[,!?]?[”\"’'»][ \t]+(\w+)")
# Words that may follow a quote that does stand alone when its comma is missing.
_CUE_AFTER = frozenset("said says told added wrote asked he she they we i according".split())
# Punctuation closing quoted words that stand as an utterance (“Denver,” he answered).
_END_PUNCT = (".", ",", "!", "?", ";", ":", "…", "—")
# A lower-case word, then the opening mark: the quote sits inside the writer's sentence.
_IN_SENTENCE = re.compile(r"[a-z][ \t]+$")
# Titles are short: a longer capitalised run is a slogan or a headline someone wrote.
TITLE_MAX_WORDS = 6
# A title's words; one that starts with a digit (“13th”, “Catch-22”) counts as capitalised.
_TITLE_TOKEN = re.compile(r"[^\W_][\w’'-]*")
_TITLE_SMALL = frozenset("a an the of and or in on at to for with by is from".split())
_TITLE_WORDS_SPOKEN = frozenset({"I", "No", "Yes", "OK", "Okay"})
# Closing quotation marks, double and single, straight and curly.
CLOSE_MARKS = "”\"’'"


def _as_closed(text: str, s: int, e: int) -> str:
    """The quote with the punctuation its closing mark encloses, which ``_strip`` drops
    (“Denver,” -> "Denver,"): that comma or stop says the words stand as an utterance."""
    return text[s : e + 1].rstrip("”\"’'»")


def _in_sentence(text: str, end: int) -> bool:
    """``_IN_SENTENCE.search(text, 0, end)``: a lowercase letter, then blanks, up to ``end``.

    A match can only start just before the blanks that end there, so the search starts
    there too, not at the top of the text (once per quote, that was quadratic).
    """
    k = min(max(end, 0), len(text))
    while k > 0 and text[k - 1] in " \t\n":
        k -= 1
    return _IN_SENTENCE.search(text, max(0, k - 1), end) is not None


def _subhead(text: str, s: int, e: int) -> bool:
    """Whether the quoted words, of two words or more, are the whole of their line: a
    section heading some outlets print in quotation marks ('All Bets Are Off.')."""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    line = text[ls : le if le >= 0 else len(text)].strip()
    inner = text[s:e].strip()
    return " " in inner and line.strip(CLOSE_MARKS + "“‘«»").rstrip(".") == inner.rstrip(".")


def is_title(text: str, s: int, e: int) -> bool:
    """Quoted words that name something (a show, a film, a campaign: “Broad City”, ‘Star
    Wars’) rather than report speech: a few words, every one capitalised but the small ones,
    nothing that ends a sentence. Nobody said them, so they are never attributed."""
    words = _as_closed(text, s, e)
    if words.endswith(".") and _subhead(text, s, e):
        words = words[:-1]  # a section heading: the quoted words make up the whole line
    elif words.endswith((".", ",")) and _in_sentence(text, s - 1):
        # on “Meet the Press.”, a broadcast of “Fox News Sunday,” Pence said: the writer's
        # stop or comma, printed inside the marks, after a word of the writer's sentence
        words = words[:-1]
    ws = _TITLE_TOKEN.findall(words)
    return (
        0 < len(ws) <= TITLE_MAX_WORDS
        and any(c.isalpha() for c in words)
        and not words.rstrip().endswith(_END_PUNCT)
        and all(w[0].isupper() or w[0].isdigit() or w.lower() in _TITLE_SMALL for w in ws)
        and not (len(ws) == 1 and ws[0] in _TITLE_WORDS_SPOKEN)
    )


def _short_utterance(text: str, s: int, e: int) -> bool:
    """A few words that open a sentence and are a sentence of their own (a capital, then
    "." "!" or "?" inside the marks), or are closed on a comma, "!" or "?" and followed by
    the speaker or the cue (“I would,” Melanie said): a short utterance, speech of its own
    like a longer one."""
    closed = _as_closed(text, s, e)
    if closed.endswith((".", "!", "?")) and text[s : s + 1].isupper():
        return True  # a sentence of its own (“I would, Donald.”), whatever its length
    after = _AFTER_CLOSE_ANY.match(text, e)
    return (
        closed.endswith((",", "!", "?"))
        and after is not None
        and (after.group(1)[0].isupper() or after.group(1).lower() in _CUE_AFTER)
    )


def quote_kind(text: str, line_start: int, open_pos: int, s: int, e: int) -> str:
    """``direct`` or ``partial``: the quotation ``text[s:e]``, whose opening mark is at
    ``open_pos`` in the line starting at ``line_start``."""
    before = text[line_start:open_pos]
    words = text[s:e].split()
    if is_title(text, s, e):
        return "partial"  # “Jane The Virgin” star ...: a name, even at a paragraph's start
    after = _AFTER_CLOSE.match(text, e)
    if (
        after is not None
        and after.group(1).lower() not in _CUE_AFTER
        and not _as_closed(text, s, e).endswith(_END_PUNCT)
    ):
        # “Daily Show” host Trevor Noah: the writer's sentence goes on through the quote.
        return "partial"
    if _HEADLINE_BEFORE.search(before) and len(words) >= 4:
        return "direct"  # NEWS BRIEF HEADLINE “Quoted excerpt ...” [Source]: an excerpt
    if _DIRECT_BEFORE.search(before) and (
        len(words) >= 4 or before.strip() == "" or _short_utterance(text, s, e)
    ):
        if before.rstrip().endswith(",") and not text[s : s + 1].isupper():
            return "partial"
        return "direct"
    return "partial"
