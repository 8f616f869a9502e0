""" "The company said": the card names the institution named before (#15, point 1).

AllSides dev articles (none of the briefing gold stories): The Hill's "Moderna on Thursday
released ... The vaccine manufacturer said ... The company said", the WSJ's "Pfizer Inc. said
... The company also said", CNBC's "according to AAA. The motor club federation expects",
SCOTUSblog's "The Supreme Court on Monday ... in which the court ruled". Their cards read
"vaccine manufacturer", "company", "motor club federation", "court": a reader learns nothing
from them. ``extract.descriptions``. The Daily Beast's "Pelosi and other House Democratic
leaders condemned Rep. Ilhan Omar ... compare the U.S. and Israel to Hamas and the Taliban"
guards the other side: a body the sentence only mentions is no speaker's antecedent.
"""

from __future__ import annotations

from typing import Any

import pytest

from allsides_pick import quote_cards

KEYS = (
    "552168-moderna-says-covid-19-vaccine-96-percent-effective",
    "pfizers-covid-19-vaccine-lifts-quarterly-results",
    "memorial-day-gas-prices-are-the-highest-in-7-years",
    "court-to-weigh-in-on-mississippi-abortion-ban",
    "nancy-pelosi-house-dems-condemn-ilhan-omar",
)


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return quote_cards(tmp_path_factory.mktemp("described"), KEYS)


def _speaker(cards: list[dict[str, Any]], words: str) -> str | None:
    [card] = [c for c in cards if any(r["text"].startswith(words) for r in c["renderings"])]
    speaker: str | None = card["speaker"]
    return speaker


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("it had not identified any serious safety", "Moderna"),
        ("it is working on making the two-dose shot", "Pfizer"),
        ("37 million Americans to travel", "AAA"),
        ("the Constitution protects the right", "Supreme Court"),
    ],
)
def test_the_description_is_the_name_before(
    cards: list[dict[str, Any]], words: str, name: str
) -> None:
    speaker = _speaker(cards, words)
    assert speaker is not None and name in speaker


def test_a_body_only_mentioned_is_no_antecedent(cards: list[dict[str, Any]]) -> None:
    speakers = {c["speaker"] for c in cards}
    assert not any(s and "Taliban" in s for s in speakers)
