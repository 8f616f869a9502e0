"""One reader test per input format: each test writes its files in that format's real shape
(feeds as RSS 2.0 / Atom, WARC through warcio's own writer) and reads them back."""

from __future__ import annotations

import gzip
import json
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest import OutletRegistry, read_paths
from storyline.models import Article, ReadError

# An invented event, written for these tests.
PARAS = [
    "The harbour authority of Valdmark said on Tuesday that 42 fishing boats had been "
    "stranded by the early ice.",
    '"We have never seen the bay close this fast," harbour master Ilse Varga told reporters.',
    "Crews from two neighbouring towns were sent to cut a channel through the ice on Wednesday.",
    "The authority said no one had been hurt and that food was being brought to the crews.",
]
BODY = "\n\n".join(PARAS)


def articles(items: list[Article | ReadError]) -> list[Article]:
    errors = [str(i) for i in items if isinstance(i, ReadError) and not i.note]
    assert not errors, errors
    return [i for i in items if isinstance(i, Article)]


def html_page(title: str, url: str, day: str, author: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title} | North Sea Courier</title>"
        f"<meta property='og:title' content='{title}'>"
        f"<meta property='article:published_time' content='{day}T08:15:00Z'>"
        f"<meta name='author' content='{author}'><link rel='canonical' href='{url}'>"
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paras}</article>"
        "<footer>Copyright North Sea Courier. All rights reserved.</footer></body></html>"
    )


def test_txt_and_md_keep_raw_text_and_read_headings(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text(f"Ice Strands Boats in Valdmark\n\n9 March 2024\n\n{BODY}\n", "utf-8")
    md = tmp_path / "b.md"
    md.write_text(f"# Ice closes Valdmark bay\n\nBy Jane Roe, Reuters\n\n{BODY}\n", "utf-8")
    a, b = articles(list(read_paths([txt, md])))
    assert a.text == txt.read_text("utf-8") and b.text == md.read_text("utf-8")
    assert (a.fmt, a.title, a.published) == ("txt", "Ice Strands Boats in Valdmark", "2024-03-09")
    assert (b.fmt, b.title) == ("md", "Ice closes Valdmark bay")
    assert (b.byline, b.wire) == ("Jane Roe, Reuters", "Reuters")
    assert b.text[slice(*b.title_span)] == "Ice closes Valdmark bay"
    assert b.published is None and b.outlet is None


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    url = "https://www.theguardian.com/world/2024/mar/09/ice-strands-boats"
    page = tmp_path / "page.html"
    page.write_text(html_page("Ice strands boats", url, "2024-03-09", "Ilse Holm"), "utf-8")
    (art,) = articles(list(read_paths([page])))
    assert art.fmt == "html"
    assert "42 fishing boats" in art.text and "Home" not in art.text
    assert "<p>" not in art.text
    assert art.title == "Ice strands boats"
    assert art.published == "2024-03-09"
    assert art.url == url and art.outlet == "The Guardian"


def test_jsonl_one_article_per_line(tmp_path: Path) -> None:
    rows = [
        {"text": BODY, "title": "Ice in Valdmark", "url": "https://apnews.com/article/ice-1",
         "published": "2024-03-09T10:00:00Z", "byline": "By Jane Roe"},
        {"html": "<p>" + "</p><p>".join(PARAS) + "</p>", "outlet": "Valdmark Post",
         "title": "Boats stuck", "published": "March 10, 2024"},
    ]  # fmt: skip
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", "utf-8")
    first, second = articles(list(read_paths([path])))
    assert (first.record, second.record) == ("line 1", "line 2")
    assert first.text == BODY and first.fmt == "jsonl"
    assert (first.outlet, first.wire, first.published) == ("Associated Press", "AP", "2024-03-09")
    assert second.outlet == "Valdmark Post" and second.published == "2024-03-10"
    assert second.text.split("\n\n") == PARAS  # one paragraph per <p>, no markup left


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Valdmark Post</title><link>https://valdmark.example/</link>
<description>News</description>
<item><title>Ice strands boats</title><link>https://www.bbc.com/news/ice-1</link>
<dc:creator>Ilse Holm</dc:creator><pubDate>Sat, 09 Mar 2024 08:00:00 GMT</pubDate>
<description>Short teaser only.</description>
<content:encoded><![CDATA[{content}]]></content:encoded></item>
<item><title>Crews cut a channel</title><link>https://valdmark.example/news/2</link>
<pubDate>Sun, 10 Mar 2024 09:30:00 +0100</pubDate>
<description>{summary}</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title><id>urn:x</id>
<updated>2024-03-09T10:00:00Z</updated>
<entry><title>Ice strands boats</title><id>urn:1</id>
<link href="https://www.aljazeera.com/news/2024/3/9/ice"/>
<published>2024-03-09T07:00:00Z</published><updated>2024-03-09T10:00:00Z</updated>
<author><name>Ilse Holm</name></author>
<content type="html">{content}</content></entry>
</feed>"""


def test_a_feed_date_no_news_item_bears_leaves_the_item_undated(tmp_path: Path) -> None:
    """A new user's feed: "Mon, 01 Jan 0001" was stored as year 1 (and a later run crashed
    on it), and "2021-13-45" became 2022-01-01, a day the feed names nowhere. Both items are
    read, undated; a good date beside them is kept."""
    items = [
        ("Mon, 01 Jan 0001 00:00:00 GMT", "https://x.example/1"),
        ("2021-13-45T09:00:00Z", "https://x.example/2"),
        ("Sat, 09 Mar 2024 08:00:00 GMT", "https://x.example/3"),
    ]
    body = "".join(
        f"<item><title>Item {k}</title><link>{url}</link><pubDate>{day}</pubDate>"
        f"<description>{PARAS[k]}</description></item>"
        for k, (day, url) in enumerate(items)
    )
    feed = tmp_path / "news.rss"
    feed.write_text(f'<rss version="2.0"><channel>{body}</channel></rss>', "utf-8")
    read = articles(list(read_paths([feed])))
    assert [a.published for a in read] == [None, None, "2024-03-09"]


def test_rss_item_content_else_summary(tmp_path: Path) -> None:
    content = "".join(f"<p>{p}</p>" for p in PARAS)
    feed = tmp_path / "news.rss"
    feed.write_text(RSS.format(content=content, summary=PARAS[2]), "utf-8")
    first, second = articles(list(read_paths([feed])))
    assert first.fmt == "feed" and first.record == "item 1"
    assert first.text.split("\n\n") == PARAS  # content:encoded preferred over the teaser
    assert (first.title, first.byline, first.published) == ("Ice strands boats", "Ilse Holm",
                                                            "2024-03-09")  # fmt: skip
    assert first.outlet == "BBC" and first.url == "https://www.bbc.com/news/ice-1"
    assert second.text == PARAS[2] and second.record == "item 2"  # no content: the summary
    assert second.outlet == "valdmark.example"  # unknown domain: the domain, not a guess


def test_atom_entry(tmp_path: Path) -> None:
    from html import escape

    feed = tmp_path / "courier.atom"
    feed.write_text(ATOM.format(content=escape("".join(f"<p>{p}</p>" for p in PARAS))), "utf-8")
    (entry,) = articles(list(read_paths([feed])))
    assert entry.text.split("\n\n") == PARAS
    assert entry.published == "2024-03-09" and entry.outlet == "Al Jazeera"
    assert entry.byline == "Ilse Holm"


def write_warc(path: Path, *, compress: bool) -> str:
    url = "https://www.reuters.com/world/europe/ice-strands-boats-2024-03-09/"
    page = html_page("Ice strands boats", url, "2024-03-09", "Ilse Holm").encode("utf-8")
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=compress)
        req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "reuters.com")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
        for target, status, ctype, body in [
            (url, "200 OK", "text/html; charset=utf-8", page),
            ("https://www.reuters.com/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
            ("https://www.reuters.com/gone", "404 Not Found", "text/html", b"<html>gone</html>"),
        ]:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(target, "response", payload=BytesIO(body),
                                            http_headers=headers)  # fmt: skip
            writer.write_record(rec)
    return url


@pytest.mark.parametrize("name,compress", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses_only(tmp_path: Path, name: str, compress: bool) -> None:
    path = tmp_path / name
    url = write_warc(path, compress=compress)
    if compress:
        assert path.read_bytes()[:2] == b"\x1f\x8b"
    items = list(read_paths([path]))
    (art,) = articles(items)  # the request, PNG and 404 are not articles
    # but they are said to be passed over, in one note (a new user's crawl: not a word)
    (note,) = [i for i in items if isinstance(i, ReadError)]
    assert note.note and note.reason == "2 responses not read as pages: HTTP 404 (1), not HTML (1)"
    assert art.fmt == "warc" and art.record == f"record 2 {url}"
    assert "42 fishing boats" in art.text
    assert (art.url, art.outlet, art.wire) == (url, "Reuters", "Reuters")
    assert art.published == "2024-03-09"


def test_directory_recursive_sorted_and_glob(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for rel in ["b/deep/z.txt", "a.md", "b/c.txt", ".hidden/x.txt"]:
        (tmp_path / rel).write_text(f"{rel}\n\n{BODY}\n", "utf-8")
    (tmp_path / "b" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0binary")
    (tmp_path / "b" / "deep" / "notes.docx").write_bytes(b"PK\x03\x04binary")
    (tmp_path / "README").write_text(BODY, "utf-8")
    items = list(read_paths([tmp_path]))
    found = [a for a in items if isinstance(a, Article)]
    rel = [Path(a.source_path).relative_to(tmp_path).as_posix() for a in found]
    assert rel == ["a.md", "b/c.txt", "b/deep/z.txt"]
    # the files of other kinds are named on one line for the folder, not passed over
    (passed,) = [str(e) for e in items if isinstance(e, ReadError)]
    assert passed.startswith(f"{tmp_path}: 3 files not read")
    assert "(.docx, .jpg, no extension; first: README)" in passed
    globbed = articles(list(read_paths([str(tmp_path / "**" / "*.txt")])))
    assert [Path(a.source_path).name for a in globbed] == ["c.txt", "z.txt"]


def test_content_sniffing_beats_the_extension(tmp_path: Path) -> None:
    page = tmp_path / "saved.txt"
    page.write_text(html_page("Ice strands boats", "https://x.example/a", "2024-03-09", "I H"))
    feed = tmp_path / "export.xml"
    feed.write_text(RSS.format(content="<p>" + PARAS[0] + "</p>", summary=PARAS[1]), "utf-8")
    lines = tmp_path / "dump.txt"
    lines.write_text(json.dumps({"text": BODY}) + "\n", "utf-8")
    warc = tmp_path / "crawl.bin"
    write_warc(warc, compress=True)
    got = articles(list(read_paths([page, feed, lines, warc])))
    assert [a.fmt for a in got] == ["html", "feed", "feed", "jsonl", "warc"]
    assert "<" not in got[0].text and "42 fishing boats" in got[0].text


def test_ids_same_file_twice_same_id_wire_copies_distinct(tmp_path: Path) -> None:
    rows = [{"text": BODY, "url": f"https://{d}/ice"} for d in ("www.bbc.com", "www.cnn.com")]
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    one = articles(list(read_paths([path])))
    two = articles(list(read_paths([str(path)])))
    assert [a.id for a in one] == [a.id for a in two]
    assert one[0].id != one[1].id  # identical wire text, two outlets: two articles
    assert one[0].outlet == "BBC" and one[1].outlet == "CNN"


def test_registry_extension_file(tmp_path: Path) -> None:
    extra = tmp_path / "mine.json"
    extra.write_text(json.dumps({
        "outlets": {"valdmark.example": {"name": "Valdmark Post", "country": "NO",
                                         "wires": ["NTB"], "aliases": ["The Valdmark Post"]}},
        "wires": {"NTB": {"aliases": ["Norsk Telegrambyrå"]}},
    }), "utf-8")  # fmt: skip
    registry = OutletRegistry.load(extra)
    assert registry.by_domain("news.valdmark.example").country == "NO"
    assert registry.by_url("https://www.bbc.co.uk/news").name == "BBC"  # shipped data kept
    text = tmp_path / "a.txt"
    text.write_text(f"The Valdmark Post\n\n{BODY}\n\n— NTB\n", "utf-8")
    (art,) = articles(list(read_paths([text], registry=registry)))
    assert (art.outlet, art.wire, art.title) == ("Valdmark Post", "NTB", None)  # a masthead
    (plain,) = articles(list(read_paths([text])))  # without the extension: unknown stays None
    assert (plain.outlet, plain.wire) == (None, None)
    assert plain.title == "The Valdmark Post"  # no registry entry: it looks like a headline
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    with pytest.raises(ValueError, match="bad.json"):
        OutletRegistry.load(bad)


def test_gzip_that_is_not_warc_is_read_decompressed(tmp_path: Path) -> None:
    """It was refused ("not a WARC"); tests/test_gzipped_inputs.py reads real pages so."""
    path = tmp_path / "notes.txt.gz"
    path.write_bytes(gzip.compress(b"Just text, in a file of its own."))
    (article,) = list(read_paths([path]))
    assert isinstance(article, Article) and article.text == "Just text, in a file of its own."
