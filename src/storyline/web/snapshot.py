"""The store as the web UI reads it: a private copy, taken again whenever the file changes.

Why a copy: DuckDB lets one process write a store file, and while it does, no other process
may open the file at all, not even read-only. A UI that opened the store for each request
answered 503 for the whole of an ``analyze`` run, and each of its short reads made an
``ingest`` that started at that moment fail on the lock. So the UI never opens the user's
file: it copies the bytes into a temporary folder and reads the copy. Copying takes no lock,
so writers and the UI never wait for each other. The copy costs the store's size in disk space
and is taken again only when the file changed (its size, times or header differ), on the first
request after the change.

Why a byte copy is sound while another process writes: DuckDB writes the main file only at a
checkpoint, into blocks the last checkpoint does not use, and then switches to the new
checkpoint by writing one of the two database headers at the top of the file
(``HEADER_BYTES``). A crash at any moment leaves the last checkpoint whole, and so does a copy,
provided no header was written while it was read: the copy's header is compared with the
file's after the copy, and a copy whose header changed is thrown away (and tried again).
Changes committed since the last checkpoint live in the writer's log (``<store>.wal``) and
are not in the copy: while a writer runs, the UI shows the store as of the writer's last
checkpoint (DuckDB checkpoints every 16 MB of log, and when the writer closes the store), a
little stale but whole. A log left behind with no writer (one that was killed) is read once
it has stayed unchanged for ``LOG_QUIET_S``, by opening the store read-only for the moment of
the copy; a log that changes belongs to a writer at work, whose lock the UI leaves alone.

A refresh copies the whole file while the requests that arrive meanwhile wait, so the first
request after a change of a large store is slower by the copy's time (about 1 s per GB).
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from storyline.store import Store, StoreError

#: DuckDB's main header and its two database headers (4 KiB each) open every store file;
#: a checkpoint ends by writing one of the database headers.
HEADER_BYTES = 3 * 4096

#: Copies tried in a row before a refresh gives up (each fails only if a checkpoint ended
#: during it); the UI then keeps the copy it had.
COPY_TRIES = 3

#: Seconds a store's log must stay unchanged before the UI opens the store (read-only, for
#: the moment of a copy) to read it: a writer that is at work changes its log, and one that
#: finishes removes it, so the UI does not take the lock a writer is about to ask for.
LOG_QUIET_S = 2.0

#: Seconds between two such tries while the store stays held (a writer that is idle).
LOG_RETRY_S = 5.0

#: A file's identity for "has it changed": size, modification and change times, inode, and
#: for the main file its header bytes (which change at every checkpoint).
Signature = tuple[object, ...]


class StoreSnapshots:
    """Private copies of the store at ``db_path``, for readers in this process.

    ``lease()`` refreshes the copy when the store changed and yields the path of a copy that
    stays on disk until the lease ends, however many refreshes happen meanwhile. Thread-safe.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.wal_path = Path(f"{self.db_path}.wal")
        self.folder = Path(tempfile.mkdtemp(prefix="storyline-serve-"))
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)
        self._lock = threading.Lock()
        self._serial = itertools.count(1)
        self._current: Path | None = None
        self._signature: tuple[Signature | None, Signature | None] | None = None
        self._next_log_try = 0.0
        self._log_seen: tuple[Signature, float] | None = None  # the log and when first seen
        self._users: Counter[Path] = Counter()
        self._error = f"{self.db_path}: no copy of the store could be read yet"

    @contextmanager
    def lease(self) -> Iterator[Path]:
        """The path of an up-to-date copy; ``StoreError`` when there is none to read."""
        with self._lock:
            self._refresh()
            path = self._current
            if path is None:
                raise StoreError(self._error)
            self._users[path] += 1
        try:
            yield path
        finally:
            with self._lock:
                self._users[path] -= 1
                if not self._users[path]:
                    del self._users[path]
                    if path != self._current:
                        _remove(path)

    def close(self) -> None:
        """Remove every copy (done at exit anyway)."""
        with self._lock:
            self._current = None
            self._cleanup()

    # -- refreshing -------------------------------------------------------------------------
    def _refresh(self) -> None:
        main, log = _signature(self.db_path, header=True), _signature(self.wal_path)
        if (main, log) == self._signature:
            return
        if main is None:
            self._error = f"{self.db_path}: no store here"
            return  # removed or renamed meanwhile: keep serving the copy there is
        now = time.monotonic()
        if log is None:
            self._log_seen = None
        elif self._log_seen is None or self._log_seen[0] != log:
            self._log_seen = (log, now)
        elif now - self._log_seen[1] >= LOG_QUIET_S and now >= self._next_log_try:
            # A log nobody has written for a while: perhaps left by a writer that was
            # killed, or a writer is idle. Only the former lets the store be opened.
            if self._install(self._copy_with_log(), (main, log)):
                return
            self._next_log_try = now + LOG_RETRY_S
        if self._current is not None and self._signature and self._signature[0] == main:
            return  # a writer at work: its changes reach the file at its next checkpoint
        for _ in range(COPY_TRIES):  # the file alone: what it holds without the log
            main = _signature(self.db_path, header=True)
            if main is not None and self._install(self._copy_main(main), (main, None)):
                return

    def _install(
        self, copy: Path | None, signature: tuple[Signature | None, Signature | None]
    ) -> bool:
        if copy is None:
            return False
        try:
            with Store(copy, read_only=True, wait=0) as store:
                store.count_articles()
        except (StoreError, duckdb.Error) as exc:
            message = " ".join(str(exc).split()).replace(str(copy), str(self.db_path))
            own = isinstance(exc, StoreError)
            self._error = message if own else f"{self.db_path}: not a readable store: {message}"
            _remove(copy)
            return False
        old, self._current, self._signature = self._current, copy, signature
        if old is not None and not self._users[old]:
            _remove(old)
        return True

    def _copy_main(self, main: Signature) -> Path | None:
        """The main file alone, copied while another process may be writing it: kept only
        when no checkpoint ended during the copy (its header is still the file's)."""
        copy = self._new_path()
        try:
            shutil.copyfile(self.db_path, copy)
            with open(copy, "rb") as f:
                copied = f.read(HEADER_BYTES)
            if copied != _header(self.db_path) or copied != main[-1]:
                _remove(copy)
                return None
        except OSError as exc:
            self._error = f"{self.db_path}: cannot copy the store: {exc}"
            _remove(copy)
            return None
        return copy

    def _copy_with_log(self) -> Path | None:
        """The main file and its log, copied while this process holds the store read-only
        (so no writer can change either); None while a writer holds it."""
        try:
            holder = Store(self.db_path, read_only=True, wait=0)
        except StoreError:
            return None
        copy = self._new_path()
        try:
            shutil.copyfile(self.db_path, copy)
            try:
                shutil.copyfile(self.wal_path, f"{copy}.wal")
            except FileNotFoundError:
                pass  # checkpointed by its writer just before it let go
        except OSError as exc:
            self._error = f"{self.db_path}: cannot copy the store: {exc}"
            _remove(copy)
            return None
        finally:
            holder.close()
        try:  # fold the log into the copy once (DuckDB does on close), not at every open
            duckdb.connect(str(copy)).close()
        except duckdb.Error:
            pass  # _install reads the copy as it is, or rejects it
        return copy

    def _new_path(self) -> Path:
        return self.folder / f"store-{next(self._serial)}.duckdb"


def _signature(path: Path, *, header: bool = False) -> Signature | None:
    try:
        st = os.stat(path)
        head = _header(path) if header else b""
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, head)


def _header(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(HEADER_BYTES)


def _remove(copy: Path) -> None:
    """Remove a copy and its log (a reader that still has it open keeps reading it)."""
    for path in (copy, Path(f"{copy}.wal")):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass  # open elsewhere on a system that forbids it: removed with the folder
