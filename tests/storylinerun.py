"""A briefing of three stories, two of them one storyline (an event and its follow-up a week
later), built by the real ``build_briefing`` with a small deterministic embedder; shared by
the schema, report, web and CLI tests of storylines."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from storyline.briefing import Briefing
from storyline.models import Article, Family, Story
from storyline.store import Store

#: Dimensions of the hashed bag-of-words vectors.
DIM = 64


class HashEmbedder:
    """Unit vectors of hashed lower-cased words: same words, same vector; no model needed."""

    def encode(self, texts: Sequence[str], **_: Any) -> np.ndarray:
        out = np.zeros((len(texts), DIM), np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, hashlib.blake2b(word.encode(), digest_size=2).digest()[0] % DIM] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


def _article(aid: str, published: str, text: str, title: str) -> Article:
    return Article(
        id=aid,
        source_path=f"{aid}.txt",
        text=text,
        fmt="txt",
        title=title,
        outlet=f"Outlet {aid}",
        published=published,
        prose=[(0, len(text))],
    )


def linked_articles() -> list[Article]:
    return [
        _article(
            "a1",
            "2025-03-01",
            "The bridge over the Varn river collapsed on Friday. "
            "Twelve people were hurt, the mayor said.\n",
            "Varn bridge collapses",
        ),
        _article(
            "a2",
            "2025-03-02",
            "A bridge over the Varn river collapsed on Friday. "
            "Eleven people were hurt, officials said.\n",
            "Bridge falls in Varn",
        ),
        _article(
            "a3",
            "2025-03-09",
            "Inspectors blamed corroded cables for the Varn bridge "
            "collapse, the mayor said on Sunday.\n",
            "Cables blamed for Varn collapse",
        ),
        _article(
            "a4",
            "2025-03-05",
            "The city council approved a new budget for parks.\n",
            "Council passes parks budget",
        ),
    ]


def linked_stories(follow_up_headline: str = "Cables blamed for Varn collapse") -> list[Story]:
    """The follow-up first, so that date order is the builder's work, not the input's."""
    return [
        Story(
            "sb",
            ["a3"],
            [Family("fb", ["a3"])],
            follow_up_headline,
            ("2025-03-09", "2025-03-09"),
            storyline="sa",
        ),
        Story(
            "sa",
            ["a1", "a2"],
            [Family("fa1", ["a1"]), Family("fa2", ["a2"])],
            "Varn bridge collapses",
            ("2025-03-01", "2025-03-02"),
            storyline="sa",
        ),
        Story(
            "sc",
            ["a4"],
            [Family("fc", ["a4"])],
            "Council passes parks budget",
            ("2025-03-05", "2025-03-05"),
            storyline="sc",
        ),
    ]


def linked_briefing(
    follow_up_headline: str = "Cables blamed for Varn collapse",
) -> tuple[list[Article], list[Story], dict[str, Any]]:
    from storyline.reconcile import build_briefing

    articles, stories = linked_articles(), linked_stories(follow_up_headline)
    briefing = build_briefing(articles, [], [], stories, embedder=HashEmbedder()).to_json()
    return articles, stories, briefing


def linked_store(
    db: Path, follow_up_headline: str = "Cables blamed for Varn collapse"
) -> dict[str, Any]:
    """Store the linked briefing at ``db`` as ``analyze`` does; return the briefing."""
    articles, stories, briefing = linked_briefing(follow_up_headline)
    with Store(db) as store:
        store.add_articles(articles)
        store.put_stories(stories, Briefing.read(briefing))
    return briefing
