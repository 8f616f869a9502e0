"""An "it" after a passive points back to the passive's doer, a named body, before a name that
only owns a noun.

BBC's report of the ruling on Trump's Facebook ban (AllSides dev) says the ban "has been upheld
by" the board, that "it criticised" the ban's permanence "beyond the scope of Facebook's normal
penalties", and "It has ordered Facebook to ... “justify a proportionate response”": the
card showed Facebook as the speaker (the last body named, inside a possessive), where the
board, the doer of the first sentence, is who ordered it (a new user's trial).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from allsides_pick import ALLSIDES, pick_allsides

pytestmark = pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")


def test_it_is_the_body_that_upheld_the_ban(tmp_path: Path) -> None:
    from storyline.extract import extract_articles
    from storyline.ingest import read_paths
    from storyline.models import Article

    src = pick_allsides(tmp_path, ["bbc.com/news/technology-56985583"])
    (article,) = [a for a in read_paths([src]) if isinstance(a, Article)]
    res = extract_articles([article])
    (ex,) = res.extractions
    names = {e.id: e.name for e in res.entities}
    (ordered,) = [q for q in ex.quotes if "proportionate response" in q.text]
    assert ordered.speaker == "It"
    assert "Oversight Board" in names[ordered.speaker_entity or ""]
