"""A clause split off its sentence as its setting is no outlet's unique detail (#15).

On the day the Surfside condo collapsed, Fox News led with the governor's emergency
declaration "after the Champlain Towers South apartment building collapsed in Surfside", and
NBC with the missing "after a high-rise condo building partially collapsed near Miami Beach":
the aligner split each "after ..." clause off its sentence, and each was listed as what that
outlet alone reports, though all three outlets report the collapse (a fact-checker's seventh
trial found such bare "after ..." lines among the unique lines stated elsewhere).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from allsides_pick import pick_allsides

KEYS = (
    "what-we-know-about-the-miami-area-building-collapse",
    "rescuers-rush-partial-building-collapse-miami-beach",
    "live-updates-miami-area-apartment-building-partially-collapses",
)


def _unique_lines(tmp_path: Path) -> list[tuple[str, str]]:
    """(outlet, cited text) of every unique line of the picked articles' stories."""
    from storyline.pipeline import analyze

    doc: dict[str, Any] = analyze(pick_allsides(tmp_path, KEYS)).briefing.to_json()
    outlet = {a["id"]: a["outlet"] for a in doc["articles"]}
    text = {a["id"]: a["text"] for a in doc["articles"]}
    lines = []
    for story in doc["stories"]:
        claims = {c["id"]: c for c in story["claims"]}
        for aid, ids in story["unique"].items():
            for cid in ids:
                for s in claims[cid]["sources"]:
                    if s["article_id"] == aid:
                        lines.append((outlet[aid], text[aid][s["start"] : s["end"]]))
    return lines


def test_a_setting_clause_is_no_unique_line_and_the_news_stays(tmp_path: Path) -> None:
    lines = _unique_lines(tmp_path)
    settings = [t for _, t in lines if t.startswith("after ")]
    assert not settings, settings
    # what Fox alone reports stays: the governor's declaration, the county mayor's request
    fox = [t for o, t in lines if o.startswith("Fox News")]
    assert any("declared a state of emergency" in t for t in fox), fox
