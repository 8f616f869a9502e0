"""A report storyline wrote is not news: a folder holding one is skipped, with one line.

A new user's trial kept ``--out`` inside the news folder; the next ``ingest`` of that folder
stored 663 "articles": every story, storyline and article page, index.html and briefing.md,
the article pages repeating the real articles' texts.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from storyline.ingest import read_paths
from storyline.models import Article, ReadError

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_a_report_folder_inside_the_news_is_not_read(seed_analysis, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    news = tmp_path / "news"
    shutil.copytree(SEEDS, news)
    shutil.copytree(seed_analysis.out, news / "report")
    assert (news / "report" / "index.html").exists()
    items = list(read_paths([news]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert sorted(Path(a.source_path).name for a in articles) == sorted(
        p.name for p in SEEDS.iterdir() if p.is_file()
    )
    assert [(e.path, "a report storyline wrote" in e.reason) for e in errors] == [
        (str(news / "report"), True)
    ]
    # named itself, the report folder gives that one line and no article
    (only,) = list(read_paths([news / "report"]))
    assert isinstance(only, ReadError) and "not news" in only.reason


def test_a_briefing_named_itself_is_not_read(seed_analysis) -> None:  # type: ignore[no-untyped-def]
    """It said "not JSON Lines: none of the first 5 lines is an article record"."""
    (only,) = list(read_paths([seed_analysis.out / "briefing.json"]))
    assert (
        isinstance(only, ReadError)
        and only.reason == "a briefing storyline wrote: not news, not read"
    )
