"""Search hits as the index page shows them: story by story.

One story's articles and claims often all match a query (four copies of one jobless-claims
report, each a hit): listed one by one they fill the page with one story. Grouped, each story
is one entry, best first, with its headline, its days and its matching articles and claims
under it (a snippet that an article and a claim share once, with both links). An article no
analysis has grouped into a story is an entry of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storyline.report.view import WEB_LINKS
from storyline.store.search import Hit


def hit_link(kind: str, ref: str, claim_id: str | None) -> str:
    """Where a hit leads: the article's page, or the claim's row of its story's page."""
    if kind == "article":
        return WEB_LINKS.article(ref)
    return WEB_LINKS.story(ref) + (f"#claim-{claim_id}" if claim_id else "")


def date_range(first: str | None, last: str | None) -> str | None:
    """ "first – last", or the one day."""
    if first and last and first != last:
        return f"{first} – {last}"
    return first or last


def hit_groups(hits: Sequence[Hit]) -> list[dict[str, Any]]:
    """The hits (best first) grouped by story, each group where its best hit ranks."""
    groups: dict[str, dict[str, Any]] = {}
    for h in hits:
        key = h.group
        group = groups.get(key)
        if group is None:
            sid = h.story_id
            group = groups[key] = {
                "link": WEB_LINKS.story(sid) if sid else hit_link(h.kind, h.ref, None),
                "title": (h.story_title if sid else h.title) or sid or h.ref,
                "dates": date_range(*h.dates),
                "hits": {},
            }
        link = {"kind": h.kind, "link": hit_link(h.kind, h.ref, h.claim_id)}
        # a claim's text is its article's sentence: the same words once, with both links
        same = group["hits"].setdefault(h.snippet, {"title": h.title, "links": []})
        same["links"].append(link)
    return [
        {**g, "hits": [{"snippet": s, **hit} for s, hit in g["hits"].items()]}
        for g in groups.values()
    ]
