"""The static ``index.html`` lists the stories in the order the web index lists them.

The static report listed stories in the briefing's order (by size) while ``GET /`` lists the
stored stories by date (``Store.story_rows``: latest coverage first, undated last, then id),
so one run read in two places showed two different lists. Both now list by date.
"""

from __future__ import annotations

import re
from pathlib import Path

from storyline.report import write_reports
from storyline.report.view import Links
from storyline.store import Store
from storylinerun import linked_store


def test_static_index_lists_stories_by_date_as_the_web_index_does(tmp_path: Path) -> None:
    briefing = linked_store(tmp_path / "s.duckdb", "Cables blamed for Varn collapse")
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        web_order = [r.id for r in store.story_rows()]
    briefing_order = [s["id"] for s in briefing["stories"]]
    assert sorted(web_order) == sorted(briefing_order) and web_order != briefing_order
    write_reports(briefing, tmp_path / "out")
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    table = html[html.index("<table>") : html.index("</table>")]
    pages = [Links().story(sid) for sid in web_order]
    assert re.findall(r'href="(story-[^"]+\.html)"', table) == pages


def test_the_latest_coverage_is_listed_first(tmp_path: Path) -> None:
    """A new user's trial: the index listed the oldest story first, so that after weeks of
    runs the day's stories sat at the end of the page."""
    linked_store(tmp_path / "s.duckdb", "Cables blamed for Varn collapse")
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        rows = store.story_rows()
    lasts = [r.last_date for r in rows if r.last_date]
    assert len(set(lasts)) >= 2 and lasts == sorted(lasts, reverse=True)
