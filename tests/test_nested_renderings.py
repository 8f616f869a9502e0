"""An article's quoted words inside its own report of what was said are one rendering.

On AllSides dev, NBC and Fox report that Biden called the tone of his meeting with Putin
"good" and "positive": each article's reported-speech span holds its quoted words, and the
card listed both spans of one article as two renderings, which briefing.md then set against
each other as if the article had misquoted itself (94 such pairs over the dev run; a new
user's trial).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from allsides_pick import ALLSIDES, pick_allsides

pytestmark = pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")

SUMMIT_TONE = [
    "biden-putin-meeting-press-conference-tone-positive",
    "biden-prepares-long-tense-meeting-putin-n1270950",
]


def test_no_card_holds_a_rendering_inside_another_of_its_article(tmp_path: Path) -> None:
    from storyline.pipeline import analyze

    doc = analyze([pick_allsides(tmp_path, SUMMIT_TONE)], out=None).briefing.to_json()
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    cards = [q for s in doc["stories"] for q in s["quotes"]]
    nested = [
        (a["article_id"], a["start"], b["start"])
        for q in cards
        for a in q["renderings"]
        for b in q["renderings"]
        if a is not b
        and a["article_id"] == b["article_id"]
        and a["start"] <= b["start"]
        and b["end"] <= a["end"]
    ]
    assert not nested
    # the tone's quoted words are still cited, inside their article's report of them
    tone = [
        r
        for q in cards
        for r in q["renderings"]
        if "positive" in texts[r["article_id"]][r["start"] : r["end"]]
    ]
    assert {r["article_id"] for r in tone} == set(texts)
    assert all(len(r["text"]) > len('"good, positive,"') for r in tone)
