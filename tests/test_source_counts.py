"""How many unnamed sources an outlet cites is no detail it alone reports.

A fact-checker's trial of AllSides briefings (stop 53) found the Washington Post's lead on
the Manhattan grand jury ("..., according to two people familiar with the development")
listed as the Post's unique detail "two", its whole shared lead with it: the count says how
the Post knows, not what happened (``reconcile.details._SOURCING``).
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline.pipeline import analyze

#: The Manhattan grand jury on Trump's company, by the Post, the Hill and the Examiner.
GRAND_JURY = [
    "trump-investigation-grand-jury/2021/05/25",
    "555404-manhattan-da-convenes-grand-jury-expected-to-weigh-trump-evidence",
    "manhattan-da-grand-jury-weigh-charges-trump",
]


def test_a_count_of_unnamed_sources_is_no_unique_detail(tmp_path: Path) -> None:
    doc = analyze(pick_allsides(tmp_path, GRAND_JURY)).briefing.to_json()
    [story] = [s for s in doc["stories"] if len(s["article_ids"]) == 3]
    post = next(a["id"] for a in doc["articles"] if "washingtonpost" in a["url"])
    claims = {c["id"]: c for c in story["claims"]}
    details = [d for cid in story["unique"][post] if (d := claims[cid].get("detail"))]
    assert story["unique"][post], "the Post reports what the others do not"
    assert not any("two" in " ".join(d).lower().split() for d in details), details
