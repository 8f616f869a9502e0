"""Ids of a story's claims, quotes and conflicts, derived from what each one cites.

An id is the story id, a letter for what the item is (``c`` claim, ``q`` quote, ``x``
conflict) and a short hash of the item's kind and the spans it cites (article id, start, end),
so the id of an item changes only when the item itself does: removing or adding an unrelated
claim, quote or conflict leaves it alone. Two items of a story that would get the same id (the
same kind citing the same spans) are told apart by a suffix (``-2``, ``-3``) in the order they
are made, which is deterministic.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

#: Hex digits of the hash kept in an id: 40 bits, enough within one story.
HASH_CHARS = 10

Span = tuple[str, int | None, int | None]


def content_hash(kind: str, spans: Iterable[Span], extra: Sequence[str] = ()) -> str:
    """Short hash of ``kind``, the cited ``spans`` (in any order) and ``extra`` strings."""
    key = [
        kind,
        sorted({(a, s if s is not None else -1, e if e is not None else -1) for a, s, e in spans}),
        list(extra),
    ]
    digest = hashlib.sha1(json.dumps(key, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:HASH_CHARS]


def value_spans(values: Sequence[dict[str, Any]]) -> list[Span]:
    """The spans a conflict's values cite (``values[*].sources``)."""
    return [
        (s["article_id"], s.get("start"), s.get("end"))
        for v in values
        for s in v.get("sources", [])
    ]


class StoryIds:
    """Hands out the content-derived ids of one story, unique within it."""

    def __init__(self, story_id: str) -> None:
        self.story_id = story_id
        self.taken: set[str] = set()

    def _unique(self, base: str) -> str:
        out, n = base, 1
        while out in self.taken:
            n += 1
            out = f"{base}-{n}"
        self.taken.add(out)
        return out

    def make(self, letter: str, kind: str, spans: Iterable[Span], extra: Sequence[str] = ()) -> str:
        """``<story>-<letter><hash>`` for an item of ``kind`` citing ``spans``."""
        return self._unique(f"{self.story_id}-{letter}{content_hash(kind, spans, extra)}")

    def claim(self, spans: Iterable[Span]) -> str:
        return self.make("c", "claim", spans)

    def quote(self, spans: Iterable[Span]) -> str:
        return self.make("q", "quote", spans)

    def conflict(self, kind: str, values: Sequence[dict[str, Any]]) -> str:
        """A conflict's id: its kind and every span its values cite, and the values' wordings
        and articles (a headline value may cite no span: a title kept without its offset)."""
        extra = sorted(
            json.dumps([v.get("value"), sorted(v.get("article_ids", []))], ensure_ascii=False)
            for v in values
        )
        return self.make("x", kind, value_spans(values), extra)
