"""A quotation its attribution cuts in two is shown as the words said (#15, point 1: quote
boundaries stop at the closing mark). A fact-checker's trial of the AllSides dev briefing
read '“Jan. 6 was a day of darkness for our country,” Ms. Pelosi told reporters. “Our
temple ...”' as one rendering with the writer's words inside it. The rendering keeps its
exact span; ``narration`` names the writer's words in it, which the reports set apart (in
italics), every word of the span still on the page."""

from __future__ import annotations

import html
from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze

#: Pelosi creates the Jan. 6 select committee, NYT 24 June 2021, and South Dakota's troops
#: for the border, Daily Wire (AllSides dev).
PELOSI = "nytimes.com/2021/06/24/us/politics/pelosi-select-committee-jan-6"
NOEM = "dailywire.com/news/south-dakota-joins-other-gop-led-states"
#: Harris in Guatemala, National Review, 7 June 2021: two words between the pieces.
HARRIS = "nationalreview.com/news/kamala-harriss-message-to-potential-migrants"


def test_the_writers_words_inside_a_rendering_are_named_and_left_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    doc = analyze([pick_allsides(tmp_path, [PELOSI, NOEM, HARRIS])], out=out).briefing.to_json()
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    cut = {
        texts[r["article_id"]][s:e]: (story["id"], r)
        for story in doc["stories"]
        for q in story["quotes"]
        for r in q["renderings"]
        for s, e in r.get("narration", [])
    }
    assert "Ms. Pelosi told reporters." in cut
    assert "South Dakota Governor Kristi Noem (R) tweeted on Monday." in cut
    assert "she commented." in cut  # a second trial found it left in
    story_id, r = cut["Ms. Pelosi told reporters."]
    assert texts[r["article_id"]][r["start"] : r["end"]] == r["text"]  # the span stays exact
    assert all(r["start"] < s < e < r["end"] for s, e in r["narration"])
    said = "“Jan. 6 was a day of darkness for our country,” {} “Our temple of democracy"
    page = (out / f"{story_id}.html").read_text("utf-8")
    narration = '<span class="narration">Ms. Pelosi told reporters.</span>'
    assert html.escape(said, quote=False).format(narration) in page
    assert said.format("*Ms. Pelosi told reporters.*") in (out / "briefing.md").read_text("utf-8")
