"""SQL helpers shared by the store's tables: literal id-prefix patterns, batched writes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storyline.store.cache import WRITE_BATCH

#: The character that escapes ``%``, ``_`` and itself in the LIKE patterns of id prefixes.
_LIKE_ESCAPE = "\\"
#: Values of each object column DuckDB's Python client reads to tell the column's type
#: (``pandas_analyze_sample``; its default, 1,000, read a whole batch's: two failed ``import
#: pandas`` a value and the analysis itself, ~60 CPU us of a PolNeAR article's ~140 us
#: write, issue #17). The columns are all text, and ``_insert_new`` puts a text value first.
TYPE_SAMPLE = 1
#: The value ahead of each column's rows that ``TYPE_SAMPLE`` reads (a JSON null, which
#: every text and JSON column takes), in a row the insert leaves out (``is_row`` false). A
#: column that begins with None would not do: read alone, it makes DuckDB ask the array for
#: a pandas method and fail.
_TYPE_ROW = "null"


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
    every row is written as NULL: DuckDB (1.5) cannot type an array of None alone. Each
    column's type is read from its first value only (``TYPE_SAMPLE``, ``_TYPE_ROW``)."""
    import numpy as np

    new_rows: dict[str, Any] = {}  # DuckDB reads it by name (a replacement scan)
    select = []
    for k, col in enumerate(columns):
        values = [r[k] for r in rows]
        if any(v is not None for v in values):
            new_rows[col] = np.array([_TYPE_ROW, *values], dtype=object)
            select.append(f"new_rows.{col}")
        else:
            select.append("NULL")
    new_rows["is_row"] = np.arange(len(rows) + 1) > 0
    (sample,) = con.execute("SELECT current_setting('pandas_analyze_sample')").fetchone()
    con.execute(f"SET pandas_analyze_sample = {TYPE_SAMPLE}")
    try:
        found = con.execute(
            f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) "
            f"SELECT {', '.join(select)} FROM new_rows WHERE is_row RETURNING {columns[0]}"
        ).fetchall()
    finally:
        con.execute(f"SET pandas_analyze_sample = {int(sample)}")
    return [r[0] for r in found]
