"""A reporter's question is not the answer's speaker's words (#15).

AllSides dev, Biden's news conference after the Geneva summit (Newsweek, Fox News, The
Independent): a new user found one quote card, credited to Joe Biden, holding the reporter's
question ("asked what makes him confident ...", "asked why he was confident ...") with Biden's
answer. Two causes: The Independent's "Asked why ... by CNN's Kaitlan Collins, Mr Biden
appeared agitated" credited the question to the clause's subject, who was asked; and a
question of an unknown speaker joined the answer's card because they share their words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from allsides_pick import pick_allsides
from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths
from storyline.pipeline import analyze

GENEVA = (
    "newsweek.com/joe-biden-spars-reporter-who-asked",
    "foxnews.com/media/biden-snaps-reporter-over-putin-question",
    "independent.co.uk/news/world/americas/us-politics/joe-biden-putin-summit-cnn",
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return analyze(pick_allsides(tmp_path_factory.mktemp("geneva"), GENEVA, "geneva.jsonl"))


def _at(run: Any, url_part: str, words: str) -> tuple[str, int]:
    """The article id and offset of ``words`` in the article whose URL holds ``url_part``."""
    (art,) = [a for a in run.articles if url_part in (a.url or "")]
    at = art.text.find(words)
    assert at >= 0, words
    return art.id, at


def _card_of(doc: dict[str, Any], article_id: str, at: int) -> dict[str, Any] | None:
    for story in doc["stories"]:
        for card in story["quotes"]:
            for r in card["renderings"]:
                if r["article_id"] == article_id and r["start"] <= at < r["end"]:
                    return card
    return None


def test_the_asked_one_is_not_the_speaker(tmp_path: Path) -> None:
    (art,) = [clean(a) for a in read_paths([pick_allsides(tmp_path, GENEVA[2:])])]
    at = art.text.find("why he was")
    ((ex,), _) = _extract([art])
    (asked,) = [q for q in ex.quotes if q.start <= at < q.end and q.kind == "reported"]
    assert asked.cue == "ask"
    assert asked.speaker_entity is None and "Biden" not in (asked.speaker_name or "")


def _extract(arts: list[Any]) -> tuple[list[Any], list[Any]]:
    res = extract_articles(arts)
    return res.extractions, res.entities


def test_question_and_answer_on_separate_cards(run: Any) -> None:
    doc = run.briefing.to_json()
    answer = _card_of(doc, *_at(run, "foxnews.com", "m not confident he"))
    assert answer is not None and answer["speaker"] == "Joe Biden"
    questions = []
    for part, words in (("newsweek.com", "what makes him"), ("foxnews.com", "why he was")):
        question = _card_of(doc, *_at(run, part, words))
        assert question is None or question["id"] != answer["id"], (part, words)
        assert question is None or question["speaker"] != "Joe Biden", (part, words)
        questions.append(question)
    assert any(questions), "the reporter's question keeps a card of its own"
