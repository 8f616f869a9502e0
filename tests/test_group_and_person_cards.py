"""A person's statement and a group's in one article are two cards, not one (#15, point 1).

AllSides dev (CNN, the infrastructure deal; none of the briefing gold stories): "Biden said
... he has agreed to a deal on infrastructure with a bipartisan group of senators" and "Both
Republican and Democratic senators said Wednesday evening there was an agreement reached
with White House officials" were one card under Joe Biden: their speakers were compatible
because only one of them is a named entity. A group written as a plural and a person the run
names are never one speaker. ``reconcile.quote_groups``.
"""

from __future__ import annotations

from typing import Any

import pytest

from allsides_pick import quote_cards

DEAL = "cnn.com/2021/06/24/politics/biden-infrastructure-meeting-senators"


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return quote_cards(tmp_path_factory.mktemp("deal"), (DEAL,))


def _card(cards: list[dict[str, Any]], words: str) -> dict[str, Any]:
    [card] = [c for c in cards if any(r["text"].startswith(words) for r in c["renderings"])]
    return card


def test_the_senators_words_are_not_on_bidens_card(cards: list[dict[str, Any]]) -> None:
    biden = _card(cards, "he has agreed to a deal on infrastructure")
    senators = _card(cards, "there was an agreement reached with White House")
    assert biden["speaker"] == "Joe Biden" and senators["id"] != biden["id"]
    assert senators["speaker"] is not None and "senators" in senators["speaker"]
