"""A record that states its date, URL and outlet has them taken as given, and the text is
not searched for them again: a 5 GB ingest parsed every copy's head lines as dates (issue
#17). What the record leaves out is still read from the text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.ingest import metadata, read_paths
from storyline.models import Article

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "eval" / "allsides" / "articles.jsonl"
SEED = ROOT.parent / "shared" / "seeds" / "001_d83669fd27b80799.txt"


def _refuse(*_args: object) -> None:
    raise AssertionError("looked for in the text although the record states it")


def test_a_record_stating_date_url_and_outlet_is_not_searched_for_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()[:50]
    path = tmp_path / "given.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name in ("find_published", "find_url", "outlet_for"):
        monkeypatch.setattr(metadata, name, _refuse)
    articles = list(read_paths([path]))
    assert all(isinstance(a, Article) for a in articles), articles[0]
    given = [json.loads(x) for x in lines]
    assert [(a.url, a.outlet, a.published) for a in articles if isinstance(a, Article)] == [
        (g["url"], g["outlet"], g["published"][:10]) for g in given
    ]


def test_what_a_record_leaves_out_is_still_read_from_its_text(tmp_path: Path) -> None:
    (from_file,) = read_paths([SEED])
    assert isinstance(from_file, Article) and from_file.published == "2025-04-09"
    path = tmp_path / "bare.jsonl"
    record = {"title": from_file.title, "text": from_file.text}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (from_record,) = read_paths([path])
    assert isinstance(from_record, Article)
    assert (from_record.published, from_record.url, from_record.outlet) == (
        from_file.published,
        from_file.url,
        from_file.outlet,
    )
