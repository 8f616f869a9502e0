"""Issue #16: an article longer than spaCy's ``max_length`` (1,000,000 characters; ingest
reads up to 20 MB) is parsed in pieces cut at paragraph ends, so ``analyze`` finishes with a
briefing for it and every other article, and every offset stays exact."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from seedrun import SEEDS
from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths
from storyline.models import Article, Extraction, ReadError
from storyline.nlp import (
    BATCH_CHARS,
    PIECE_CHARS,
    _batches,
    _pieces,
    load_nlp,
    parse,
    parse_text,
)

# spaCy refuses a text over this many characters at once (its E088).
SPACY_MAX_LENGTH = 1_000_000


def _seeds() -> list[Article]:
    read = [a for a in read_paths([SEEDS]) if not isinstance(a, ReadError)]
    return sorted((clean(a) for a in read), key=lambda a: a.id)


def _spans(ex: Extraction) -> list[tuple[int, int, str]]:
    """Every span of an extraction that carries its text."""
    out = [(m.start, m.end, m.text) for m in ex.mentions]
    out += [(q.start, q.end, q.text) for q in ex.quotes + ex.stances]
    out += [
        (q.speaker_start, q.speaker_end, q.speaker)
        for q in ex.quotes + ex.stances
        if q.speaker_start is not None and q.speaker_end is not None and q.speaker is not None
    ]
    out += [(q.start, q.end, q.text) for q in ex.quantities]
    out += [(d.start, d.end, d.text) for d in ex.dates]
    return out


def _covers(text: str, pieces: list[tuple[int, int]], limit: int) -> None:
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a < b for a, b in pieces)
    assert all(b == c for (_, b), (c, _) in zip(pieces, pieces[1:], strict=False))
    assert all(b - a <= limit for a, b in pieces)


def test_pieces_cut_at_paragraph_ends_then_sentences_then_spaces() -> None:
    para = "One sentence here. Another one there.\n"
    text = para * 10
    assert _pieces(text, len(text), None) == [(0, len(text))]  # up to the limit: one piece
    limit = len(para) * 3 + 5
    pieces = _pieces(text, limit, None)
    _covers(text, pieces, limit)
    assert all(text[b - 1] == "\n" for _, b in pieces[:-1])
    # a paragraph longer than the limit: cut after a sentence end, else after a space
    line = "Word " * 50 + "Stop. " + "word " * 50
    pieces = _pieces(line, 400, None)
    _covers(line, pieces, 400)
    assert line[: pieces[0][1]].endswith("Stop. ")
    pieces = _pieces("word " * 100, 42, None)
    _covers("word " * 100, pieces, 42)
    assert all(p[1] % 5 == 0 for p in pieces)
    pieces = _pieces("x" * 100, 30, None)  # nothing to cut at: cut at the limit
    assert pieces == [(0, 30), (30, 60), (60, 90), (90, 100)]
    # never inside the headline
    head = "Headline words without a stop " * 2
    text = head + ". " + "body " * 30
    pieces = _pieces(text, len(head) + 1, (0, len(head)))
    _covers(text, pieces, len(head) + 1)
    assert pieces[0][1] >= len(head)
    assert PIECE_CHARS <= SPACY_MAX_LENGTH


def test_a_batch_holds_at_most_its_count_and_its_characters() -> None:
    """The parser's memory grows with the characters of a batch, so a long text's pieces go
    in batches of at most ``BATCH_CHARS`` characters; ordinary articles in batches of
    ``size``; a piece longer than that alone is a batch of one; the order is kept."""
    nlp = load_nlp()
    lengths = [3_000] * 40 + [PIECE_CHARS] * 5 + [BATCH_CHARS + 10] + [50] * 3
    docs = [nlp.make_doc("w " * (n // 2)) for n in lengths]
    batches = list(_batches(docs, 32))
    assert [d for b in batches for d in b] == docs
    assert all(len(b) <= 32 for b in batches)
    assert all(len(b) == 1 or sum(len(d.text) for d in b) <= BATCH_CHARS for b in batches)
    assert len(batches[0]) == 32  # ordinary articles: batches as before
    assert [len(b) for b in batches] == [32, 9, 2, 2, 1, 3]  # 8 articles + a piece; alone
    assert 32 * 5_000 <= BATCH_CHARS


def test_pieces_give_every_span_exact_and_the_same_spans() -> None:
    """With a limit below the seeds' length every seed is parsed in pieces: one ``Doc`` over
    the whole text comes back, and extraction finds the spans it finds in one piece."""
    seeds = _seeds()
    nlp = load_nlp()
    whole = extract_articles(seeds, nlp)
    nlp.max_length = 1500
    assert all(len(_pieces(parse_text(a), 1500, a.title_span)) > 1 for a in seeds)
    for article, doc in parse(nlp, seeds):
        assert doc.text == parse_text(article)
    cut = extract_articles(seeds, nlp)
    for article, ex, ref in zip(seeds, cut.extractions, whole.extractions, strict=True):
        assert all(article.text[s:e] == t for s, e, t in _spans(ex)), article.id
        assert ex.sentences == ref.sentences
        assert [(m.start, m.end) for m in ex.mentions] == [(m.start, m.end) for m in ref.mentions]
        # the parser reads each piece alone, so a word near a cut may parse otherwise (a
        # speaker, a tense); the spans found are the same
        assert [(q.start, q.end) for q in ex.quotes] == [(q.start, q.end) for q in ref.quotes]
        assert [(d.start, d.end) for d in ex.dates] == [(d.start, d.end) for d in ref.dates]


@pytest.mark.slow
def test_analyze_writes_a_briefing_with_an_article_over_a_million_characters(
    tmp_path: Path,
) -> None:
    from storyline.pipeline import analyze
    from storyline.reconcile.schema import validate_briefing
    from storyline.store import Store

    folder = tmp_path / "news"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    seed = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    long_text = seed * (SPACY_MAX_LENGTH // len(seed) + 2)
    assert len(long_text) > SPACY_MAX_LENGTH
    (folder / "long.txt").write_text(long_text, encoding="utf-8")
    errors: list[Any] = []
    with Store(tmp_path / "db.duckdb") as store:
        result = analyze([folder], store, out=tmp_path / "out", on_error=errors.append)
        assert not errors
        long = next(a for a in result.articles if a.source_path.endswith("long.txt"))
        ex = store.get_extraction(long.id)
    assert (tmp_path / "out" / "briefing.json").is_file()
    doc = result.briefing.to_json()
    assert len(doc["articles"]) == 6
    in_stories = {aid for s in doc["stories"] for aid in s["article_ids"]}
    assert in_stories == {a["id"] for a in doc["articles"]}
    validate_briefing(doc)  # every cited span exact, the long article's included
    assert ex is not None
    assert all(long.text[s:e] == t for s, e, t in _spans(ex))
    # parsed to its end, not cut: its last copy of the seed yields sentences too
    assert max(e for _, e in ex.sentences) > len(long.text) - len(seed)
    assert any(long.id in (src["article_id"] for src in c["sources"]) for c in _claims(doc))


def _claims(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for s in doc["stories"] for c in s["claims"]]
