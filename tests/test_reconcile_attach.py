"""A speaker's lone paraphrase joins the claim of its statement (``reconcile/attach.py``,
issue #15), on an AllSides dev story that is none of the three briefing-gold stories (scored,
never tuned on): dev story 6100, three outlets on the United States sharing AstraZeneca doses.

Each outlet opens on the White House's announcement; one words it apart (what it will share
and when, rather than how many doses), so the pair scores leave it alone and it was listed as
its outlet's unique detail. Its best sentences of the two other articles are the other two
openings, one claim, and they credit the White House too: it joins them. Sentences are pointed
at by article id and offsets, never copied.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "eval" / "allsides" / "articles.jsonl"
# The story's articles (ids as storyline gives them) and each one's opening sentence.
OPENINGS = {
    "4de827c82566ec6c": (0, 204),
    "65f8c32591924eac": (0, 169),
    "7d206e9f26b54b33": (0, 251),  # the paraphrase the pair scores leave alone
}

pytestmark = pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from storyline.ingest import read_paths
    from storyline.models import Article
    from storyline.pipeline import analyze

    urls = {a.url for a in read_paths([ALLSIDES]) if isinstance(a, Article) and a.id in OPENINGS}
    assert len(urls) == len(OPENINGS)
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    tmp = tmp_path_factory.mktemp("attach")
    sub = tmp / "story.jsonl"
    sub.write_text(
        "".join(ln + "\n" for ln in lines if json.loads(ln).get("url") in urls), encoding="utf-8"
    )
    doc = analyze([sub], out=tmp / "out").briefing.to_json()
    stories = [s for s in doc["stories"] if set(OPENINGS) <= set(s["article_ids"])]
    assert len(stories) == 1, "the three reports should form one story"
    return stories[0]


def _spans(claim: dict[str, Any]) -> set[tuple[str, int, int]]:
    return {(s["article_id"], s["start"], s["end"]) for s in claim["sources"]}


def test_a_lone_paraphrase_of_an_announcement_joins_its_claim(story: dict[str, Any]) -> None:
    openings = {(aid, s, e) for aid, (s, e) in OPENINGS.items()}
    lone = ("7d206e9f26b54b33", *OPENINGS["7d206e9f26b54b33"])
    claim = next(c for c in story["claims"] if not c.get("detail_of") and lone in _spans(c))
    assert openings <= _spans(claim)
    assert claim["independent_sources"] == 3
    assert claim["id"] not in story["unique"]["7d206e9f26b54b33"]


def _unit(i: int, aid: str, text: str, speaker: str) -> Any:
    from storyline.models import Quote
    from storyline.reconcile.units import Unit

    quote = Quote(aid, 0, len(text), text, "reported", speaker_entity=speaker)
    return Unit(i, aid, 0, len(text), text, quotes=[quote])


def test_two_copies_of_one_wire_story_are_one_neighbour() -> None:
    """A lone sentence whose two nearest sentences are one wire story's sentence in two copies
    has one neighbour, not two: it joins their claim only when the copies are two families."""
    import numpy as np

    from storyline.reconcile.attach import attach_paraphrases

    units = [
        _unit(0, "own", "The ministry will send spare vaccine doses abroad by July", "e1"),
        _unit(1, "wire", "The ministry said it would share sixty million vaccine doses", "e1"),
        _unit(2, "copy", "The ministry said it would share sixty million vaccine doses", "e1"),
    ]
    scores = np.array([[-2.0, 0.4, 0.4], [0.4, -2.0, 0.9], [0.4, 0.9, -2.0]])
    groups = [[0], [1, 2]]
    assert attach_paraphrases(units, groups, scores) == [[0, 1, 2]]
    one_family = {"wire": "f1", "copy": "f1", "own": "f2"}
    assert attach_paraphrases(units, groups, scores, one_family) == [[0], [1, 2]]
