"""Real articles saved the ways a user keeps them (a Markdown note, a page with its metadata,
a folder with other files, a feed cut off): what storyline reads of each (a new user's trial
of mixed formats)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allsides_pick import pick_allsides
from storyline import extract_articles, read_paths
from storyline.cli import app
from storyline.models import Article, ReadError


def record(tmp_path: Path, key: str) -> dict[str, str]:
    (line,) = pick_allsides(tmp_path, [key]).read_text(encoding="utf-8").splitlines()
    return json.loads(line)


def read(*paths: Path) -> tuple[list[Article], list[str]]:
    items = list(read_paths(list(paths)))
    return (
        [i for i in items if isinstance(i, Article)],
        [str(i) for i in items if isinstance(i, ReadError)],
    )


def test_markdown_note_with_byline_and_date_lines(tmp_path: Path) -> None:
    """'# headline / By CNN / July 15, 2021' above the text: the outlet is the byline's (a
    name of three letters), and no name runs from the headline over the lines below it (the
    trial's entity 'Facebook By CNN July 15, 2021')."""
    rec = record(tmp_path, "surgeon-general-vaccine-misinformation")
    day = date.fromisoformat(rec["published"][:10])
    path = tmp_path / "cnn.md"
    head = f"# {rec['title']}\n\nBy CNN\n\n{day:%B} {day.day}, {day.year}\n\n"
    path.write_text(head + rec["text"] + "\n", encoding="utf-8")
    (article,), errors = read(path)
    assert not errors
    assert article.outlet == "CNN" and article.published == day.isoformat()
    mentions = extract_articles([article]).extractions[0].mentions
    assert mentions and not [m.text for m in mentions if "\n" in m.text]
    last_word = rec["title"].split()[-1]
    assert any(m.text == last_word and m.end == 2 + len(rec["title"]) for m in mentions)


def test_a_page_s_declared_date_beats_the_date_in_its_url(tmp_path: Path) -> None:
    """A page filed under /2021/07/14/ whose markup says it was published on the 15th is
    dated the 15th, read with its URL as a crawl reads it or without."""
    rec = record(tmp_path, "nypost.com/2021/07/14/child-tax-credit")
    declared = date(2021, 7, 14) + timedelta(days=1)
    paras = "".join(f"<p>{p}</p>" for p in rec["text"].split("\n") if p.strip())
    page = (
        f'<html><head><title>{rec["title"]}</title><link rel="canonical" href="{rec["url"]}">'
        f'<meta property="article:published_time" content="{declared}T09:00:00Z"></head>'
        f"<body><article><h1>{rec['title']}</h1>{paras}</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    (article,), errors = read(path)
    assert not errors and article.published == declared.isoformat()
    from storyline.ingest.html import extract_html

    assert extract_html(page, rec["url"]).published == declared.isoformat()


def test_a_folder_names_what_it_does_not_read(tmp_path: Path) -> None:
    """A folder holding an archive, a document and a note beside the articles: one line for
    the folder names how many files were not read and of what kinds; none is passed over in
    silence, and the articles are read."""
    picked = pick_allsides(tmp_path, ["surgeon-general-vaccine-misinformation"])
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    picked.rename(folder / "cnn.jsonl")
    (folder / "bundle.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (folder / "notes.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (folder / "sub" / "README").write_text("What this folder holds.\n", encoding="utf-8")
    (folder / "a.png").write_bytes(b"\x89PNG" + b"\x00" * 40)
    (folder / "sub" / "b.png").write_bytes(b"\x89PNG" + b"\x00" * 40)
    items = list(read_paths([folder]))
    assert len([i for i in items if isinstance(i, Article)]) == 1
    (note,) = [i for i in items if isinstance(i, ReadError)]
    assert note.note  # none of them was tried: a note, not a skip
    assert str(note) == (
        f"{folder}: 5 files not read, of kinds not read from a folder (.docx, 2 .png, .zip, "
        "no extension; first: a.png); name a file itself to read it by its content"
    )


def test_a_feed_cut_off_says_where_once(tmp_path: Path) -> None:
    """A feed that breaks off inside an item's text: one line, the place said once (lxml's
    own message says it three times)."""
    rec = record(tmp_path, "surgeon-general-vaccine-misinformation")
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>CNN</title><item>'
        f"<title>{rec['title']}</title><link>{rec['url']}</link><description>" + rec["text"][:300]
    )
    path = tmp_path / "cut.xml"
    path.write_text(feed, encoding="utf-8")
    articles, errors = read(path)
    (message,) = errors
    assert message.startswith(f"{path} (item 1): ")
    assert message.count("line ") == 2 and message.count("column ") == 1, message
    assert "<string>" not in message


def test_analyze_counts_what_it_skipped(tmp_path: Path) -> None:
    """The summary of a run that skipped files says how many (each named above it)."""
    picked = pick_allsides(tmp_path, ["surgeon-general-vaccine-misinformation"])
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    db, out = str(tmp_path / "s.duckdb"), str(tmp_path / "report")
    result = CliRunner().invoke(app, ["analyze", str(picked), str(empty), "--db", db, "--out", out])
    (summary,) = [ln for ln in result.stdout.splitlines() if " → " in ln]
    assert result.exit_code == 0 and f"{empty}: empty file" in result.stderr
    assert summary.startswith("1 article, 1 story; 1 skipped as unreadable → ")


def test_dates_that_are_no_dates_are_said_once_and_the_articles_kept(tmp_path: Path) -> None:
    """Records whose "published" is no date are read undated, and one note for the file says
    so (they were dropped in silence: a file of dates in a form storyline does not read lost
    every date, and its articles were clustered as undated ones)."""
    path = pick_allsides(tmp_path, ["surgeon-general-vaccine", "schumer-marijuana-proposal"])
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows[0]["published"], rows[1]["published"] = "not-a-date", "2021-13-45"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    items = list(read_paths([path]))
    articles = [i for i in items if isinstance(i, Article)]
    notes = [i for i in items if isinstance(i, ReadError)]
    assert len(articles) == 2 and all(a.published is None for a in articles)
    assert [(str(n), n.note) for n in notes] == [
        (
            f'{path}: 2 records\' "published" is no date storyline reads (first: line 1, '
            "'not-a-date'); read undated unless the text states a date (write dates as "
            "2021-07-15)",
            True,
        )
    ]
    db, out = str(tmp_path / "s.duckdb"), str(tmp_path / "report")
    result = CliRunner().invoke(app, ["analyze", str(path), "--db", db, "--out", out])
    (summary,) = [ln for ln in result.stdout.splitlines() if " → " in ln]
    assert result.exit_code == 0 and result.stderr.startswith(f"note {path}: 2 records'")
    assert "skipped" not in summary


def _page(title: str, body: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><nav><a href='/'>Home"
        f"</a> <a href='/world'>World</a></nav><article><h1>{title}</h1>{body}</article>"
        "<footer>All rights reserved.</footer></body></html>"
    )


def test_a_saved_error_page_is_no_article(tmp_path: Path) -> None:
    """A page saved while the site answered 'not found' is said to be an error page, not read
    as an article of one sentence (it became a story of its own); a real article under an
    odd title is read, as its text runs long."""
    rec = record(tmp_path, "surgeon-general-vaccine-misinformation")
    paras = "".join(f"<p>{p}</p>" for p in rec["text"].split("\n") if p.strip())
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "a-article.html").write_text(_page(rec["title"], paras), encoding="utf-8")
    (folder / "b-gone.html").write_text(
        _page("Page not found", "<p>Sorry, the page you requested could not be found.</p>"),
        encoding="utf-8",
    )
    (folder / "c-odd-title.html").write_text(_page("Not found", paras), encoding="utf-8")
    articles, errors = read(folder)
    assert [Path(a.source_path).name for a in articles] == ["a-article.html", "c-odd-title.html"]
    assert errors == [f"{folder / 'b-gone.html'}: an error page (its title: 'Page not found'), "
                      "not an article"]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "error"),
    [
        ("404", True),
        ("Error 404 - Not Found", True),
        ("Page not found | Example News", True),
        ("403 Forbidden", True),
        ("500 dead as quake hits Turkey", False),
        ("404 migrants rescued off Libya", False),
        ("Forbidden City reopens to tourists", False),
        ("Access denied: reporters barred from hearing", False),
        ("Not found: the missing Malaysian jet", False),
    ],
)
def test_an_error_title_is_the_whole_title(title: str, error: bool) -> None:
    """A headline that begins with a status number or an error's words is news (the review):
    only a title that is the error, a site's name after a bar or a dash, marks a page so."""
    from storyline.ingest.readers import _error_title

    assert (_error_title(f"<title>{title}</title>", None) is not None) is error


def test_the_help_names_every_kind_a_folder_is_read_for() -> None:
    """``--help`` of analyze and ingest says what a folder is read for, written out (importing
    the readers would slow every command's start): it must name each extension they read."""
    from storyline.cli.common import FOLDER_FILES
    from storyline.ingest import WARC_GZ
    from storyline.ingest.sniff import EXTENSIONS

    for ext in [*EXTENSIONS, *WARC_GZ]:
        assert ext in FOLDER_FILES, ext
