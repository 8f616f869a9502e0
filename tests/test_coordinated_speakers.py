"""Names joined by "and" speak together: the speaker is all of them as written.

On AllSides dev, "Bill and Melinda Gates ... said on Monday that they were getting a
divorce" gave a card under "Bill", a first name alone (a new user's trial): the parse hangs
"Melinda Gates" from "Bill", and the first name was taken for the speaker.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from allsides_pick import ALLSIDES, pick_allsides

pytestmark = pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")

GATES_DIVORCE = [
    "bill-melinda-gates-divorce-foundation-charity",
    "the-most-savage-memes-about-bill-and-melinda-gates-divorce",
    "empathy-and-appreciation-bill-and-melinda-gates",
]


def test_two_names_joined_by_and_are_the_speaker_as_written(tmp_path: Path) -> None:
    from storyline.pipeline import analyze

    doc = analyze([pick_allsides(tmp_path, GATES_DIVORCE)], out=None).briefing.to_json()
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    cards = [q for s in doc["stories"] for q in s["quotes"]]
    divorce = [
        q
        for q in cards
        if any(
            "getting a divorce" in texts[r["article_id"]][r["start"] : r["end"]]
            for r in q["renderings"]
        )
    ]
    assert [q["speaker"] for q in divorce] == ["Bill and Melinda Gates"]
    assert divorce[0]["speaker_entity"] is None  # two people, not one entity
    assert "Bill" not in {q["speaker"] for q in cards}
