"""The web UI stays up while another process writes the store, and never makes a writer fail
(issue #16). DuckDB's lock is per process, so every writer here is a separate process."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.web import create_app
from storylinerun import linked_store

LOCAL = "http://127.0.0.1"

#: Pages and API calls that read the store (and search, which indexes it).
PATHS = [
    "/",
    "/?q=bridge",
    "/api/stories",
    "/stories/sa",
    "/api/stories/sa",
    "/storylines/sa",
    "/api/storylines",
    "/articles/a1",
    "/api/articles/a1",
]

#: A writer that adds one article, says so, and keeps the store open (and written: its
#: change is in DuckDB's log, not yet in the file) until told to finish.
_WRITER = """
import sys
from storyline.models import Article
from storyline.store import Store

store = Store(sys.argv[1], wait=0)
text = "An okapi was born at the zoo today."
store.add_articles([Article(id="okapi1", source_path="o.txt", fmt="txt", title="Zoo", text=text)])
print("holding", flush=True)
sys.stdin.readline()
store.close()
print("closed", flush=True)
"""

#: ``argv[2]`` ingests in a row, each opening the store without waiting for a lock: any
#: lock held by the UI fails it. Prints how many failed.
_INGESTS = """
import sys
from storyline.models import Article
from storyline.store import Store, StoreError

failed = 0
for i in range(int(sys.argv[2])):
    try:
        with Store(sys.argv[1], wait=0) as store:
            text = f"Ingest number {i} of the night run."
            store.add_articles([Article(id=f"n{i}", source_path=f"{i}.txt", fmt="txt", text=text)])
    except StoreError as exc:
        failed += 1
        print(exc, file=sys.stderr)
print(failed, flush=True)
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "linked.duckdb"
    linked_store(path)
    return path


@pytest.fixture
def writer(db: Path) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def _started(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None and proc.stdout.readline() == "holding\n"


def _finish(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    assert proc.stdout.readline() == "closed\n"
    assert proc.wait(30) == 0


def _hits(client: TestClient, q: str) -> str:
    r = client.get("/", params={"q": q})
    assert r.status_code == 200
    return r.text


def test_pages_and_search_answer_while_another_process_writes(
    db: Path, writer: subprocess.Popen[str]
) -> None:
    with TestClient(create_app(db), base_url=LOCAL) as client:
        assert client.get("/api/stories").status_code == 200  # a copy taken before
        _started(writer)
        for path in PATHS:
            r = client.get(path)
            assert r.status_code == 200, (path, r.text[:300])
        assert "/articles/a1" in _hits(client, "bridge")
        assert client.get("/api/articles/okapi1").status_code == 404  # not checkpointed yet
        _finish(writer)
        assert client.get("/api/articles/okapi1").json()["title"] == "Zoo"
        assert "/articles/okapi1" in _hits(client, "okapi")


def test_a_ui_started_while_another_process_writes_answers(
    db: Path, writer: subprocess.Popen[str]
) -> None:
    _started(writer)
    with TestClient(create_app(db), base_url=LOCAL) as client:
        for path in PATHS:
            assert client.get(path).status_code == 200, path
        _finish(writer)
        assert client.get("/api/articles/okapi1").status_code == 200


def test_ingests_never_fail_while_the_ui_serves(db: Path) -> None:
    runs = 15
    stop = threading.Event()
    statuses: list[int] = []

    with TestClient(create_app(db), base_url=LOCAL) as client:

        def browse() -> None:
            while not stop.is_set():
                for path in PATHS:
                    statuses.append(client.get(path).status_code)

        browsers = [threading.Thread(target=browse) for _ in range(2)]
        for b in browsers:
            b.start()
        try:
            done = subprocess.run(
                [sys.executable, "-c", _INGESTS, str(db), str(runs)],
                capture_output=True,
                text=True,
                timeout=300,
            )
        finally:
            stop.set()
            for b in browsers:
                b.join()
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "0", done.stderr
        assert statuses and set(statuses) == {200}
        assert len(client.get("/api/stories").json()) == 3
        assert client.get(f"/api/articles/n{runs - 1}").status_code == 200


def test_the_log_of_a_killed_writer_is_read(
    db: Path, writer: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer killed before its checkpoint leaves its changes in DuckDB's log: once the log
    has stayed unchanged for a while, the UI reads it too."""
    from storyline.web import snapshot

    monkeypatch.setattr(snapshot, "LOG_QUIET_S", 0.3)
    _started(writer)
    writer.kill()
    writer.wait()
    assert Path(f"{db}.wal").exists()
    with TestClient(create_app(db), base_url=LOCAL) as client:
        assert client.get("/api/articles/okapi1").status_code == 404  # the file alone
        time.sleep(0.5)
        assert client.get("/api/articles/okapi1").status_code == 200
        assert "/articles/okapi1" in _hits(client, "okapi")
        for path in PATHS:
            assert client.get(path).status_code == 200, path


def test_a_file_that_is_no_store_is_a_503(tmp_path: Path) -> None:
    bad = tmp_path / "notes.duckdb"
    bad.write_text("not a database\n")
    with TestClient(create_app(bad), base_url=LOCAL) as client:
        r = client.get("/api/stories")
        assert r.status_code == 503 and str(bad) in r.json()["detail"]
        page = client.get("/stories/sa")
        assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
