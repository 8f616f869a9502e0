"""Which language an article is written in, so that only English text becomes claims and quotes.

storyline's parser, cue verbs and speaker rules are English; a French or German report run
through them yields nonsense "claims" and "quotes" that would stand in a briefing beside real
ones. The identifier is langdetect (Google's language-detection profiles, which ship inside the
package: nothing is downloaded), seeded so the same text always gets the same answer.

An article is called non-English only when the identifier is sure and has enough text to go
on; anything doubtful (a short text, a mix) counts as English, so a real English report is
never dropped by mistake.
"""

from __future__ import annotations

from functools import cache
from itertools import repeat
from typing import Any

from storyline.models import Article

# Characters of prose the identifier reads: a few paragraphs settle the language; reading a
# whole long article only costs time.
SAMPLE_CHARS = 2000
# Below this many characters of prose (a caption, a one-line item) the guess is unreliable:
# such an article is taken as English.
MIN_CHARS = 200
# Probability the identifier must give a language other than English before the article is
# kept out of claims and quotes; below it, English is assumed.
MIN_PROBABILITY = 0.95
ENGLISH = "en"
# Words that only English uses among the languages news comes in (no French, German, Spanish,
# Italian or Dutch word is spelled so: "of", "was", "in", "a" are left out for that reason).
# Together they are about a tenth of running English prose ("the" alone is 5-7 %).
ENGLISH_FUNCTION_WORDS = frozenset(
    "the and that with for from this which were have said their been would".split()
)
# Share of a sample's words that must be English function words for the text to be English
# without running the identifier (about 20x faster than it, on every article of an ingest):
# English prose has 8-15 %; prose in another language none but a quoted English phrase or two.
ENGLISH_WORD_SHARE = 0.05
#: ISO 639-2's code for "undetermined": the identifier was not sure (too little text, a mix).
UNDETERMINED = "und"


@cache
def _factory() -> Any:
    """langdetect's profiles, loaded once per process (about half a second)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)  # langdetect samples n-grams at random: a seed makes it repeatable
    return factory


def _prose_sample(article: Article) -> str:
    if not article.prose:
        return article.text[:SAMPLE_CHARS]
    parts, size = [], 0
    for start, end in article.prose:
        parts.append(article.text[start:end])
        size += end - start
        if size >= SAMPLE_CHARS:
            break
    return "\n".join(parts)[:SAMPLE_CHARS]


def _plainly_english(text: str) -> bool:
    """Whether English function words make up ``ENGLISH_WORD_SHARE`` of the text's words."""
    words = text.lower().split()
    bare = map(str.strip, words, repeat(".,;:!?\"'()"))  # counted in C: every article's sample
    hits = sum(map(ENGLISH_FUNCTION_WORDS.__contains__, bare))
    return hits >= ENGLISH_WORD_SHARE * len(words)


def language_of(article: Article) -> str | None:
    """The article's language code (``"fr"``, ``"de"``...) when the identifier is sure of it,
    ``"en"`` for English, ``None`` when the text is too short or the guess too weak."""
    from langdetect.lang_detect_exception import LangDetectException

    text = _prose_sample(article)
    if len(text.strip()) < MIN_CHARS:
        return None
    if _plainly_english(text):
        return ENGLISH
    detector = _factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    return str(best.lang) if best.prob >= MIN_PROBABILITY else None


def identify(article: Article) -> str:
    """What ``clean`` stores in ``Article.language``: ``language_of``, or ``UNDETERMINED``."""
    return language_of(article) or UNDETERMINED


def language(article: Article) -> str:
    """The article's language: as cleaning identified it, or identified now if it was not."""
    return article.language or identify(article)


def is_english(article: Article) -> bool:
    """False only for an article the identifier is sure is in another language."""
    return language(article) in (ENGLISH, UNDETERMINED)
