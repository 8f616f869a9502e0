"""A unique or left-out line that is about a detail shows the detail, not only its sentence
(a fact-checker's audit of the AllSides dev story pages: a sentence three outlets share was
listed whole as one outlet's own, where only "Calif." or a count in it was). Story page and
briefing.md both set the detail's words first and mark them inside the cited sentence; the
sentence stays the exact cited span."""

from __future__ import annotations

import html
import re
from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze

#: The House votes to create the Jan. 6 select committee, 30 June 2021 (AllSides dev).
HOUSE_VOTE = [
    "house-select-committee-january-6/2021/06/30",
    "us-house-vote-select-committee-probe-deadly-capitol-attack",
    "politics/house-committee-jan-6-capitol-riot",
]


def test_detail_lines_show_their_detail(tmp_path: Path) -> None:
    out = tmp_path / "out"
    doc = analyze([pick_allsides(tmp_path, HOUSE_VOTE)], out=out).briefing.to_json()
    (story,) = [s for s in doc["stories"] if len(s["article_ids"]) == 3]
    claims = {c["id"]: c for c in story["claims"]}
    details = [claims[c] for cs in story["unique"].values() for c in cs if claims[c].get("detail")]
    assert details
    page = (out / f"{story['id']}.html").read_text("utf-8")
    md = (out / "briefing.md").read_text("utf-8")
    for claim in details:
        words = " · ".join(claim["detail"])
        assert f'<strong class="detail">{html.escape(words)}</strong> in:' in page
        for w in claim["detail"]:
            assert f"<mark>{html.escape(w)}</mark>" in page
        assert f"**{words}** in: " in md
    # the marked sentence is the cited span, word for word, once the marks are taken out
    for li in re.findall(r'<strong class="detail">.*?</strong> in: <a [^>]*>(.*?)</a>', page):
        text = html.unescape(re.sub(r"</?mark>", "", li))
        assert any(text == s["text"] for c in details for s in c["sources"])


def test_a_detail_is_marked_as_a_whole_word() -> None:
    """The review: "Hill" was marked inside "Hillary", "19" inside "2019"."""
    from storyline.report.view import marked

    parts = marked("Hillary Clinton met Hill in 2019 and 19 people", ["Hill", "19"])
    assert [p for p, hit in parts if hit] == ["Hill", "19"]
    assert "".join(p for p, _ in parts) == "Hillary Clinton met Hill in 2019 and 19 people"
