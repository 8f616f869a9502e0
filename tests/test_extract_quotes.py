"""Quotes and speakers on the real seed articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline.clean import clean
from storyline.extract import ExtractResult, extract_articles
from storyline.models import Article
from storyline.nlp import load_nlp

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def run() -> tuple[list[Article], ExtractResult]:
    arts = [  # cleaned, as stage 4 takes them: the headline span is cleaning's
        clean(Article(id=p.stem, source_path=str(p), text=p.read_text(encoding="utf-8"), fmt="txt"))
        for p in sorted(SEEDS.glob("*.txt"))
    ]
    return arts, extract_articles(arts, nlp=load_nlp())


def test_quote_and_speaker_spans_are_their_text(run) -> None:  # type: ignore[no-untyped-def]
    arts, res = run
    by_id = {a.id: a for a in arts}
    kinds = set()
    for ex in res.extractions:
        text = by_id[ex.article_id].text
        for q in ex.quotes:
            kinds.add(q.kind)
            assert text[q.start : q.end] == q.text
            if q.speaker_start is not None:
                assert text[q.speaker_start : q.speaker_end] == q.speaker
            if q.cue_start is not None:
                assert text[q.cue_start : q.cue_end].isalpha() and q.cue
    assert kinds == {"direct", "partial", "reported"}


def test_quotes_after_lin_said_are_lin_jian(run) -> None:  # type: ignore[no-untyped-def]
    """Every direct quote whose own sentence names Lin as the sayer goes to Lin Jian."""
    arts, res = run
    checked = 0
    for a, ex in zip(arts, res.extractions, strict=True):
        for m in re.finditer(r"[”\"],? (?:Mr\. )?Lin (?:said|told)", a.text):
            q = next(q for q in ex.quotes if q.end <= m.start() + 1 and m.start() - q.end < 3)
            assert q.speaker_name == "Lin Jian", q
            checked += 1
    assert checked >= 3


def test_he_said_after_named_speaker_resolves_to_that_speaker(run) -> None:  # type: ignore[no-untyped-def]
    arts, res = run
    checked = 0
    for a, ex in zip(arts, res.extractions, strict=True):
        for q in ex.quotes:
            if q.speaker not in ("he", "He") or q.speaker_start is None:
                continue
            before = a.text[: q.speaker_start]
            # The last "<Name> said" before the pronoun names the speaker it must resolve to.
            named = list(
                re.finditer(
                    r"(?:Mr\. )?(Zelenskyy?|Lin(?: Jian)?),? (?:said|told|had|also|dismissed|wrote"
                    r"|insisted|added|claimed)\b",
                    before,
                )
            )
            if named and q.start > named[-1].end():
                last = named[-1].group(1)
                expect = "Lin Jian" if last.startswith("Lin") else "Volodymyr Zelensky"
                assert q.speaker_name == expect, (q, last)
                checked += 1
    assert checked >= 3


def test_partial_quote_inside_sentence(run) -> None:  # type: ignore[no-untyped-def]
    """A few quoted words inside the writer's sentence belong to that sentence's subject."""
    arts, res = run
    by_id = {a.id: a for a in arts}
    checked = 0
    for ex in res.extractions:
        text = by_id[ex.article_id].text
        for q in ex.quotes:
            if q.kind != "partial" or not q.text.lower().startswith("absolutely groundless"):
                continue
            line = text[text.rfind("\n", 0, q.start) + 1 : q.start]
            assert q.speaker_name is not None
            if re.search(r"\bLin\b", line):
                assert q.speaker_name == "Lin Jian", q
                checked += 1
    assert checked >= 2


def test_partial_in_a_claim_belongs_to_the_claims_owner(run) -> None:  # type: ignore[no-untyped-def]
    """ "rejected Zelenskyy's claim that 'many' ... as 'absolutely groundless'": 'many' is
    Zelensky's word, 'absolutely groundless' the rejecting spokesman's."""
    arts, res = run
    ex = next(e for e in res.extractions if e.article_id.startswith("000"))
    many = next(q for q in ex.quotes if q.text == "many")
    verdict = next(q for q in ex.quotes if q.text.startswith("absolutely groundless"))
    assert many.speaker_name is not None and "zelensk" in many.speaker_name.lower()
    assert verdict.speaker_name is not None and "lin" in verdict.speaker_name.lower()


def test_words_a_namer_gives_an_owned_remark_are_the_namers(tmp_path: Path) -> None:
    """The Hill: "Ocasio-Cortez ... swiftly branded Harris's comments 'disappointing'": the
    label is the brander's, not the word of whoever made the comments (a card read "Kamala
    Harris: disappointing"); the seeds' "Zelensky's claim that 'many' ..." above stays his."""
    from allsides_pick import pick_allsides
    from storyline.pipeline import read_and_clean

    path = pick_allsides(tmp_path, ["harris-ocasio-cortez-and-the-democratic-divide"])
    arts = [a for a in read_and_clean([path]) if isinstance(a, Article)]
    [ex] = extract_articles(arts, nlp=load_nlp()).extractions
    [label] = [q for q in ex.quotes if q.text == "disappointing"]
    assert label.speaker_name == "Alexandria Ocasio-Cortez"


def test_headline_is_parsed_as_its_own_sentence(run) -> None:  # type: ignore[no-untyped-def]
    """The title line is non-prose for cleaning but its quantities and quotes are extracted,
    and it never merges with the first body sentence."""
    arts, res = run
    for art, ex in zip(arts, res.extractions, strict=True):
        if art.title_span is None:
            continue
        s, e = art.title_span
        assert (s, e) in ex.sentences
        assert not any(a < e < b for a, b in ex.sentences)
    heads = [
        (a, ex)
        for a, ex in zip(arts, res.extractions, strict=True)
        if a.title_span and re.search(r"\bDozens\b", a.text[slice(*a.title_span)])
    ]
    assert heads
    for art, ex in heads:
        assert any(q.end <= art.title_span[1] for q in ex.quantities)
        assert any(m.end <= art.title_span[1] for m in ex.mentions)
