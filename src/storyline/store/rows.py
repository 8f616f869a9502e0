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
    one statement; return the keys inserted (the key index answers for each row).

    The rows go in as numpy object arrays that DuckDB scans in place: list parameters cost
    ~85 us a row to convert (every value tried ``import pandas``), the arrays ~60 us a row
    for the whole insert (issue #17, 40,000 AllSides-sized rows). A column that is None in
    every row is written as NULL: DuckDB (1.5) cannot type an array of None alone."""
    import numpy as np

    new_rows: dict[str, Any] = {}  # DuckDB reads it by name (a replacement scan)
    select = []
    for k, col in enumerate(columns):
        values = [r[k] for r in rows]
        if any(v is not None for v in values):
            new_rows[col] = np.array(values, dtype=object)
            select.append(f"new_rows.{col}")
        else:
            select.append("NULL")
    found = con.execute(
        f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) "
        f"SELECT {', '.join(select)} FROM new_rows RETURNING {columns[0]}"
    ).fetchall()
    return [r[0] for r in found]
