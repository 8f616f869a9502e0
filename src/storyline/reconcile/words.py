"""Content words of a text, lower-cased and lightly stemmed: the word-overlap evidence of
alignment, quote grouping, denials, details and conflicts."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"\w+(?:['’]\w+)?")
#: Apostrophes outlets write for one another (typographic, straight, modifier letter): one.
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_WORDING = re.compile(r"\w+(?:'\w+)?")


def wording(text: str) -> list[str]:
    """Lower-cased words with one apostrophe, without punctuation: the wording on which two
    renderings of a quotation are compared (quote cards, quote conflicts, the page's diff)."""
    return _WORDING.findall(text.lower().translate(APOSTROPHES))


# Suffixes stripped (longest first, up to ``STEM_PASSES`` times) so inflections and derivations
# of one word meet: "captured"/"capture", "neutrality"/"neutral", "recruitment"/"recruited",
# "nationals"/"national". One pass left "neutrality" at "neutral" but "neutral" at "neutr".
_SUFFIXES = (
    "ities",
    "ity",
    "ments",
    "ment",
    "ations",
    "ation",
    "ions",
    "ion",
    "ings",
    "ing",
    "ers",
    "er",
    "ed",
    "es",
    "s",
    "ly",
    "al",
)
# A stem keeps at least this many letters, so short words ("news", "sing") stay whole.
MIN_STEM = 4
# Two passes reach the root of a derived-then-inflected word ("neutral-ity", "nation-al-s").
STEM_PASSES = 2
# "-ly" is an adverb ending only on a longer stem ("quick-ly"), not in "supply" or "apply".
MIN_LY_STEM = 5
# "-ies"/"-ied" are a "y" word inflected ("supplies", "denied"), not a stem plus "-es"/"-ed".
_Y_INFLECTIONS = ("ies", "ied")


# Irregular past forms of verbs common in news, as their base form: suffix stripping never
# meets "sent" with "sending" or "fought" with "fighting", and outlets paraphrasing one claim
# change the tense ("had not sent the fighters" / "directly sending troops").
_IRREGULAR = {
    **dict.fromkeys(("sent",), "send"),
    **dict.fromkeys(("took", "taken"), "take"),
    **dict.fromkeys(("gave", "given"), "give"),
    **dict.fromkeys(("held",), "hold"),
    **dict.fromkeys(("made",), "make"),
    **dict.fromkeys(("met",), "meet"),
    **dict.fromkeys(("left",), "leave"),
    **dict.fromkeys(("fought",), "fight"),
    **dict.fromkeys(("brought",), "bring"),
    **dict.fromkeys(("sought",), "seek"),
    **dict.fromkeys(("began", "begun"), "begin"),
    **dict.fromkeys(("spoke", "spoken"), "speak"),
    **dict.fromkeys(("wrote", "written"), "write"),
    **dict.fromkeys(("drew", "drawn"), "draw"),
    **dict.fromkeys(("knew", "known"), "know"),
    **dict.fromkeys(("found",), "find"),
    **dict.fromkeys(("bought",), "buy"),
    **dict.fromkeys(("sold",), "sell"),
    **dict.fromkeys(("struck",), "strike"),
    **dict.fromkeys(("caught",), "catch"),
    **dict.fromkeys(("chose", "chosen"), "choose"),
    **dict.fromkeys(("led",), "lead"),
    **dict.fromkeys(("paid",), "pay"),
    **dict.fromkeys(("lost",), "lose"),
    **dict.fromkeys(("won",), "win"),
    **dict.fromkeys(("shown",), "show"),
}


# Words whose stems are remembered (``stem`` walks its suffix list for every word it reads;
# a story's texts share most of their words): the memo of ``_content_stem``, through which
# every word read reaches ``stem``.
STEM_MEMO = 1 << 16


def stem(word: str) -> str:
    """A light suffix-stripping stem (no stemmer package is a dependency): the stem of a word and
    of its inflections agree in most news vocabulary, and a final silent "e" is dropped. An
    irregular past form (``_IRREGULAR``) is stemmed as its base form."""
    word = _IRREGULAR.get(word, word)
    for suf in _Y_INFLECTIONS:
        if len(word) > len(suf) + 2 and word.endswith(suf):
            word = word[: -len(suf)] + "y"
            break
    for _ in range(STEM_PASSES):
        for suf in _SUFFIXES:
            least = MIN_LY_STEM if suf == "ly" else MIN_STEM
            if len(word) >= len(suf) + least and word.endswith(suf):
                word = word[: -len(suf)]
                break
        else:
            break
    if len(word) > MIN_STEM and word.endswith("e"):
        word = word[:-1]
    return word


# A story's texts are read for their content words by alignment, quote grouping, denials,
# details and conflicts, each on its own: 14,500 calls on 100 PolNeAR articles, 5 s (cProfile),
# most for texts already read. The words of the last texts read are remembered: enough for
# a run of 1,000 articles' units and quotes (37,000 texts; at 16,384, a quarter of the
# look-ups missed).
CONTENT_WORDS_MEMO = 1 << 16


def content_words(text: str) -> list[str]:
    """Lower-cased, stemmed content words, for word-overlap evidence."""
    return list(_content_words(text))


@lru_cache(maxsize=CONTENT_WORDS_MEMO)
def _content_words(text: str) -> tuple[str, ...]:
    return tuple(s for w in _WORD.findall(text.lower()) if (s := _content_stem(w)) is not None)


@lru_cache(maxsize=STEM_MEMO)
def _content_stem(word: str) -> str | None:
    """The stem a lower-cased word of a text counts as, or None for a stop word, a short word
    or a number: one look-up per word read, where a story's texts share most of their words
    (the per-word steps were a third of the stage's own time on 1,000 articles, cProfile)."""
    w = word.replace("’", "'").removesuffix("'s")
    if w in STOPWORDS or len(w) < 3 or w.isdigit():
        return None
    return stem(w)


STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as into onto about over after
    before than then that this these those there their them they he she his her its it it's we
    our us you your i me my is are was were be been being has have had do does did not no nor so
    too very can could should would will may might must shall also just only much
    such some any all both each other another which who whom whose what when where why how one
    said says say told according while whether out up down off again further once here own same
    """.split()
)


#: Words of a quotation or claim a conflict is headed by (``opening``).
SUBJECT_WORDS = 8
_SUBJECT_WORD = re.compile(r"\w+(?:['’]\w+)*")


def opening(text: str, n: int = SUBJECT_WORDS) -> str:
    """The first ``n`` words of a text as its source writes them, with "…" where words
    follow: a conflict's subject (a quote conflict's had read "i'm not confident ... what",
    lower-case and without its full stop; a date conflict's was cut mid-word, "... in an e")."""
    found = list(_SUBJECT_WORD.finditer(text))
    if len(found) <= n:
        return text.strip()
    return text[: found[n - 1].end()].strip() + "…"
