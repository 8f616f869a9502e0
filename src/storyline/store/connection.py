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


def connect(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect``, retried while another process holds the file's lock, for at most
    ``wait`` seconds (then a ``StoreError`` that names the holder)."""
    skip_missing_pandas()
    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            con.execute(f"SET allocator_flush_threshold = '{ALLOCATOR_FLUSH}'")
            return con
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
