"""Reported speech starts where what was said starts, after the day it was said (#15).

AllSides dev, none of the briefing gold stories: "Joe Biden said on Wednesday he sees room
for a compromise", "Jennifer Granholm said Sunday the administration will push ...", "The US
Department of Defense said on Friday it was cancelling ..." made cards reading "on Wednesday
he sees room ...", "Sunday the administration will push ...": the parse hangs the day on the
reported clause's verb. ``extract.reported``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from allsides_pick import quote_cards
from storyline.pipeline import analyze

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear" / "train" / "text"
PICKED = {
    "reuters.com/world/us/biden-host-republican-leaders-mcconnell": "he sees room",
    "washingtontimes.com/news/2021/jun/6/energy-secretary-jennifer-granholm": "the administration",
    "theguardian.com/us-news/2021/apr/30/trump-wall-pentagon-cancels": "it was cancelling",
}


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return quote_cards(tmp_path_factory.mktemp("said-when"), tuple(PICKED))


@pytest.mark.parametrize("opening", PICKED.values())
def test_a_card_opens_with_what_was_said(cards: list[dict[str, Any]], opening: str) -> None:
    found = [c for c in cards if opening in c["text"][: len(opening) + 12]]
    assert found and all(c["text"].startswith(opening) for c in found), found


def test_a_day_that_is_part_of_what_was_said_stays(tmp_path: Path) -> None:
    """Only the time of saying goes: "said Monday's decision will make ..." (PolNeAR train)
    reports the decision, and its card keeps the day."""
    text = (POLNEAR / "wash-post_2016-06-28_ruling-solidifies-candidates-abo.txt").read_text(
        encoding="utf-8"
    )
    copy = tmp_path / "ruling.txt"
    copy.write_text(text, encoding="utf-8")
    stories = analyze(copy).briefing.to_json()["stories"]
    cards = [c["text"] for story in stories for c in story["quotes"]]
    assert [c for c in cards if c.startswith("Monday's decision will make")], cards
