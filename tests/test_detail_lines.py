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


#: McConnell rejects Manchin's voting compromise, 17 June 2021 (AllSides dev): The Hill and
#: Politico write "Sen. Joe Manchin (D-W.Va.)", Fox News "West Virginia".
MANCHIN = [
    "558994-mcconnell-shoots-down-manchins-voting-compromise",
    "manchin-voting-bill-stacey-abrams-republicans",
    "gop-manchin-election-compromise-495023",
]


def test_a_place_written_in_its_abbreviation_is_stated(tmp_path: Path) -> None:
    """A fact-checker's trial found "West Virginia" listed as Fox's alone, though the two other
    outlets name Manchin's state in his party tag, "(D-W.Va.)", where no mention is read."""
    doc = analyze([pick_allsides(tmp_path, MANCHIN)]).briefing.to_json()
    (story,) = [s for s in doc["stories"] if len(s["article_ids"]) == 3]
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    assert sum("(D-W.Va.)" in t for t in texts.values()) == 2
    claims = {c["id"]: c for c in story["claims"]}
    words = [
        w for cs in story["unique"].values() for c in cs for w in claims[c].get("detail") or []
    ]
    assert words and "West Virginia" not in words


def test_only_a_form_as_the_table_writes_it_names_a_place() -> None:
    """Case and dots count: "us" is no United States, "ill." no Illinois."""
    from storyline.reconcile.details import written_names

    assert written_names("Sen. Joe Manchin (D-W.Va.) on the U.S.-Mexico border") == {
        "West Virginia",
        "United States",
    }
    assert written_names("Tell us who fell ill. Then") == set()
