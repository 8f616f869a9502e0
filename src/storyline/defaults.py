"""Defaults that every command's ``--help`` shows, apart from the modules that use them, so
that printing the help loads none of those (the store's module loads DuckDB)."""

from __future__ import annotations

#: The store a command opens when ``--db`` is not given: a DuckDB file in the working folder.
DEFAULT_DB = "storyline.duckdb"
