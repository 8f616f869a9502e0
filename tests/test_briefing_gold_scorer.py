"""The briefing scorer of issue #15 (benchmarks/briefing_gold.py) measures what it says.

A briefing written from the gold itself must score 1.0 on every figure, and each way a real
briefing goes wrong (quotations merged into one card, a denial shown as an assertion, unique
details listed under the wrong outlet, a false omission) must move the figure that measures it.
The last test runs ``storyline.analyze`` on the seeds and the three AllSides stories, as
``benchmarks/reconcile_eval.py`` does, and checks the scorer finds the briefing's articles and
quotes there (a renamed field or a lost article would otherwise score as zero silently).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import briefing_gold as bg  # noqa: E402


def _id(key: str) -> str:
    return hashlib.md5(key.encode()).hexdigest()[:16]


def _span(item: dict[str, Any]) -> dict[str, Any]:
    return {"article_id": _id(item["article"]), "start": item["start"], "end": item["end"]}


def perfect(gold: dict[str, Any]) -> dict[str, Any]:
    """The briefing the gold describes: one card per quotation, stance kept, details listed."""
    articles = [
        {
            "id": _id(a["article"]),
            "source_path": f"/in/{a['article']}" if not a["article"].startswith("http") else "x",
            "url": a["article"] if a["article"].startswith("http") else None,
        }
        for a in gold["articles"]
    ]
    quotes = []
    for g in gold["quote_groups"]:
        card: dict[str, Any] = {"id": g["id"], "renderings": [_span(r) for r in g["renderings"]]}
        if g["stance"] != "assert":
            card["stance"] = g["stance"]
            card["cue"] = g["renderings"][0]["cue"]["words"]
        quotes.append(card)
    claims: list[dict[str, Any]] = []
    unique: dict[str, list[str]] = {}
    omissions: dict[str, list[str]] = {}
    for key, details in gold["unique"].items():
        for i, det in enumerate(details):
            cid = f"u-{_id(key)}-{i}"
            claims.append({"id": cid, "sources": [_span(u) for u in det["units"]]})
            unique.setdefault(_id(key), []).append(cid)
    for key, details in gold["omissions"].items():
        for i, det in enumerate(details):
            cid = f"o-{_id(key)}-{i}"
            claims.append({"id": cid, "sources": [_span(u) for u in det["stated_by"]]})
            omissions.setdefault(_id(key), []).append(cid)
    for i, d in enumerate(gold["denials"]):
        field = "denied_by" if d["stance"] == "deny" else "disputed_by"
        claims.append(
            {"id": f"d-{i}", "sources": [], field: [{**_span(d), "cue": d["cue"]["words"]}]}
        )
    story = {
        "article_ids": [a["id"] for a in articles],
        "quotes": quotes,
        "claims": claims,
        "unique": unique,
        "omissions": omissions,
    }
    return {"articles": articles, "stories": [story]}


@pytest.fixture(params=bg.SETS)
def gold(request: pytest.FixtureRequest) -> dict[str, Any]:
    return bg.load_gold(request.param)


def test_the_gold_itself_scores_one(gold: dict[str, Any]) -> None:
    res = bg.score(perfect(gold), gold)
    assert res["quotes"]["f1"] == 1.0 and res["quotes"]["extra"] == 0
    assert res["quotes"]["matched"] == res["quotes"]["renderings"]
    for part in ("denials", "unique", "omissions"):
        assert (res[part]["p"], res[part]["r"]) == (1.0, 1.0), part
    assert res["denials"]["cue_right"] == len(gold["denials"])


def test_one_card_for_everything_loses_precision_not_recall() -> None:
    gold = bg.load_gold("seeds")
    doc = perfect(gold)
    story = doc["stories"][0]
    story["quotes"] = [
        {"id": "all", "renderings": [r for q in story["quotes"] for r in q["renderings"]]}
    ]
    q = bg.score(doc, gold)["quotes"]
    assert q["r"] == 1.0 and q["p"] < 0.2


def test_a_card_per_rendering_loses_recall() -> None:
    gold = bg.load_gold("allsides_5882")
    doc = perfect(gold)
    story = doc["stories"][0]
    story["quotes"] = [
        {"id": f"q{i}", "renderings": [r]}
        for i, r in enumerate(r for q in story["quotes"] for r in q["renderings"])
    ]
    q = bg.score(doc, gold)["quotes"]
    assert q["p"] == 1.0 and q["r"] < 0.6


def test_a_denial_shown_as_an_assertion_is_not_found() -> None:
    gold = bg.load_gold("seeds")
    doc = perfect(gold)
    story = doc["stories"][0]
    for q in story["quotes"]:
        q.pop("stance", None)
    story["claims"] = [c for c in story["claims"] if not c["id"].startswith("d-")]
    d = bg.score(doc, gold)["denials"]
    assert d["pred"] == 0 and d["r"] == 0.0
    # marked on the card only: the renderings of "absolutely groundless" and "denied that" count
    story["quotes"][0]["stance"] = "deny"
    d = bg.score(doc, gold)["denials"]
    assert 0.0 < d["r"] < 1.0 and d["p"] == 1.0


def test_an_assertion_marked_as_a_denial_is_a_false_positive() -> None:
    gold = bg.load_gold("seeds")
    doc = perfect(gold)
    card = next(q for q in doc["stories"][0]["quotes"] if q["id"] == "zel-captured-two")
    card["stance"] = "deny"
    d = bg.score(doc, gold)["denials"]
    assert d["r"] == 1.0 and d["p"] < 1.0


def test_details_under_the_wrong_outlet_are_wrong() -> None:
    gold = bg.load_gold("seeds")
    doc = perfect(gold)
    story = doc["stories"][0]
    ids = list(story["unique"])
    story["unique"] = {ids[i]: story["unique"][ids[i - 1]] for i in range(len(ids))}
    u = bg.score(doc, gold)["unique"]
    assert u["p"] == 0.0 and u["r"] == 0.0


def test_a_false_omission_costs_precision() -> None:
    gold = bg.load_gold("seeds")
    doc = perfect(gold)
    story = doc["stories"][0]
    # 002 states the capture of two men: listing it as 002's omission is wrong
    capture = next(g for g in gold["quote_groups"] if g["id"] == "zel-captured-two")
    story["claims"].append({"id": "c", "sources": [_span(r) for r in capture["renderings"]]})
    key = next(k for k in gold["omissions"] if k.startswith("002"))
    story["omissions"][_id(key)] = ["c"]
    o = bg.score(doc, gold)["omissions"]
    assert o["r"] == 1.0 and o["p"] < 1.0


def test_a_briefing_without_the_gold_articles_is_refused() -> None:
    gold = bg.load_gold("allsides_5904")
    doc = perfect(gold)
    doc["articles"] = doc["articles"][1:]
    with pytest.raises(ValueError):
        bg.score(doc, gold)


@pytest.mark.slow
def test_the_real_briefings_are_read() -> None:
    import reconcile_eval as ev

    scores = ev.briefing_scores()
    assert set(scores) == set(bg.SETS)
    matched = sum(s["quotes"]["matched"] for s in scores.values())
    total = sum(s["quotes"]["renderings"] for s in scores.values())
    assert matched >= 0.9 * total, f"only {matched} of {total} gold renderings in a card"
    seeds = scores["seeds"]
    assert seeds["conflicts"]["precision"] == 1.0 and seeds["alignment"]["f1"] > 0.5
    for s in scores.values():
        for part in ("quotes", "denials", "unique", "omissions"):
            assert 0.0 <= s[part]["p"] <= 1.0 and 0.0 <= s[part]["r"] <= 1.0
        assert s["unique"]["pred"] + s["omissions"]["pred"] > 0


def test_misses_lists_each_false_and_missed_detail() -> None:
    gold = bg.load_gold("seeds")
    doc = perfect(gold)
    assert bg.misses(doc, gold) == []
    story = doc["stories"][0]
    # a false omission of 002 (it states the capture), and one gold unique detail dropped
    capture = next(g for g in gold["quote_groups"] if g["id"] == "zel-captured-two")
    story["claims"].append({"id": "c", "sources": [_span(r) for r in capture["renderings"]]})
    key = next(k for k in gold["omissions"] if k.startswith("002"))
    story["omissions"][_id(key)] = ["c"]
    first = next(k for k, v in gold["unique"].items() if v)
    story["unique"][_id(first)] = story["unique"][_id(first)][1:]
    lines = bg.misses(doc, gold)
    assert len(lines) == 2
    assert lines[0].startswith(
        f"missed unique of {first[:24]}: {gold['unique'][first][0]['subject']}"
    )
    assert lines[1].startswith(f"false omission of {key[:24]}: ")
