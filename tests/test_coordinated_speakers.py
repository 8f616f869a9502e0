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


@pytest.mark.parametrize(
    ("sentence", "speaker", "one_entity"),
    [
        # one name with "&" inside, which the parse coordinates: still the one company
        (
            'Johnson & Johnson said on Tuesday that "the shot is safe for everyone."',
            "Johnson & Johnson",
            True,
        ),
        # a list the small model hangs as an apposition, then a conjunct
        (
            'Chuck Schumer, Nancy Pelosi and Joe Biden said that "the nation will heal."',
            "Chuck Schumer, Nancy Pelosi and Joe Biden",
            False,
        ),
    ],
)
def test_a_name_with_and_inside_stays_one_and_a_list_is_all_of_them(
    sentence: str, speaker: str, one_entity: bool
) -> None:
    """Constructed sentences (no AllSides or PolNeAR article has either form): the review
    found "Johnson & Johnson" losing its entity to the coordination rule."""
    from storyline.extract import extract_articles
    from storyline.models import Article

    article = Article(id="c1", source_path="c.txt", title=None, text=sentence, fmt="txt")
    (quote,) = extract_articles([article]).extractions[0].quotes
    assert quote.speaker == speaker
    assert (quote.speaker_entity is not None) is one_entity
