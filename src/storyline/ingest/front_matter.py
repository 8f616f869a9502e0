"""Front matter: the block of metadata a Markdown file may open with, read as the article's.

Web clippers, note-taking apps and static site generators save an article as Markdown with
its title, date, URL, outlet and author in a YAML block between ``---`` lines (or a TOML
block between ``+++`` lines) before the text. Left in the text, that block became the
article's claims and timeline ("title = ...", "publisher = ...") and the article had no
title (a new user's trial of the formats storyline reads). The block is parsed with PyYAML
or the standard library's ``tomllib``; the article's text is what follows it.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from storyline.ingest.build import Given
from storyline.ingest.dates import parse_date

#: The block: its opening fence alone on the file's first line, its closing fence alone on a
#: later line (a UTF-8 byte order mark before it is allowed).
_BLOCK = re.compile(
    r"\A\ufeff?(?P<fence>---|\+\+\+)[ \t]*\r?\n(?P<body>.*?)^(?P=fence)[ \t]*$\r?\n?", re.S | re.M
)
#: The keys each field is read from, first found wins (the names Jekyll, Hugo, Obsidian's web
#: clipper and Pandoc use). ``source`` is an outlet, or the page's URL when it is one.
TITLE_KEYS = ("title", "headline")
URL_KEYS = ("url", "link", "canonical_url", "canonical", "source_url", "permalink", "source")
OUTLET_KEYS = ("outlet", "publisher", "publication", "site_name", "site", "source")
DATE_KEYS = ("published", "date", "pubdate", "publication_date", "date_published", "created")
AUTHOR_KEYS = ("author", "authors", "byline")


@dataclass(frozen=True)
class FrontMatter:
    """What a file's front matter gives, and where its text begins."""

    given: Given
    body_start: int


def front_matter(text: str) -> FrontMatter | None:
    """The front matter ``text`` opens with, or None (no block, or one that is not a mapping
    of fields: then the file is read as written)."""
    m = _BLOCK.match(text)
    if m is None:
        return None
    fields = _parse(m["body"], toml=m["fence"] == "+++")
    if fields is None:
        return None
    fields = {str(k).strip().lower(): v for k, v in fields.items()}
    url = _first(fields, URL_KEYS, _is_url)
    return FrontMatter(
        Given(
            title=_first(fields, TITLE_KEYS),
            url=url,
            outlet=_first(fields, OUTLET_KEYS, lambda v: not _is_url(v)),
            byline=_first(fields, AUTHOR_KEYS),
            published=_date(fields),
        ),
        m.end(),
    )


def _parse(body: str, *, toml: bool) -> Mapping[str, Any] | None:
    try:
        fields = tomllib.loads(body) if toml else yaml.safe_load(body)
    except (tomllib.TOMLDecodeError, yaml.YAMLError, ValueError, RecursionError):
        # PyYAML raises ValueError for an impossible date ("2021-02-30"), and the file is
        # then read as written, block and all, as a block that is no mapping is
        return None
    return fields if isinstance(fields, dict) else None


def _text(value: Any) -> str | None:
    """A field's value as one line of text: a list ("authors") joined, a date written ISO."""
    if isinstance(value, list | tuple):
        parts = [t for v in value if (t := _text(v))]
        return ", ".join(parts) or None
    if isinstance(value, dt.date):  # YAML reads an unquoted 2021-07-15 as a date
        return value.isoformat()
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return " ".join(str(value).split()) or None
    return None


def _first(fields: Mapping[str, Any], keys: Sequence[str], ok: Any = None) -> str | None:
    for key in keys:
        value = _text(fields.get(key))
        if value and (ok is None or ok(value)):
            return value
    return None


def _is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def _date(fields: Mapping[str, Any]) -> str | None:
    for key in DATE_KEYS:
        value = fields.get(key)
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if (text := _text(value)) and (day := parse_date(text)):
            return day
    return None
