"""Issue #16, what it must show: the web UI under steady requests while ``storyline analyze``
and two ``storyline ingest`` runs write its store: every request answered without a 5xx,
both writers succeed, nothing lost, no story listed twice."""

from __future__ import annotations

import collections
import json
import subprocess
import sys
import threading
from pathlib import Path

from fastapi.testclient import TestClient

from seedrun import SEEDS
from storyline.store import Store
from storyline.web import create_app

LOCAL = "http://127.0.0.1"
PATHS = ["/", "/?q=ukraine", "/api/stories", "/api/storylines", "/?q=pier"]


def cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_answers_while_analyze_and_two_ingests_write(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    with Store(db):
        pass  # an empty store for the UI to open
    batches = []
    for b in range(2):
        rows = tmp_path / f"batch{b}.jsonl"
        rows.write_text("".join(json.dumps({"title": f"Pier {b}-{i}", "text": (
            f"Ferry services to the island of Osterholm {b}-{i} were suspended on Friday after "
            "a storm damaged the main pier, the port operator said.")}) + "\n"
            for i in range(50)))  # fmt: skip
        batches.append(rows)
    statuses: collections.Counter[int] = collections.Counter()
    stop = threading.Event()
    with TestClient(create_app(db), base_url=LOCAL) as client:

        def browse() -> None:
            while not stop.is_set():
                for path in PATHS:
                    statuses[client.get(path).status_code] += 1

        browsers = [threading.Thread(target=browse) for _ in range(2)]
        for t in browsers:
            t.start()
        try:
            writers = [cli("analyze", str(SEEDS), "--db", str(db), "--out", str(tmp_path / "r"))]
            writers += [cli("ingest", str(rows), "--db", str(db)) for rows in batches]
            results = [w.communicate(timeout=300) for w in writers]
        finally:
            stop.set()
            for t in browsers:
                t.join()
        for w, (_out, err) in zip(writers, results, strict=True):
            assert w.returncode == 0, err
        assert statuses and not [s for s in statuses if s >= 500], statuses
        print(f"{sum(statuses.values())} requests answered, none 5xx: {dict(statuses)}")
    with Store(db, read_only=True) as store:
        assert store.count_articles() == 5 + 100
        listed = [aid for s in store.stories() for aid in s.article_ids]
        assert len(listed) == len(set(listed)) and len(store.stories()) == len(
            {s.id for s in store.stories()}
        )
        assert len({aid for aid in listed}) == 5
