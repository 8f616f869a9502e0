"""Opening the store's DuckDB file: waiting out another process's lock, and not looking for
pandas on every query when it is not installed."""

from __future__ import annotations

import importlib.util
import re
import sys
import time
from pathlib import Path

import duckdb

from storyline.errors import StorylineError

#: Freed memory DuckDB's allocator may keep before it hands it back after a task (DuckDB's
#: default: 128 MiB). Kept low so that what a large write freed does not stay counted against
#: the process: with it and counts instead of id lists, ``ingest_memory.py`` peaked at 433 MB
#: on 200 MB (481 before). Most of the growth was DuckDB's block cache (``WRITE_MEMORY``).
ALLOCATOR_FLUSH = "8MiB"
#: Rows per row group of the store's tables (DuckDB's default: 122,880). A checkpoint after
#: rows are appended compresses again the whole row group they joined: with the default, an
#: archive's articles, parts and extractions up to 122,880 articles lie in one row group each,
#: and each run that adds to it rewrites them. With groups of 2,048 rows an append rewrites at
#: most the last 2,048 rows of a table: three tables of a 10,000-article store given one row
#: each checkpoint in 0.03 s against 0.26-0.49 s, and four runs adding 25 articles each grow
#: the file 184 -> 228-249 MiB against 201 -> 321-328 MiB (BENCHMARKS.md, stop 41). A store
#: written with the default starts a new group at its next append. 2,048 is DuckDB's vector
#: size, the least a group may hold.
ROW_GROUP_ROWS = 2048
#: The name the store's file is attached under (``current_database()`` in its queries).
STORE_ALIAS = "store"


class StoreError(StorylineError):
    """The store file cannot be opened or written (locked, not a DuckDB file, read-only)."""


def skip_missing_pandas() -> None:
    """DuckDB's Python client tries ``import pandas`` for each parameter of each query (four
    times for one article row), and Python does not remember an import that failed: without
    pandas installed that is a search of the whole module path every time, ~1 ms each, most of
    the cost of writing an article. When pandas is not installed, this records it as missing
    once (``sys.modules["pandas"] = None``: every later ``import pandas`` fails at once, as it
    would anyway); an installed pandas is left alone."""
    if "pandas" not in sys.modules and importlib.util.find_spec("pandas") is None:
        sys.modules["pandas"] = None  # type: ignore[assignment]


def _attached(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection to the file at ``path``, attached with the store's row group size
    (``ROW_GROUP_ROWS``, an option of ``ATTACH`` only) and made the default database; an
    in-memory store (``:memory:``) is a plain in-memory connection."""
    if str(path) == ":memory:":
        con = duckdb.connect(":memory:")
    else:
        con = duckdb.connect()
        options = f"ROW_GROUP_SIZE {ROW_GROUP_ROWS}" + (", READ_ONLY" if read_only else "")
        try:  # ATTACH takes no parameter: the path goes in as a quoted literal
            quoted = str(path).replace("'", "''")
            try:
                con.execute(f"ATTACH '{quoted}' AS {STORE_ALIAS} ({options})")
            except duckdb.BinderException as exc:
                if "already attached" not in str(exc):
                    raise
                raise StoreError(
                    f"{path}: the store is open already in this process; close the other "
                    "Store first (with Store(...) as store: closes it)"
                ) from exc
            con.execute(f"USE {STORE_ALIAS}")
            # where a file database spills (an in-memory one would spill to ./.tmp)
            con.execute(f"SET temp_directory = '{quoted}.tmp'")
        except BaseException:
            con.close()
            raise
    con.execute(f"SET allocator_flush_threshold = '{ALLOCATOR_FLUSH}'")
    return con


def connect(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect``, retried while another process holds the file's lock, for at most
    ``wait`` seconds (then a ``StoreError`` that names the holder)."""
    skip_missing_pandas()
    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        try:
            return _attached(path, read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                holder = re.search(r"held in (.+?) \((PID \d+)\)", str(exc))
                who = f" ({holder[2]}: {holder[1]})" if holder else ""
                raise StoreError(
                    f"{path}: the store is in use by another process{who}; "
                    f"still locked after {wait:g} s, try again when it has finished"
                ) from exc
            time.sleep(min(delay, left))
            delay = min(delay * 2, 0.5)
