"""SQL helpers shared by the store's tables: literal id-prefix patterns, batched writes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storyline.store.cache import WRITE_BATCH

#: The character that escapes ``%``, ``_`` and itself in the LIKE patterns of id prefixes.
_LIKE_ESCAPE = "\\"


def _like_prefix(prefix: str) -> str:
    """A LIKE pattern matching the strings that start with ``prefix``, taken literally."""
    esc = _LIKE_ESCAPE
    return prefix.replace(esc, esc + esc).replace("%", esc + "%").replace("_", esc + "_") + "%"


def _put_rows(con: Any, table: str, columns: Sequence[str], rows: Sequence[list[Any]]) -> None:
    """``INSERT OR REPLACE`` text ``rows`` (one key each) into ``table``, ``WRITE_BATCH`` rows
    a statement: one statement a row cost a few ms each, seconds for a run's entities."""
    for start in range(0, len(rows), WRITE_BATCH):
        part = rows[start : start + WRITE_BATCH]
        cols = ", ".join("unnest(?::VARCHAR[])" for _ in columns)
        con.execute(
            f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) SELECT {cols}",
            [[r[k] for r in part] for k in range(len(columns))],
        )


def _insert_new(
    con: Any, table: str, columns: Sequence[str], rows: Sequence[list[Any]]
) -> list[str]:
    """Insert the text ``rows`` whose key (the first column) ``table`` does not hold yet, in
    one statement; return the keys inserted. The key index answers for each row, so the cost
    does not grow with the table (a look-up ``IN`` the batch's keys scanned every stored key)."""
    cols = ", ".join("unnest(?::VARCHAR[])" for _ in columns)
    found = con.execute(
        f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) SELECT {cols} "
        f"RETURNING {columns[0]}",
        [[r[k] for r in rows] for k in range(len(columns))],
    ).fetchall()
    return [r[0] for r in found]
