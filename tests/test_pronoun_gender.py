"""A "she" does not point back to a man the writer calls "he", nor a "he" to a woman.

On AllSides dev, Fox's report of the Biden-Putin news conference says Biden snapped at a
reporter "after she asked why he was "confident"...": the reporter is not named, Biden is the
last person named, and the question went on his card (a new user's trial). The writer calls
Biden "he" and never "she", so the "she" is someone unnamed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from allsides_pick import ALLSIDES, pick_allsides

pytestmark = pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")


def test_she_is_not_the_man_named_last(tmp_path: Path) -> None:
    from storyline.extract import extract_articles
    from storyline.ingest import read_paths
    from storyline.models import Article

    src = pick_allsides(tmp_path, ["biden-snaps-reporter-over-putin-question-wrong-business"])
    (article,) = [a for a in read_paths([src]) if isinstance(a, Article)]
    (ex,) = extract_articles([article]).extractions
    asked = [q for q in ex.quotes if q.speaker == "she"]
    assert asked and all(q.speaker_entity is None for q in asked)
    # his own words are still his
    (said,) = [q for q in ex.quotes if q.text.startswith("I'm not confident")]
    assert said.speaker_name == "Biden" and said.speaker_entity is not None
    assert all(q.speaker_name != said.speaker_name for q in asked)
