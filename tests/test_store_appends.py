"""Adding articles to a stored archive leaves its stored rows where they are (issue #17).

DuckDB's checkpoint compresses again every row group that a run appended to or deleted from.
With its default row groups (122,880 rows) a whole archive's table below that size is one
group, so each added run rewrote the archive; the store's groups hold ``ROW_GROUP_ROWS``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from tests.allsides_pick import ALLSIDES

from storyline.pipeline import analyze
from storyline.store import Store
from storyline.store.connection import ROW_GROUP_ROWS

#: AllSides articles analysed first (their cluster keys fill more than one row group), and
#: the articles a second run adds.
FIRST, ADDED = 70, 4


def _records(lines: list[str], root: Path, name: str) -> Path:
    path = root / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _group_blocks(db: Path, table: str) -> dict[int, set[int]]:
    """Row group id -> the blocks holding its columns, read from a closed store file."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            f"SELECT row_group_id, list(DISTINCT block_id) FROM pragma_storage_info('{table}') "
            "WHERE block_id >= 0 GROUP BY row_group_id"
        ).fetchall()
    finally:
        con.close()
    return {int(g): set(blocks) for g, blocks in rows}


def test_an_added_run_leaves_the_full_row_groups_of_the_stored_keys(tmp_path: Path) -> None:
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    first = _records(lines[:FIRST], tmp_path, "first.jsonl")
    added = _records(lines[FIRST : FIRST + ADDED], tmp_path, "added.jsonl")
    db = tmp_path / "archive.duckdb"
    with Store(db) as store:
        analyze([first], store)
    before = _group_blocks(db, "cluster_keys")
    full = {g: b for g, b in before.items() if g < max(before)}  # the last may take more rows
    assert full, f"the keys of {FIRST} articles lie in one row group (of {ROW_GROUP_ROWS} rows?)"
    with Store(db) as store:
        analyze([added], store)
    after = _group_blocks(db, "cluster_keys")
    kept = [g for g, blocks in full.items() if after.get(g) == blocks]
    assert kept == sorted(full)


def test_a_store_spills_beside_its_file_not_in_the_working_folder(tmp_path: Path) -> None:
    """Attached to an in-memory connection, DuckDB would spill a large query to ``./.tmp``
    under whatever folder the user ran storyline from; a file database spills beside itself."""
    db = tmp_path / "archive.duckdb"
    with Store(db) as store:
        (where,) = store.con.execute("SELECT current_setting('temp_directory')").fetchone() or ()
    assert Path(where) == Path(f"{db}.tmp")


def test_a_second_store_on_an_open_file_in_one_process_is_one_line(tmp_path: Path) -> None:
    """Attached, a file opened twice in one process is refused by DuckDB ("Unique file handle
    conflict"); the user is told what to do, and the first Store is unharmed."""
    import pytest

    from storyline.store import StoreError

    db = tmp_path / "archive.duckdb"
    with Store(db) as first:
        with pytest.raises(StoreError, match="open already in this process"):
            Store(db)
        assert first.count_articles() == 0
