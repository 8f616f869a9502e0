"""Session-wide fixtures: the seeds are analysed once and shared (the pipeline takes seconds)."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from seedrun import SeedReport, seed_report

# CI draws the same hypothesis examples on every run, so a green commit stays green and a red
# one is red for a reason that reproduces; `HYPOTHESIS_PROFILE=explore` draws fresh ones
# (what found the feed-name bug), for a local hunt.
settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def seed_analysis(tmp_path_factory: pytest.TempPathFactory) -> SeedReport:
    """The seeds run through ``storyline.pipeline.analyze``: store, report folder, briefing.

    Tests must not write into this store; copy it first (see ``test_web_api``).
    """
    return seed_report(tmp_path_factory.mktemp("seeds"))
