"""A story's headline is the title its coverage shares, not the first member's title: on
AllSides dev's gold stories (real coverage, where an event's opinion and analysis pieces run
beside its news), the chosen titles are nearer AllSides' own headlines than the earliest
titles are, and each is one of the story's titles, word for word."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from storyline.cluster import order_key
from storyline.cluster.headline import headline, title_of
from storyline.models import Article

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "eval" / "allsides"


def _gold_stories() -> list[tuple[list[Article], str]]:
    """AllSides dev's gold stories of three or more articles (members in processing order),
    each with AllSides' own headline."""
    gold = json.loads((ALLSIDES / "gold.json").read_text("utf-8"))
    labels = json.loads((ALLSIDES / "stories.json").read_text("utf-8"))
    groups: dict[str, list[Article]] = {}
    for line in (ALLSIDES / "articles.jsonl").read_text("utf-8").splitlines():
        r = json.loads(line)
        a = Article(r["url"], "articles.jsonl", r["text"], "jsonl", title=r["title"])
        groups.setdefault(str(gold[r["url"]]), []).append(a)
    return [
        (sorted(members, key=order_key), labels[g]["headline"])
        for g, members in groups.items()
        if len(members) >= 3
    ]


@pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")
def test_headline_is_nearer_the_editors_line_than_the_first_title() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from cluster_eval import _head_words

    def overlap(a: str, b: str) -> float:
        x, y = _head_words(a), _head_words(b)
        return len(x & y) / len(x | y) if x | y else 0.0

    stories = _gold_stories()
    assert len(stories) > 50
    chosen = first = 0.0
    for members, editors in stories:
        by_id = {a.id: a for a in members}
        head = headline([a.id for a in members], by_id)
        assert head in {title_of(a) for a in members}
        chosen += overlap(head or "", editors)
        first += overlap(title_of(members[0]) or "", editors)
    # a clear margin, not a tie: the rule must pick better titles, not just other ones
    assert chosen > 1.1 * first, (chosen / len(stories), first / len(stories))


def test_untitled_and_single_member_stories() -> None:
    text = "Officials said the bridge over the Varn closed on Monday after cracks were found."
    untitled = Article("a", "a.txt", text, "txt")
    titled = Article("b", "b.txt", text, "txt", title="Varn bridge closed")
    assert headline(["a"], {"a": untitled}) is None
    assert headline(["a", "b"], {"a": untitled, "b": titled}) == "Varn bridge closed"
    assert headline(["b"], {"b": titled}) == "Varn bridge closed"
