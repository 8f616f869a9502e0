"""The footer WordPress feeds put under each item ("The post <title> appeared first on
<site>.", a "Related:" link) is no part of the article's prose (a new user's trial: read from
an RSS file of AllSides articles, it became claims, coverage rows and timeline entries)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from allsides_pick import ALLSIDES
from storyline import analyze

#: Three outlets on the Senate's vote on the bipartisan infrastructure deal (AllSides dev).
PICKED = [
    "bipartisan-infrastructure-drive-stalls-499751",
    "schumer-sets-up-key-vote-on-bipartisan-deal",
    "congress-senate-to-vote-next-week-on-infrastructure",
]


def _item(rec: dict[str, str]) -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in rec["text"].split("\n") if p.strip())
    footer = (
        f'<p>Related: <a href="{rec["url"]}">Five things to watch</a></p>'
        f'<p>The post <a href="{rec["url"]}">{escape(rec["title"])}</a> appeared first on '
        f'<a href="https://example.org">{escape(rec["outlet"])}</a>.</p>'
    )
    content = escape(paragraphs + footer)
    return (
        f"<item><title>{escape(rec['title'])}</title><link>{rec['url']}</link>"
        f"<pubDate>Thu, 15 Jul 2021 12:00:00 GMT</pubDate>"
        f"<content:encoded>{content}</content:encoded></item>"
    )


def test_a_wordpress_feed_footer_is_not_prose(tmp_path: Path) -> None:
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    recs = [json.loads(ln) for ln in lines if any(k in json.loads(ln)["url"] for k in PICKED)]
    assert len(recs) == len(PICKED)
    feed = tmp_path / "wp.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>'
        + "".join(_item(r) for r in recs)
        + "</channel></rss>",
        encoding="utf-8",
    )
    doc = analyze([feed]).briefing.to_json()
    assert len(doc["articles"]) == len(PICKED)
    cited = json.dumps(doc["stories"])
    assert "Related:" not in cited and "appeared first on" not in cited
