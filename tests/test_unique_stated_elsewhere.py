"""What every outlet reports in its own words is no outlet's unique detail (#15), on the
three AllSides dev reports of the day the Surfside condo collapsed.

A clause split off its sentence as its setting is no unique detail.
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
    settings = [t for _, t in lines if t.split()[0] == "after"]
    assert not settings, settings
    # what Fox alone reports stays: the governor's declaration, the county mayor's request
    fox = [t for o, t in lines if o.startswith("Fox News")]
    assert any("declared a state of emergency" in t for t in fox), fox


def test_the_event_other_headlines_state_is_no_unique_line(tmp_path: Path) -> None:
    """The Wall Street Journal's lead, "A portion of a condo tower in the Miami-area
    beachfront town of Surfside, Fla., collapsed.", was its unique line, while NBC's and Fox
    News's headlines and leads report the collapse in their own words (the rule that spares
    an article the omission of the story's event, ``omissions.LEAD_ECHO``)."""
    lines = _unique_lines(tmp_path)
    wsj = [" ".join(t.split()) for o, t in lines if o.startswith("Wall Street Journal")]
    assert not any(t.startswith("A portion of a condo tower") for t in wsj), wsj
    assert any("Buildings just don" in t for t in wsj), wsj  # the mayor's words stay its own
