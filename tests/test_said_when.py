"""Reported speech starts where what was said starts, after the day it was said, and is what
a verb of saying reports, not the writer's relative clause on its object (#15).

AllSides dev, none of the briefing gold stories: "Joe Biden said on Wednesday he sees room
for a compromise", "Jennifer Granholm said Sunday the administration will push ...", "The US
Department of Defense said on Friday it was cancelling ..." made cards reading "on Wednesday
he sees room ...", "Sunday the administration will push ...": the parse hangs the day on the
reported clause's verb. "Biden will propose a $6 trillion budget on Friday that would take
the United States to its highest sustained levels of federal spending since World War II"
(NYT) made a card of Biden's words, "that would take ...": the writer's description of the
budget, which the parse hangs on "propose" as its clause. ``extract.reported``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from allsides_pick import quote_cards
from storyline.pipeline import analyze

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear" / "train" / "text"
BUDGET = "nytimes.com/2021/05/27/business/economy/biden-plan"
#: "... doubled from 3.4%, according to the CDC's data": the card ended "from 3.4"
SHOTS = "ibtimes.com/5-million-americans-skipped-second-covid-19-vaccine-shot"
PICKED = {
    "reuters.com/world/us/biden-host-republican-leaders-mcconnell": "he sees room",
    "washingtontimes.com/news/2021/jun/6/energy-secretary-jennifer-granholm": "the administration",
    "theguardian.com/us-news/2021/apr/30/trump-wall-pentagon-cancels": "it was cancelling",
}


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return quote_cards(tmp_path_factory.mktemp("said-when"), (*PICKED, BUDGET, SHOTS))


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


def test_a_relative_clause_on_the_object_is_no_ones_words(cards: list[dict[str, Any]]) -> None:
    words = "that would take the United States to its highest"
    assert not [c for c in cards for r in c["renderings"] if r["text"].startswith(words)]
    assert [c for c in cards if c["speaker"] == "Joe Biden"]  # his cards are still there


def test_a_per_cent_sign_ends_its_number(cards: list[dict[str, Any]]) -> None:
    texts = [r["text"] for c in cards for r in c["renderings"]]
    [doubled] = [t for t in texts if t.startswith("The percentage of those not getting")]
    assert doubled.endswith("doubled from 3.4%"), doubled


def test_a_clause_told_to_someone_is_what_was_said() -> None:
    """The relative rule above spares a verb that addresses its object: in "told reporters
    that would be a mistake", "that" is the clause's subject and the clause is the words."""
    from storyline.extract import extract_articles
    from storyline.models import Article
    from storyline.nlp import load_nlp

    text = "Senator Jane Doe told reporters that would be a mistake."
    art = Article(id="told", source_path="told.txt", text=text, fmt="txt")
    [ex] = extract_articles([art], load_nlp()).extractions
    assert [q.text for q in ex.quotes] == ["that would be a mistake"]
