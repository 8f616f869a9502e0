"""Reported speech on a quote card is shown as the writer's words, not in quotation marks.

A fact-checker's audit of AllSides briefings found paraphrase ("the agency exceeded its
authority ...", in Bloomberg's words) shown on the cards between quotation marks, as if the
judge had said it so. A rendering says whether it is quoted (``Rendering.quoted``), and the
reports put only quoted renderings in quotation marks.
"""

from __future__ import annotations

import json
from pathlib import Path

from allsides_pick import pick_allsides
from storyline.pipeline import analyze

#: The eviction-moratorium ruling of 5 May 2021, by three outlets (AllSides dev).
STORY = [
    "judge-overturns-federal-pandemic-eviction-moratorium",
    "federal-judge-lifts-eviction-ban",
    "u-s-judge-blocks-cdc-s-nationwide-eviction-moratorium",
]
MARKS = "\"'“”‘’«»"


def test_reported_speech_is_not_shown_as_a_quotation(tmp_path: Path) -> None:
    out = tmp_path / "report"
    analyze([pick_allsides(tmp_path, STORY)], out=out)
    doc = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    renderings = [r for s in doc["stories"] for q in s["quotes"] for r in q["renderings"]]
    reported = [r for r in renderings if not r["quoted"]]
    assert reported and len(reported) < len(renderings)
    for r in renderings:  # quoted: a quotation mark at one of the span's edges, in the source
        t, s, e = texts[r["article_id"]], r["start"], r["end"]
        edges = t[max(0, s - 2) : s] + t[e : e + 2] + r["text"][:1] + r["text"][-1:]
        assert r["quoted"] == any(m in edges for m in MARKS), r["text"]
    md = (out / "briefing.md").read_text(encoding="utf-8")
    page = "".join(p.read_text(encoding="utf-8") for p in out.glob("story-*.html"))
    for r in reported:
        assert f"(reported) {r['text']} [{r['start']}–{r['end']}]" in md
        assert f"“{r['text']}”" not in md and f"“{r['text']}”" not in page
        assert f"(reported)</span> {r['text']}" in page
