"""Issue #16, ingest: no file name and nothing a file holds stops a batch or breaks the
one-line error format. Every case is real bytes on disk: names with bytes that are not UTF-8,
newlines and escape sequences; symbolic links; unreadable folders; patched WARC records;
UTF-16 without a byte order mark."""

from __future__ import annotations

import os
from pathlib import Path

from storyline.ingest import read_paths
from storyline.models import Article, ReadError, one_line

GOOD = (
    "Ferry services to the island of Osterholm were suspended on Friday after a storm damaged "
    "the main pier, the port operator said.\n\nRepairs are expected to take two weeks.\n"
)


def read(*paths: Path | str, **options: int) -> tuple[list[Article], list[ReadError]]:
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
    for given in (tmp_path, good):  # found in a folder, and named on the command line
        arts, errs = read(given)
        assert [a.source_path for a in arts] == [shown]
        arts[0].source_path.encode("utf-8")
        assert arts[0].text == GOOD
    arts, errs = read(tmp_path)
    assert messages(errs) == [f"{tmp_path}/vide\\xff.txt: empty file"]


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
