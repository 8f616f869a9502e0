"""The seeds analysed with the real pipeline, shared by the report, web and browser tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.store import Store

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@dataclass
class SeedReport:
    """The seeds analysed once: the store, the static report folder and the briefing."""

    db: Path
    out: Path
    briefing: dict[str, Any]


def seed_report(root: Path) -> SeedReport:
    """Analyse the seeds into ``root`` with the real pipeline, as ``storyline analyze`` does."""
    from storyline.pipeline import analyze

    db, out = root / "seeds.duckdb", root / "report"
    with Store(db) as store:
        briefing = analyze([SEEDS], store, out=out).briefing.to_json()
    return SeedReport(db, out, briefing)
