"""A reported-speech card reads from the words reported, not from "that", and ends on a
whole word (#15, point 1).

A fact-checker's trial of the AllSides dev briefing: 174 of 970 renderings began "that"
("President Biden announced that the U.S. will purchase ...", Fox News on the G7's vaccine
pledge), fragments on a card under the speaker's name. The card now starts after the
complementizer; the extraction keeps it, as PolNeAR's content spans do. A "that" a verb
follows is the reported clause's own subject, and stays: "Ivana Trump's brief said that was
not her view" (PolNeAR dev, Politico, a judge on a New York Times request). The Wall
Street Journal's "a sticky substance ... that is associated with Alzheimer’s." ended
"Alzheimer": the parse left the possessive clitic to the full stop (``extract.reported``).
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import quote_cards
from polnear_dev import DEV
from storyline.pipeline import analyze

G7 = "foxnews.com/politics/g-7-to-commit-to-sharing-1-billion-vaccines"
DRUG = "wsj.com/articles/first-alzheimers-drug-to-slow-disease-is-approved"


def test_reported_words_start_after_that(tmp_path: Path) -> None:
    cards = quote_cards(tmp_path, (G7,))
    texts = [" ".join(r["text"].split()) for c in cards for r in c["renderings"]]
    assert any(t.startswith("the U.S. will purchase 500 million") for t in texts)
    assert not any(t.lower().startswith("that the") for t in texts)


def test_a_that_a_verb_follows_is_the_subject() -> None:
    path = next(DEV.glob("politico_2016-09-22_judge-rejects-new-york-times*.txt"))
    stories = analyze([path]).briefing.to_json()["stories"]
    texts = [r["text"] for s in stories for c in s["quotes"] for r in c["renderings"]]
    assert any(t.startswith("that was not her view") for t in texts)


def test_a_rendering_keeps_a_possessive_clitic(tmp_path: Path) -> None:
    texts = [r["text"] for c in quote_cards(tmp_path, (DRUG,)) for r in c["renderings"]]
    assert any(t.endswith("associated with Alzheimer’s") for t in texts)
    assert not any(t.endswith("Alzheimer") for t in texts)
