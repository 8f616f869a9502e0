"""AllSides articles picked by a piece of their URL, written as one JSON Lines file to read
as a user's input is read (the tests of what a reader sees on AllSides coverage)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "allsides" / "articles.jsonl"


def pick_allsides(root: Path, keys: Sequence[str], name: str = "picked.jsonl") -> Path:
    """A JSON Lines file under ``root`` holding the AllSides records whose URL contains one of
    ``keys`` (one record each, asserted), in the data's order."""
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    picked = [ln for ln in lines if any(k in json.loads(ln)["url"] for k in keys)]
    assert len(picked) == len(keys)
    path = root / name
    path.write_text("\n".join(picked) + "\n", encoding="utf-8")
    return path


def quote_cards(root: Path, keys: Sequence[str]) -> list[dict[str, Any]]:
    """The quote cards of every story in the briefing of the picked articles."""
    from storyline.pipeline import analyze

    stories = analyze(pick_allsides(root, keys)).briefing.to_json()["stories"]
    return [card for story in stories for card in story["quotes"]]


def picked_extraction(root: Path, keys: Sequence[str]) -> tuple[list[Any], Any]:
    """The picked articles, read and cleaned as a run reads them, and what ``extract`` finds
    in them (an ``ExtractResult``: extractions and the run's entities)."""
    from storyline.clean import clean
    from storyline.extract import extract_articles
    from storyline.ingest import read_paths
    from storyline.nlp import load_nlp

    articles = [clean(a) for a in read_paths([pick_allsides(root, keys)])]
    return articles, extract_articles(articles, load_nlp())


def picked_dates(root: Path, keys: Sequence[str]) -> dict[str, tuple[Any, list[Any]]]:
    """Each picked article (cleaned) and its extracted dates, by the URL key it was picked by."""
    articles, result = picked_extraction(root, keys)
    by_id = {ex.article_id: ex.dates for ex in result.extractions}
    return {k: (a, by_id[a.id]) for a in articles for k in keys if k in (a.url or "")}


def date_in(dated: tuple[Any, list[Any]], text: str, words: str) -> Any:
    """The date ``text`` (a ``DateRef``) in the sentence of ``dated``'s article written with
    ``words``, asserted to be one."""
    art, dates = dated
    at = art.text.index(words)
    [d] = [d for d in dates if d.text == text and at <= d.start < at + len(words)]
    return d
