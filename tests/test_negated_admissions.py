"""What a speaker cannot bring themselves to say is no statement of theirs, and a relative
clause's "whose members" names no one (a fact-checker's audit of the AllSides dev briefing:
Vanity Fair's "The GOP, an increasingly extremist party whose members still can't all admit
that Donald Trump lost the 2020 election" gave a card of "whose members" saying Trump lost,
the meaning reversed, and framing "whose members: admit")."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze
from storyline.reconcile.quotes import is_pronoun

VANITY_FAIR = ["republicans-tim-scott-unironically-claim"]


def test_a_negated_admission_is_no_card_and_no_framing(tmp_path: Path) -> None:
    doc = analyze([pick_allsides(tmp_path, VANITY_FAIR)]).briefing.to_json()
    (story,) = doc["stories"]
    texts = [r["text"] for q in story["quotes"] for r in q["renderings"]]
    assert texts and not any("Trump lost the 2020 election" in t for t in texts)
    assert not any("admit" in verbs for per in story["framing"].values() for verbs in per.values())


def test_a_relative_phrase_is_no_speaker() -> None:
    assert is_pronoun("whose members") and is_pronoun("which officials")
    assert not is_pronoun("Whoopi Goldberg") and not is_pronoun("Whitehouse")
