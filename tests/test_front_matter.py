"""A Markdown file's front matter is its metadata, not its text (a new user's trial: saved
with a web clipper's YAML block or a static site's TOML block, an AllSides article had no
title, and "title = ..." and "publisher = ..." became claims and timeline entries)."""

from __future__ import annotations

import json
from pathlib import Path

from allsides_pick import ALLSIDES
from storyline.ingest import read_paths
from storyline.models import Article

#: CNBC on the May 2021 jobs report (AllSides dev).
PICKED = "cnbc.com/2021/06/04/jobs-report-may-2021"


def _record() -> dict[str, str]:
    (line,) = [
        ln
        for ln in ALLSIDES.read_text(encoding="utf-8").splitlines()
        if PICKED in json.loads(ln)["url"]
    ]
    return dict(json.loads(line))


def _read(path: Path) -> Article:
    (article,) = [a for a in read_paths([path]) if isinstance(a, Article)]
    return article


def test_yaml_front_matter_gives_title_url_outlet_date_and_author(tmp_path: Path) -> None:
    rec = _record()
    block = (
        f"---\ntitle: {json.dumps(rec['title'])}\nsource: {rec['url']}\n"
        f"publisher: {rec['outlet']}\ndate: 2021-06-04\nauthor:\n  - Ann Cole\n  - Tom Baker\n"
        "tags: [jobs, economy]\n---\n\n"
    )
    path = tmp_path / "clipped.md"
    path.write_text(block + rec["text"], encoding="utf-8")
    article = _read(path)
    assert (article.title, article.url, article.outlet) == (rec["title"], rec["url"], rec["outlet"])
    assert (article.published, article.byline) == ("2021-06-04", "Ann Cole, Tom Baker")
    assert article.text.strip() == rec["text"].strip()


def test_toml_front_matter_and_a_block_that_is_no_mapping(tmp_path: Path) -> None:
    rec = _record()
    toml = tmp_path / "site.md"
    toml.write_text(
        f'+++\ntitle = {json.dumps(rec["title"])}\nurl = "{rec["url"]}"\n'
        f"date = 2021-06-04T08:30:00-04:00\n+++\n{rec['text']}",
        encoding="utf-8",
    )
    article = _read(toml)
    assert (article.title, article.url, article.published) == (
        rec["title"],
        rec["url"],
        "2021-06-04",
    )
    assert "+++" not in article.text
    # a horizontal rule opening the text, then a list: no front matter, read as written
    plain = tmp_path / "rule.md"
    plain.write_text(f"---\n- one\n- two\n---\n{rec['text']}", encoding="utf-8")
    assert _read(plain).text.startswith("---\n- one")


def test_front_matter_with_an_impossible_date_is_read_as_written(tmp_path: Path) -> None:
    """PyYAML raises ValueError for 2021-02-30: the file was skipped whole (the review)."""
    rec = _record()
    path = tmp_path / "odd.md"
    path.write_text(f"---\ntitle: A title\ndate: 2021-02-30\n---\n{rec['text']}", "utf-8")
    article = _read(path)
    assert rec["text"].strip() in article.text
