"""Who asks for a statement says the words quoted in the request, not who is asked (#15).

AllSides dev (NYT, the origins of the coronavirus; none of the briefing gold stories):
"President Biden ... asked U.S. intelligence agencies to “redouble their efforts” ...,
saying in a statement that he was calling for a broad government report ..." gave the
statement's card to the agencies (the parse hangs "saying" on the infinitive, whose subject
is the object of "asked"), and "He asked intelligence officials to report back ... and to
keep Congress “fully apprised”" gave the quoted words to the officials (a report asked for
is not made). ``extract.control``, ``extract.cues``.
"""

from __future__ import annotations

from typing import Any

import pytest

from allsides_pick import quote_cards

ORIGINS = "nytimes.com/2021/05/26/science/covid-19-origins-who"


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return quote_cards(tmp_path_factory.mktemp("origins"), (ORIGINS,))


@pytest.mark.parametrize(
    "words", ["he was calling for a broad government report", "fully apprised"]
)
def test_the_asker_says_the_words_of_the_request(cards: list[dict[str, Any]], words: str) -> None:
    [card] = [c for c in cards if c["text"].startswith(words)]
    assert card["speaker"] is not None and "Biden" in card["speaker"], card
    asked = [c for c in cards if c["speaker"] and "intelligence" in c["speaker"]]
    assert not asked, asked
