"""A person an organisation's name titles is the speaker, not the organisation (a
fact-checker's audit of the AllSides dev briefing: The Hill's "Republican National Committee
(RNC) Chairwoman Ronna Romney McDaniel Tuesday warned that she may advise future
presidential candidates ..." was a card of the committee's words; the parse made the
committee the subject)."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze

RNC = ["556419-rnc-warns-it-will-advise-presidential-candidates-against-future-debates"]


def test_the_titled_person_speaks(tmp_path: Path) -> None:
    doc = analyze([pick_allsides(tmp_path, RNC)]).briefing.to_json()
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    cards = [
        q
        for s in doc["stories"]
        for q in s["quotes"]
        if any(
            "may advise future" in texts[r["article_id"]][r["start"] : r["end"]]
            for r in q["renderings"]
        )
    ]
    assert cards and all(
        q["speaker"] == "Ronna McDaniel" or "McDaniel" in q["speaker"] for q in cards
    )


def test_a_short_title_and_a_spokesman_title_their_person_too() -> None:
    """The review: the first version found the person only after a title of three words."""
    from storyline import article_from_text
    from storyline.extract import extract_articles

    for text, who in (
        ("RNC Chairwoman Ronna McDaniel warned that she may advise candidates.", "McDaniel"),
        (
            "Justice Department spokesman Anthony Coley said the department would review it.",
            "Coley",
        ),
    ):
        ex = extract_articles([article_from_text(text, title="x")]).extractions[0]
        assert ex.quotes and all(who in (q.speaker_name or "") for q in ex.quotes), text
