"""Where a reported content ends, on real articles: an "according to X" that closes its
sentence sources the whole sentence; a dash aside does not end what is reported.

A fact-checker's seventh trial of AllSides dev briefings found a card of Miami-Dade County
officials reading only "with 121 people still unaccounted for": the parse hung the phrase
from the adverbial clause just before it, and the content was that clause alone. The same
cut left the Washington Post's grand-jury lead as "should prosecutors present the panel with
criminal charges".
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import picked_extraction

KEYS = ("surfside-condo-buildings-standing-portion", "trump-investigation-grand-jury")


def test_a_closing_according_to_sources_its_whole_sentence(tmp_path: Path) -> None:
    articles, result = picked_extraction(tmp_path, KEYS)
    texts = {a.id: a.text for a in articles}
    sourced = {
        q.speaker: (texts[ex.article_id], q)
        for ex in result.extractions
        for q in ex.quotes
        if q.cue == "according to"
    }
    for speaker, opening in (
        ("Miami-Dade County officials", "The demolition occurred after 10 p.m."),
        ("two people familiar with the development", "Manhattan's district attorney has"),
    ):
        text, q = sourced[speaker]
        assert q.text.startswith(opening), q.text
        assert text[q.end :].lstrip(" ,").startswith("according to"), text[q.end : q.end + 40]


def test_a_participle_inside_a_dash_aside_does_not_end_the_content(tmp_path: Path) -> None:
    """Reuters: "Biden will argue that the new package – which ... totals around $4
    trillion, rivaling the annual federal budget – is a once-in-a-generation investment":
    the participle belongs to the aside, and Biden's argument goes on after the closing
    dash (the card read "the new package")."""
    articles, result = picked_extraction(tmp_path, ("biden-push-trillions-investment",))
    [argued] = [q for ex in result.extractions for q in ex.quotes if q.cue == "argue"]
    assert argued.text.startswith("that the new package"), argued.text
    assert argued.text.endswith("investment vital to America's future"), argued.text
