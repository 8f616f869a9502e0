"""A JSON document holding an array of article records: a common export ("[{...}, {...}]").

Each element is read as a JSON Lines record is (``readers.record_article``) and named by its
place ("item 3"); a bad element is skipped alone. The array is parsed whole, so a file past
``MAX_ARRAY_BYTES`` is refused with the way to stream it instead (JSON Lines).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.readers import record_article, size_limit, undated_note
from storyline.ingest.registry import OutletRegistry
from storyline.ingest.sniff import Unreadable, decode
from storyline.models import Article, ReadError

#: Largest JSON array read, in bytes: parsed whole, its objects take several times its size
#: in memory. A larger archive streams as JSON Lines, one record a line.
MAX_ARRAY_BYTES = 256 << 20


def read_json_array(
    path: Path, shown: str, registry: OutletRegistry, max_bytes: int
) -> Iterator[Article | ReadError]:
    """The articles of a JSON array of records, then one note for its undated records."""
    try:
        items = _items(path)
    except Unreadable as exc:
        yield ReadError(shown, str(exc))
        return
    undated: list[tuple[str, str]] = []
    good = False
    for k, obj in enumerate(items, 1):
        record = f"item {k}"
        try:
            if len(json.dumps(obj)) > max_bytes:
                raise Unreadable(f"record is over the {size_limit(max_bytes)} limit")
            yield record_article(obj, "json", shown, record, registry, undated)
            good = True
        except Unreadable as exc:
            yield ReadError(shown, str(exc), record)
    if not items:
        yield ReadError(shown, "an empty JSON array: no records")
    if undated and good:
        yield undated_note(shown, undated)


def _items(path: Path) -> list[object]:
    """The array's elements; ``Unreadable`` for a file too large, not JSON, or no array."""
    size = path.stat().st_size
    if size > MAX_ARRAY_BYTES:
        raise Unreadable(
            f"a JSON array over the {size_limit(MAX_ARRAY_BYTES)} limit: give an archive this "
            "large as JSON Lines, one record a line (jq -c '.[]' file.json > file.jsonl)"
        )
    try:
        doc = json.loads(decode(path.read_bytes()))
    except json.JSONDecodeError as exc:
        raise Unreadable(f"malformed JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(doc, list):
        raise Unreadable(f"a JSON document holding a {type(doc).__name__}, not an array")
    return doc
