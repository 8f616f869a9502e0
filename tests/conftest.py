"""Session-wide fixtures: the seeds are analysed once and shared (the pipeline takes seconds)."""

from __future__ import annotations

import pytest

from seedrun import SeedReport, seed_report


@pytest.fixture(scope="session")
def seed_analysis(tmp_path_factory: pytest.TempPathFactory) -> SeedReport:
    """The seeds run through ``storyline.pipeline.analyze``: store, report folder, briefing.

    Tests must not write into this store; copy it first (see ``test_web_api``).
    """
    return seed_report(tmp_path_factory.mktemp("seeds"))
