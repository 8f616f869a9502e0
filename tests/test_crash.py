"""Issue #16, what it must show: ``storyline ingest`` of 1,000 articles killed with SIGKILL at
three moments, then run again: every article is stored once and the store opens.

Every write is a transaction of ``WRITE_BATCH`` articles (``storyline.store``), so a kill
loses at most the batch in flight, and the next ingest adds what is missing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from storyline.store import WRITE_BATCH, Store, StoreError

N = 1000
WORDS = ("storm pier ferry council budget rail strike vote court river bridge school hospital "
         "election port flood").split()  # fmt: skip


def write_articles(path: Path) -> None:
    """``N`` short, distinct articles as JSON Lines."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(N):
            w, v = WORDS[i % len(WORDS)], WORDS[i * 7 % len(WORDS)]
            text = (
                f"Report {i}: the {w} in the town of Varn {i} was discussed on Monday, the {v} "
                f"office said.\n\nOfficials said {i * 3} people attended the meeting."
            )
            f.write(json.dumps({"title": f"Item {i}", "text": text}) + "\n")


def ingest(src: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "ingest", str(src), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_when(proc: subprocess.Popen[str], ready: Callable[[], bool], limit: float = 60) -> bool:
    """SIGKILL ``proc`` as soon as ``ready()``; False if it had finished first."""
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            os.kill(proc.pid, signal.SIGKILL)
            proc.communicate()
            return proc.returncode == -signal.SIGKILL
        time.sleep(0.002)
    proc.communicate()
    return False


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def stored(db: Path) -> int:
    """How many articles the store holds, read-only (the log of a killed run replayed, not
    checkpointed: the next run meets the store as the kill left it)."""
    try:
        store = Store(db, read_only=True, wait=30)
    except StoreError as exc:  # killed before its first ingest wrote the tables: one line
        assert "not a storyline store" in str(exc) and "\n" not in str(exc)
        return 0
    with store:
        ids = [a.id for a in store.articles()]
        assert len(ids) == len(set(ids))
        return len(ids)


# Log sizes (in first batches) at which further kills are tried when none of the three
# moments found some but not all articles stored.
LATER_KILLS = (8, 20, 50)


def test_ingest_killed_three_times_then_rerun_stores_every_article_once(tmp_path: Path) -> None:
    src, db = tmp_path / "news.jsonl", tmp_path / "news.duckdb"
    wal = Path(f"{db}.wal")
    write_articles(src)
    moments: list[tuple[str, Callable[[], bool]]] = [
        ("store created", lambda: size(db) > 0),
        ("first batch in the log", lambda: size(wal) > 0),
        ("later batches in the log", lambda: size(wal) > 3 * first_batch),
    ]
    first_batch = 0
    counts: list[tuple[str, bool, int]] = []
    for name, ready in moments:
        before = size(wal)
        killed = kill_when(ingest(src, db), ready)
        if name == "first batch in the log":
            # At least a batch's share of the input: a log left by the run killed before
            # can still be there when this one is killed (its growth reads 0), and a "batch"
            # of one byte made every later kill land before the first commit.
            first_batch = max(size(wal) - before, src.stat().st_size * WRITE_BATCH // N)
        counts.append((name, killed, stored(db) if db.exists() else 0))
    # On a loaded machine the first batches can commit late, so every kill above may still
    # find nothing stored: kill later runs at ever larger logs until one lands mid-batch.
    for factor in LATER_KILLS:
        if any(killed and 0 < n < N for _, killed, n in counts):
            break
        killed = kill_when(ingest(src, db), lambda f=factor: size(wal) > f * first_batch)
        counts.append((f"log at {factor}x a batch", killed, stored(db) if db.exists() else 0))
    done = ingest(src, db)
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    added = int(out.split(" added")[0])
    assert f"{added} added, {N - added} already stored, 0 skipped" in out, out
    assert stored(db) == N
    with Store(db) as store:  # opens for writing too, and holds each article once
        assert store.count_articles() == N
        titles = sorted(a.title or "" for a in store.articles())
        assert titles == sorted(f"Item {i}" for i in range(N))
    print(
        "; ".join(
            f"killed at {name}: {n} stored" if killed else f"{name}: finished first ({n} stored)"
            for name, killed, n in counts
        )
        + f"; rerun added {added}: {N} stored once"
    )
    assert any(killed and 0 < n < N for _, killed, n in counts), counts  # one kill mid-batch
