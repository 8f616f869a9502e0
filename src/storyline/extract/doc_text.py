"""The text of a parsed ``Doc``, joined once."""

from __future__ import annotations

from spacy.tokens import Doc

# Where ``doc_text`` keeps the text on the doc (``Doc.user_data``; spaCy's own keys are tuples).
_KEY = "storyline.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, remembered on the doc: spaCy joins every token's text again on each
    ``doc.text``, and the extractors read it six times an article (sentences, quotes, cues,
    dates), 4 of the 16 s that extraction spent beyond the parse on 100 PolNeAR articles
    (cProfile)."""
    text = doc.user_data.get(_KEY)
    if not isinstance(text, str):
        text = doc.user_data[_KEY] = doc.text
    return text
