""" "He" with no one named before it is the person its sentence's subject describes, named
later (#15, point 1).

The New York Times on California's assault-weapons ban: "A federal judge ... overturned the
state's three-decade-old ban ..., which he called a “failed experiment”", and two paragraphs
on "The judge, Roger T. Benitez, ...". The card had no speaker. ``subjects._described_later``.
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import quote_cards

BAN = "nytimes.com/2021/06/05/us/california-assault-weapons-ban"


def test_the_judge_named_later_said_it(tmp_path: Path) -> None:
    [card] = [c for c in quote_cards(tmp_path, (BAN,)) if c["text"] == "failed experiment"]
    assert card["speaker"] is not None and "Benitez" in card["speaker"]
