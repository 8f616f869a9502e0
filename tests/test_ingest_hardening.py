"""Issue #16, ingest: no file name and nothing a file holds stops a batch or breaks the
one-line error format. Every case is real bytes on disk: names with bytes that are not UTF-8,
newlines and escape sequences; symbolic links; unreadable folders; patched WARC records;
UTF-16 without a byte order mark."""

from __future__ import annotations

import codecs
import gzip
import itertools
import os
import re
import zlib
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest import MAX_ARTICLE_BYTES, read_paths
from storyline.models import Article, ReadError, one_line

GOOD = (
    "Ferry services to the island of Osterholm were suspended on Friday after a storm damaged "
    "the main pier, the port operator said.\n\nRepairs are expected to take two weeks.\n"
)


def read(*paths: Path | str, **options: Any) -> tuple[list[Article], list[ReadError]]:
    items = list(read_paths(list(paths), **options))
    return ([i for i in items if isinstance(i, Article)],
            [i for i in items if isinstance(i, ReadError)])  # fmt: skip


def messages(errors: list[ReadError]) -> list[str]:
    out = [str(e) for e in errors]
    for message in out:
        assert message == one_line(message), message  # one line, nothing left to escape
        message.encode("utf-8")  # printable and storable whatever the name held
    return out


def write_named(folder: Path, name: bytes, data: bytes) -> str:
    """A file whose name is raw bytes; returns the name as Python's ``str`` paths carry it."""
    raw = os.fsencode(folder) + b"/" + name
    with open(raw, "wb") as f:
        f.write(data)
    return os.fsdecode(raw)


# --- file names ---------------------------------------------------------------------------


def test_one_line_escapes_controls_separators_and_undecodable_bytes() -> None:
    name = os.fsdecode(b"caf\xe9\n\x1b[31m\t\x85\xe2\x80\xae.txt")
    assert one_line(name) == "caf\\xe9\\n\\x1b[31m\\t\\x85\\u202e.txt"  # U+202E is valid UTF-8
    assert one_line("a\u2028b\u202ec\x7f") == "a\\u2028b\\u202ec\\x7f"
    assert one_line("plain [/] C:\\dir café ✓") == "plain [/] C:\\dir café ✓"
    assert one_line(one_line(name)) == one_line(name)


def test_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path: Path) -> None:
    good = write_named(tmp_path, b"caf\xe9.txt", GOOD.encode())
    write_named(tmp_path, b"vide\xff.txt", b"")
    shown = f"{tmp_path}/caf\\xe9.txt"
    for named in (tmp_path, good):  # found in a folder, and named on the command line
        arts, errs = read(named)
        assert [a.source_path for a in arts] == [shown]
        arts[0].source_path.encode("utf-8")
        assert arts[0].text == GOOD
    arts, errs = read(tmp_path)
    assert messages(errs) == [f"{tmp_path}/vide\\xff.txt: empty file"]


def test_feed_whose_name_is_not_utf8_is_read(tmp_path: Path) -> None:
    """lxml took an open feed file's name as its base URL and could not encode such a name
    (found by the hostile corpus's fuzz): every format must read it, feeds included."""
    feed = f"<rss><channel><item><title>Bridge</title><description>{GOOD}</description></item>"
    write_named(tmp_path, b"\x80.xml", (feed + "</channel></rss>").encode())
    arts, errs = read(tmp_path)
    assert not errs
    assert [(a.fmt, a.source_path) for a in arts] == [("feed", f"{tmp_path}/\\x80.xml")]


def test_newline_in_a_name_cannot_split_or_fake_a_message(tmp_path: Path) -> None:
    fake = f"x.txt: empty file\n{tmp_path}/y.txt"  # a name that would print as two errors
    (tmp_path / fake.replace("/", "_")).write_bytes(b"")
    (tmp_path / "\x1b[2Jred.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    (tmp_path / "fine\nname.md").write_text(GOOD, "utf-8")
    arts, errs = read(tmp_path)
    assert [a.source_path for a in arts] == [f"{tmp_path}/fine\\nname.md"]
    assert messages(errs) == [
        f"{tmp_path}/\\x1b[2Jred.txt: binary file, not text",
        f"{tmp_path}/x.txt: empty file\\n{str(tmp_path).replace('/', '_')}_y.txt: empty file",
    ]


def test_names_that_look_like_markup_are_plain_text(tmp_path: Path) -> None:
    (tmp_path / "[").mkdir()
    (tmp_path / "[" / "x].txt").write_bytes(b"")
    (tmp_path / "[bold]b[red].md").write_text(GOOD, "utf-8")
    arts, errs = read(tmp_path)
    assert [a.source_path for a in arts] == [f"{tmp_path}/[bold]b[red].md"]
    assert messages(errs) == [f"{tmp_path}/[/x].txt: empty file"]


# --- folders: links and unreadable subfolders ------------------------------------------------


def test_links_out_of_a_folder_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Not news: " + GOOD, "utf-8")
    news = tmp_path / "news"
    (news / "sub").mkdir(parents=True)
    (news / "sub" / "pier.md").write_text(GOOD, "utf-8")
    (news / "a-passwd.txt").symlink_to("/etc/passwd")
    (news / "b-secret.txt").symlink_to(outside / "secret.txt")
    (news / "c-outside").symlink_to(outside, target_is_directory=True)
    (news / "d-same.md").symlink_to(news / "sub" / "pier.md")  # inside: read once, not twice
    (news / "e-inner").symlink_to(news / "sub", target_is_directory=True)
    (news / "f-gone.txt").symlink_to(tmp_path / "missing.txt")
    arts, errs = read(news)
    assert [a.source_path for a in arts] == [str(news / "d-same.md")]
    assert messages(errs) == [
        f"{news}/a-passwd.txt: link to /etc/passwd, outside {news}: not read "
        "(--follow-links reads it)",
        f"{news}/b-secret.txt: link to {outside}/secret.txt, outside {news}: not read "
        "(--follow-links reads it)",
        f"{news}/c-outside: link to the folder {outside}, outside {news}: not followed "
        "(--follow-links follows it)",
        f"{news}/f-gone.txt: broken symbolic link",
    ]
    # named on the command line, or matched by a glob, a link is followed: the user chose it
    arts, errs = read(news / "b-secret.txt", str(news / "c-out*" / "*.txt"))
    assert [a.source_path for a in arts] == [str(news / "b-secret.txt"),
                                             str(news / "c-outside" / "secret.txt")]  # fmt: skip
    assert [a.text for a in arts] == ["Not news: " + GOOD] * 2 and not errs


def test_follow_links_reads_what_links_out_of_a_folder_point_at(tmp_path: Path) -> None:
    """``follow_links`` (``--follow-links``): links lead out of the folder, each real folder is
    walked once (a link back up is no loop) and each file read once."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Outside: " + GOOD, "utf-8")
    (outside / "up").symlink_to(tmp_path / "news", target_is_directory=True)  # a loop
    news = tmp_path / "news"
    news.mkdir()
    (news / "a-pier.md").write_text(GOOD, "utf-8")
    (news / "b-outside").symlink_to(outside, target_is_directory=True)
    (news / "c-secret.txt").symlink_to(outside / "secret.txt")
    (news / "d-gone.txt").symlink_to(tmp_path / "missing.txt")
    arts, errs = read(news, follow_links=True)
    assert [a.source_path for a in arts] == [
        str(news / "a-pier.md"),
        str(news / "b-outside" / "secret.txt"),
    ]
    assert messages(errs) == [f"{news}/d-gone.txt: broken symbolic link"]


def test_an_unreadable_subfolder_is_named(tmp_path: Path, monkeypatch: Any) -> None:
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(GOOD, "utf-8")
    (tmp_path / "z.md").write_text(GOOD, "utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):  # root reads anyway: make the listing fail as it would
            scandir = os.scandir

            def denied(path: Any = ".") -> Any:
                if Path(path) == locked:
                    raise PermissionError(13, "Permission denied", str(path))
                return scandir(path)

            monkeypatch.setattr(os, "scandir", denied)
        arts, errs = read(tmp_path)
        alone = read(locked)  # the folder named itself
    finally:
        locked.chmod(0o755)
    assert [a.source_path for a in arts] == [str(tmp_path / "a.txt"), str(tmp_path / "z.md")]
    assert messages(errs) == [f"{locked}: cannot read the folder: Permission denied"]
    assert not alone[0] and messages(alone[1]) == messages(errs)


# --- the size limit ----------------------------------------------------------------------------


def test_size_limit_is_stated_in_one_unit(tmp_path: Path) -> None:
    assert MAX_ARTICLE_BYTES == 20 * 1024 * 1024
    big = tmp_path / "dump.txt"
    big.write_bytes(b"word " * (MAX_ARTICLE_BYTES // 5 + 1))  # 5 bytes over the limit
    arts, errs = read(big)
    assert messages(errs) == [f"{big}: file is 20.1 MiB, over the 20 MiB limit for one article"]
    arts, errs = read(big, max_bytes=int(2.5 * 1024 * 1024))  # the CLI's --max-mb 2.5
    assert messages(errs) == [f"{big}: file is 20.1 MiB, over the 2.5 MiB limit for one article"]
    arts, errs = read(big, max_bytes=1000)
    assert messages(errs) == [
        f"{big}: file is {MAX_ARTICLE_BYTES + 5} bytes, over the 1000 bytes limit for one article"
    ]


# --- UTF-16 without a byte order mark ------------------------------------------------------------

RU = "Паромное сообщение с островом приостановлено в пятницу.\n\nРемонт займёт две недели.\n"
ZH = "周五风暴损坏主码头后，前往岛屿的渡轮服务暂停。\n\n维修预计需要两周。\n"
PAGE = (
    "<!DOCTYPE html><html><head><title>Pier closed</title></head><body><article>"
    f"<h1>Pier closed</h1><p>{GOOD}</p><p>{GOOD}</p></article></body></html>"
)
FEED = (
    '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>T</title>'
    f"<item><title>Pier closed</title><description>{GOOD}</description></item></channel></rss>"
)


def test_utf16_without_a_bom_is_decoded(tmp_path: Path) -> None:
    for enc in ("utf-16-le", "utf-16-be"):
        folder = tmp_path / enc
        folder.mkdir()
        (folder / "en.txt").write_bytes(GOOD.encode(enc))
        (folder / "ru.md").write_bytes(RU.encode(enc))
        (folder / "zh.txt").write_bytes(ZH.encode(enc))
        (folder / "page.html").write_bytes(PAGE.encode(enc))
        (folder / "feed.xml").write_bytes(FEED.encode(enc))
        row = '{"text": "Pier closed after a storm, the port operator said."}\n'
        (folder / "rows.jsonl").write_bytes(row.encode(enc))
        assert not any((folder / n).read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))
                       for n in ("en.txt", "page.html"))  # fmt: skip
        arts, errs = read(folder)
        texts = {Path(a.source_path).name: a.text for a in arts}
        assert texts["en.txt"] == GOOD and texts["ru.md"] == RU and texts["zh.txt"] == ZH
        assert GOOD.split("\n")[0] in texts["page.html"] and "Osterholm" in texts["feed.xml"]
        assert [a.title for a in arts if a.fmt in ("html", "feed")] == ["Pier closed"] * 2
        assert messages(errs) == [
            f"{folder}/rows.jsonl: JSON Lines in {enc.upper()}; save the file as UTF-8"
        ]


def test_binary_data_is_still_binary(tmp_path: Path) -> None:
    samples = {
        "zeros.txt": b"\x00" * 600,
        "mixed.txt": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 3,
        "ints.txt": b"".join(n.to_bytes(4, "little") for n in range(300)),
        "pairs.txt": b"\x00\x01\x02\x03" * 64,
        "ansi.txt": b"\x1b[31mred\x1b[0m \x1b[1mbold\x1b[0m\x1b[2K\x1b[1A" * 20,
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
    arts, errs = read(tmp_path)
    assert not arts
    assert messages(errs) == [f"{tmp_path}/{n}: binary file, not text" for n in sorted(samples)]


# --- WARC records whose Content-Length is wrong ---------------------------------------------------


def warc_record(url: str, body: bytes, *headers: tuple[str, str], compress: bool = False) -> bytes:
    """One HTML response record as warcio's writer writes it."""
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *headers], "HTTP/1.1")
    rec = writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http)
    writer.write_record(rec)
    return buf.getvalue()


def warc_records(n: int) -> list[bytes]:
    """``n`` HTML response records, each on its own, uncompressed."""
    return [
        warc_record(
            f"https://example.org/{i}",
            f"<html><body><article><p>{i}: {GOOD}</p></article></body></html>".encode(),
        )
        for i in range(n)
    ]


def with_length(record: bytes, delta: int) -> bytes:
    """``record`` with its WARC Content-Length off by ``delta``, the content unchanged."""
    head, sep, rest = record.partition(b"\r\n\r\n")
    m = re.search(rb"\r\nContent-Length: (\d+)", head)
    assert m
    patched = head[: m.start(1)] + str(int(m.group(1)) + delta).encode() + head[m.end(1) :]
    return patched + sep + rest


def content_length(record: bytes) -> int:
    m = re.search(rb"\r\nContent-Length: (\d+)", record)
    assert m
    return int(m.group(1))


def write_warc(path: Path, records: list[bytes]) -> Path:
    """The records as a .warc, or as a .warc.gz with one gzip member per record."""
    compress = path.name.endswith(".gz")
    path.write_bytes(b"".join(gzip.compress(r) if compress else r for r in records))
    return path


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
@pytest.mark.parametrize("delta", [-40, -1, 6, 40, 300])
def test_wrong_content_length_costs_one_record(
    tmp_path: Path, capfd: Any, name: str, delta: int
) -> None:
    records = warc_records(4)
    size = content_length(records[1])
    records[1] = with_length(records[1], delta)
    path = write_warc(tmp_path / name, records)
    arts, errs = read(path)
    out, err = capfd.readouterr()
    assert not out and not err  # warcio's multi-line warnings quoting the page: not printed
    longer = "longer" if delta > 0 else "shorter"
    assert messages(errs) == [
        f"{path} (record 2 https://example.org/1): Content-Length {size + delta} is {longer} "
        f"than the content ({size} bytes); record skipped"
    ]
    assert [a.record for a in arts] == [
        f"record {i} https://example.org/{i - 1}" for i in (1, 3, 4)
    ]
    assert all(a.text.startswith(f"{i}: Ferry") for a, i in zip(arts, (0, 2, 3), strict=True))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_wrong_content_length_of_the_last_record(tmp_path: Path, capfd: Any, name: str) -> None:
    records = warc_records(2)
    size = content_length(records[1])
    short = write_warc(tmp_path / f"short-{name}", [records[0], with_length(records[1], -10)])
    arts, errs = read(short)
    assert [a.record for a in arts] == ["record 1 https://example.org/0"]
    assert messages(errs) == [
        f"{short} (record 2 https://example.org/1): Content-Length {size - 10} is shorter than "
        f"the content ({size} bytes); record skipped"
    ]
    long = write_warc(tmp_path / f"long-{name}", [records[0], with_length(records[1], 10)])
    arts, errs = read(long)  # past the end of the file: told as a file cut short
    assert [a.record for a in arts] == ["record 1 https://example.org/0"]
    assert messages(errs) == [
        f"{long} (record 2 https://example.org/1): truncated WARC: record ends 6 bytes early"
    ]
    assert capfd.readouterr() == ("", "")


def test_text_from_the_crawl_is_escaped_in_errors(tmp_path: Path, capfd: Any) -> None:
    records = warc_records(3)
    odd = warc_record(
        "https://example.org/1", b"<html>not gzip</html>", ("Content-Encoding", "gzip")
    )
    url = b"https://example.org/\x1b[31m[/]\xe2\x80\xae"  # in the WARC headers: no length change
    odd = odd.replace(b"https://example.org/1", url)
    junk = b"[/bold] junk\x1b[2J between records\r\nWARC-Date: fake\r\n\r\n"
    path = write_warc(tmp_path / "odd.warc", [records[0], odd, junk, records[2]])
    arts, errs = read(path)
    assert [a.record for a in arts] == ["record 1 https://example.org/0",
                                        "record 3 https://example.org/2"]  # fmt: skip
    start = len(records[0]) + len(odd)
    assert messages(errs) == [
        f"{path} (record 2 https://example.org/\\x1b[31m[/]\\u202e): cannot decompress the page "
        "(Content-Encoding: gzip): Error -3 while decompressing data: incorrect header check",
        f"{path} (offset {start}): no WARC record begins here (the line reads "
        f"'[/bold] junk\\x1b[2J between records'); {len(junk) - 4} bytes skipped to the "
        "next record",
    ]
    assert capfd.readouterr() == ("", "")


def test_compressed_and_chunked_pages_are_read(tmp_path: Path) -> None:
    page = f"<html><body><article><p>{GOOD}</p></article></body></html>".encode()
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(page), page)
    bodies = {
        "gzip": ([("Content-Encoding", "gzip")], gzip.compress(page)),
        "deflate": ([("Content-Encoding", "deflate")], zlib.compress(page)),
        "chunked": ([("Transfer-Encoding", "chunked")], chunked),
    }
    path = tmp_path / "encoded.warc.gz"
    path.write_bytes(b"".join(
        warc_record(f"https://example.org/{name}", body, *headers, compress=True)
        for name, (headers, body) in bodies.items()
    ))  # fmt: skip
    arts, errs = read(path)
    assert not errs and [a.url for a in arts] == [f"https://example.org/{n}" for n in bodies]
    assert all(a.text.split() == GOOD.split() for a in arts), [a.text for a in arts]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    compress=st.booleans(),
    at=st.floats(0, 1),
    cut=st.integers(0, 40),
    insert=st.binary(max_size=40) | st.sampled_from([b"\r\n\r\nWARC/1.0\r\n", b"WARC/1.1\r\n"]),
)
def test_a_damaged_crawl_keeps_the_records_before_the_damage(
    tmp_path: Path, capfd: Any, compress: bool, at: float, cut: int, insert: bytes
) -> None:
    records = warc_records(3)
    blobs = [gzip.compress(r) if compress else r for r in records]
    data = b"".join(blobs)
    pos = int(len(data) * at)
    path = tmp_path / ("damaged.warc.gz" if compress else "damaged.warc")
    path.write_bytes(data[:pos] + insert + data[pos + cut :])
    arts, errs = read(path)
    for message in messages(errs):
        assert message.startswith(str(path)) and "unexpected error" not in message
    intact = sum(1 for end in itertools.accumulate(map(len, blobs)) if end <= pos)
    expected = [f"record {i + 1} https://example.org/{i}" for i in range(intact)]
    assert [a.record for a in arts][:intact] == expected
    assert capfd.readouterr() == ("", "")


def test_utf16_with_a_bom_is_told_by_its_text(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"  # read line by line as bytes, it came out garbled
    rows.write_bytes(codecs.BOM_UTF16_LE + f'{{"text": "{GOOD[:60]}"}}\n'.encode("utf-16-le"))
    page = tmp_path / "saved.txt"  # an HTML page saved as .txt, in UTF-16 with its BOM
    page.write_bytes(codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"))
    arts, errs = read(rows, page)
    assert [(a.fmt, a.title) for a in arts] == [("html", "Pier closed")]
    assert messages(errs) == [f"{rows}: JSON Lines in UTF-16-LE; save the file as UTF-8"]
