"""A gzip-compressed page, feed or JSON Lines file is read decompressed (a new user's trial:
the extraction benchmark's 181 pages are all ``.html.gz``; a folder of them was passed over
with the advice to name a file on its own, and so named each was refused as "not a WARC")."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from allsides_pick import ALLSIDES
from storyline.ingest import read_paths
from storyline.models import Article, ReadError

PAGES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "article-extraction"
#: A BGR page of the benchmark (file name prefix).
PAGE = "e7d77f186980"


def test_gzipped_pages_are_read_named_or_in_a_folder(tmp_path: Path) -> None:
    truth = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    (name,) = [k for k in truth if k.startswith(PAGE)]
    folder = tmp_path / "pages"
    folder.mkdir()
    page = folder / f"{name}.html.gz"
    page.write_bytes((PAGES / "html" / f"{name}.html.gz").read_bytes())
    for given in (page, folder):
        (article,) = [a for a in read_paths([given]) if isinstance(a, Article)]
        assert article.url == truth[name]["url"]
        assert article.source_path.endswith(".html.gz")
        assert truth[name]["articleBody"].split(".")[0] in article.text


def test_gzipped_json_lines_and_a_corrupt_file(tmp_path: Path) -> None:
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()[:5]
    archive = tmp_path / "articles.jsonl.gz"
    archive.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    read = list(read_paths([archive]))
    assert [a.url for a in read if isinstance(a, Article)] == [json.loads(x)["url"] for x in lines]
    # cut short: the records before the cut are read, then the cut is said
    broken = tmp_path / "cut.jsonl.gz"
    broken.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    got = list(read_paths([broken]))
    assert any(isinstance(a, Article) for a in got)
    assert isinstance(got[-1], ReadError) and got[-1].path.endswith("cut.jsonl.gz")
    assert "gzip" in got[-1].reason


def test_zero_padding_is_no_damage_and_a_bomb_is_cut_at_the_size_limit(tmp_path: Path) -> None:
    """The review of this change: ``gzip -t`` passes a file padded with zero bytes, which was
    called corrupt; a small file unpacking to a gigabyte was unpacked whole before the size
    limit for one article refused it."""
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()[:3]
    padded = tmp_path / "padded.jsonl.gz"
    padded.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")) + b"\0" * 512)
    got = list(read_paths([padded]))
    assert len(got) == len(lines) and all(isinstance(a, Article) for a in got)
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<html><body><p>" + b"word " * 10_000_000 + b"</p>"))
    (err,) = list(read_paths([bomb], max_bytes=1 << 20))
    assert isinstance(err, ReadError) and "limit" in err.reason
