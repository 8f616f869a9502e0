"""A verb of saying in a clause of another event does not speak a quote outside it.

The New York Post (AllSides dev): a group "is suspected to be behind a “colossal” ransomware
attack ... just weeks after President Biden boasted about ...": the card gave "colossal" to
Biden, the nearest verb of saying, which sits in the "after" clause (a new user's second
trial). The word is the Post's; what Biden boasted is not quoted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from allsides_pick import ALLSIDES, pick_allsides

pytestmark = pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")


def test_the_post_s_word_is_not_the_boast_s(tmp_path: Path) -> None:
    from storyline.extract import extract_articles
    from storyline.ingest import read_paths
    from storyline.models import Article

    src = pick_allsides(tmp_path, ["nypost.com/2021/07/05/russian-hackers-seemingly-behind"])
    (article,) = [a for a in read_paths([src]) if isinstance(a, Article)]
    (ex,) = extract_articles([article]).extractions
    (word,) = [q for q in ex.quotes if q.text.strip('“”"') == "colossal"]
    assert word.speaker is None and word.cue_start is None
