"""Bad input: every case gets one clear line naming the file (and record) and the reason, and
the rest of the batch still comes out."""

from __future__ import annotations

import gzip
import json
from io import BytesIO
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest import read_paths
from storyline.models import Article, ReadError

GOOD = (
    "Ferry services to the island of Osterholm were suspended on Friday after a storm damaged "
    "the main pier, the port operator said.\n\nRepairs are expected to take two weeks.\n"
)


def read(*paths: Path | str, **options: int) -> tuple[list[Article], list[ReadError]]:
    items = list(read_paths(list(paths), **options))
    assert all(isinstance(i, (Article, ReadError)) for i in items)
    return ([i for i in items if isinstance(i, Article)],
            [i for i in items if isinstance(i, ReadError)])  # fmt: skip


def one_error(path: Path | str, **options: int) -> str:
    arts, errs = read(path, **options)
    assert not arts and len(errs) == 1, [str(e) for e in errs]
    message = str(errs[0])
    assert "\n" not in message and message.startswith(str(path))
    return message


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\n\t\n", "utf-8")
    assert one_error(tmp_path / "empty.txt").endswith(": empty file")
    assert "no text" in one_error(tmp_path / "blank.md")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "binary file" in one_error(path)


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"  # Latin-1 bytes, not UTF-8: many of them
    path.write_bytes("Caf\xe9s in S\xe3o Paulo r\xe9opened; na\xefve cr\xe8me br\xfbl\xe9e.".encode(
        "latin-1"))  # fmt: skip
    message = one_error(path)
    assert "cannot decode as utf-8" in message and "byte 0xe9 at offset 3" in message


def test_oversized_file_jsonl_record_and_warc_record(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(GOOD * 20, "utf-8")
    assert one_error(big, max_bytes=1024).endswith(
        ": file is 3.4 KiB, over the 1 KiB limit for one article"
    )
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"text": GOOD * 20}) + "\n" + json.dumps({"text": GOOD}) + "\n")
    arts, errs = read(rows, max_bytes=1024)
    assert [a.record for a in arts] == ["line 2"]  # the line after the huge one still comes out
    assert [str(e) for e in errs] == [f"{rows} (line 1): record is over the 1 KiB limit"]
    warc = tmp_path / "big.warc.gz"
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        page = ("<html><body>" + ("<p>" + GOOD + "</p>") * 20 + "</body></html>").encode()
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/big", "response", payload=BytesIO(page), http_headers=headers
            )
        )
    message = one_error(warc, max_bytes=1024)
    assert "(record 1 https://example.org/big)" in message and "over the 1 KiB limit" in message


def test_malformed_jsonl_lines_inside_a_good_file(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": GOOD, "title": "Storm closes pier"}),
        '{"text": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no body"}),
        json.dumps({"text": GOOD, "url": "https://www.bbc.com/news/pier"}),
    ]), "utf-8")  # fmt: skip
    arts, errs = read(path)
    assert [a.record for a in arts] == ["line 1", "line 5"]
    messages = [str(e) for e in errs]
    # the message names its place once ("starting at at column 10" before: a new user's trial)
    assert (
        messages[0]
        == f"{path} (line 2): malformed JSON (Unterminated string starting at column 10)"
    )
    assert messages[1] == f"{path} (line 3): a record must be a JSON object, not list"
    assert messages[2] == f'{path} (line 4): no "text" or "html" field with text in it'


def test_malformed_and_empty_feeds(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
                      "<<<%%% not xml", "utf-8")  # fmt: skip
    assert "malformed feed" in one_error(broken)
    empty = tmp_path / "empty.rss"
    empty.write_text('<rss version="2.0"><channel><title>T</title></channel></rss>', "utf-8")
    assert "feed has no items" in one_error(empty)
    no_body = tmp_path / "nobody.rss"
    no_body.write_text('<rss version="2.0"><channel><item><title>T</title></item>'
                       f"<item><title>U</title><description>{GOOD}</description></item>"
                       "</channel></rss>", "utf-8")  # fmt: skip
    arts, errs = read(no_body)
    assert [a.record for a in arts] == ["item 2"]
    assert [str(e) for e in errs] == [f"{no_body} (item 1): item has neither content nor summary"]


def test_truncated_warc(tmp_path: Path) -> None:
    for name, compress in (("cut.warc", False), ("cut.warc.gz", True)):
        buf = BytesIO()
        writer = WARCWriter(buf, gzip=compress)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        for i in range(2):
            page = f"<html><body><article><p>{GOOD}</p></article></body></html>".encode()
            writer.write_record(writer.create_warc_record(
                f"https://example.org/{i}", "response", payload=BytesIO(page),
                http_headers=headers))  # fmt: skip
        data = buf.getvalue()
        path = tmp_path / name
        for share in (0.55, 0.6, 0.9):  # cut in the second record's headers, then its page
            path.write_bytes(data[: int(len(data) * share)])
            arts, errs = read(path)
            assert [a.record for a in arts] == ["record 1 https://example.org/0"]
            assert len(errs) == 1, [str(e) for e in errs]
            message = str(errs[0])
            assert message.startswith(f"{path} (record 2"), message
            assert "truncated" in message and "\n" not in message


def test_missing_paths_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    missing = tmp_path / "nope.txt"
    arts, errs = read(missing, tmp_path / "empty.txt", str(tmp_path / "*.html"), good)
    assert [a.source_path for a in arts] == [str(good)]
    assert [str(e) for e in errs] == [
        f"{missing}: no such file or directory",
        f"{tmp_path / 'empty.txt'}: empty file",
        f"{tmp_path / '*.html'}: no files match this pattern",
    ]


def test_gzip_garbage(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n")[:-12] + b"\x00" * 5)
    assert "corrupt gzip data" in one_error(path)


SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".xml", ".warc", ".warc.gz"]
PREFIXES = [b"", b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00", b'{"text": ', b"<rss><channel><item>",
            b"<html><body><p>", b"\xef\xbb\xbf"]  # fmt: skip


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600),
       suffix=st.sampled_from(SUFFIXES))  # fmt: skip
def test_never_raises_on_arbitrary_bytes(
    tmp_path: Path, prefix: bytes, body: bytes, suffix: str
) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(prefix + body)
    for item in read_paths([path], max_bytes=400):
        if isinstance(item, ReadError):
            assert str(item).startswith(str(path)) and "\n" not in str(item)
            assert "unexpected error" not in str(item), str(item)
        else:
            assert isinstance(item, Article) and item.text.strip()


def test_files_that_do_not_hold_the_format_their_name_says(tmp_path: Path) -> None:
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps({"items": [{"text": GOOD}], "n": [1, 2, 3, 4]}, indent=2))
    assert "not JSON Lines: none of the first 5 lines" in one_error(pretty)
    array = tmp_path / "array.jsonl"
    array.write_text(json.dumps({"items": [{"text": GOOD}]}), "utf-8")
    assert 'no "text" or "html" field' in one_error(array)
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url>'
                       "</urlset>", "utf-8")  # fmt: skip
    assert "neither an RSS/Atom feed nor an HTML page" in one_error(sitemap)


SECTION_FRONT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>World | The Harbour Courier</title></head>
<body><header><a href="/">The Harbour Courier</a><nav><ul>
<li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/opinion">Opinion</a></li></ul></nav></header>
<main><h1>World</h1><ul>
<li><a href="/world/ferry-strike">Ferry workers vote to strike over pay</a></li>
<li><a href="/world/port">Port expansion plan goes to public consultation</a></li>
<li><a href="/world/storm">Storm warning issued for the northern coast</a></li>
<li><a href="/world/election">Regional election date set for September</a></li>
</ul></main>
<footer><a href="/about">About us</a> <a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def test_a_page_of_links_is_no_article(tmp_path: Path) -> None:
    """A section front or menu (navigation and headline links, no article text) gets one line
    naming the file, not a stored 'article' of link labels; a real article page (the first of
    the extraction benchmark's, whose text links a few words) still reads."""
    path = tmp_path / "world.html"
    path.write_text(SECTION_FRONT, encoding="utf-8")
    assert "no article text" in one_error(path) and "only links" in one_error(path)
    bench = Path(__file__).resolve().parents[2] / "shared/eval/article-extraction/html"
    page = tmp_path / "page.html"
    page.write_bytes(gzip.decompress(sorted(bench.glob("*.html.gz"))[0].read_bytes()))
    arts, errs = read(page)
    assert len(arts) == 1 and not errs and len(arts[0].text.split()) > 50


def test_bad_records_at_the_top_of_a_jsonl_file_leave_the_good_ones_after(tmp_path: Path) -> None:
    """A new user's file of five empty records and then six good ones: the whole file was
    refused ("none of the first 5 lines is an article record"). A line that is a JSON object
    is a record, good or bad: each bad one is reported alone and the good ones are read. A
    file of JSON objects none of which is an article is one error; a file of no JSON at all
    still gives up after five lines."""
    good = [
        {"title": f"Report {k}", "text": GOOD, "url": f"https://x.example/{k}"} for k in range(6)
    ]
    lines = [{"title": "empty", "text": ""}] * 5 + good
    path = tmp_path / "top.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), "utf-8")
    items = list(read_paths([path]))
    arts = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [a.title for a in arts] == [f"Report {k}" for k in range(6)]
    assert [e.record for e in errors] == [f"line {n}" for n in range(1, 6)]
    other = tmp_path / "log.jsonl"
    other.write_text("".join(json.dumps({"level": "info", "n": n}) + "\n" for n in range(9)))
    assert "no articles: none of its 9 records is an article" in one_error(other)


def test_a_menu_read_as_one_line_of_links_is_no_article(tmp_path: Path) -> None:
    """A new user's page of nothing but a menu: its links came out as one line ("Home About"),
    which is no link's whole text, and the page was stored as an article and a story. A line
    that is nothing but links' texts side by side is navigation too."""
    path = tmp_path / "nav.html"
    path.write_text(
        '<html><head><title>Nav only</title></head><body><nav><a href="/">Home</a> '
        '<a href="/a">About</a> <a href="/c">Contact us</a></nav></body></html>',
        encoding="utf-8",
    )
    assert "only links" in one_error(path)


def test_a_json_array_of_records_is_read_record_by_record(tmp_path: Path) -> None:
    """A new user's export, a .json file holding an array of records, was refused ("a JSON
    array; storyline reads JSON Lines"). Each element is read as a JSON Lines record, a bad
    one skipped alone under its place; a document that is no array is one error."""
    rows = [
        {"title": "Ferry", "text": GOOD, "published": "2024-03-08", "outlet": "Valdmark Post"},
        {"title": "Empty", "text": ""},
        {"title": "Pier", "html": f"<p>{GOOD}</p>", "url": "https://x.example/pier"},
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(rows, indent=2), "utf-8")
    arts, errors = read(path)
    assert [(a.title, a.record, a.fmt) for a in arts] == [
        ("Ferry", "item 1", "json"),
        ("Pier", "item 3", "json"),
    ]
    assert arts[0].published == "2024-03-08" and arts[0].outlet == "Valdmark Post"
    assert [str(e) for e in errors] == [
        f'{path} (item 2): no "text" or "html" field with text in it'
    ]
    broken = tmp_path / "broken.json"
    broken.write_text("[" + json.dumps(rows[0]) + ",", "utf-8")
    assert "malformed JSON" in one_error(broken)


def test_a_url_of_another_scheme_is_named_as_one() -> None:
    """A developer's list of URLs held an ftp:// one: "no such file or directory" said
    nothing of why it was not fetched."""
    (error,) = list(read_paths(["ftp://x.example/b"]))
    assert isinstance(error, ReadError) and "not an http(s) URL" in error.reason
