"""PolNeAR dev articles picked by file-name prefix, extracted once per test module."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from storyline.extract import ExtractResult, extract_articles
from storyline.models import Article

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "polnear" / "dev" / "text"


def extract_dev(prefixes: Mapping[str, str]) -> tuple[dict[str, Article], ExtractResult]:
    """Key -> the dev article whose file name starts with its prefix, and their extraction."""
    arts = {}
    for k, prefix in prefixes.items():
        p = next(DEV.glob(f"{prefix}*.txt"))
        arts[k] = Article(id=p.stem, source_path=str(p), text=p.read_text("utf-8"), fmt="txt")
    return arts, extract_articles(list(arts.values()))
