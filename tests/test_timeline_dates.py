"""A timeline line's date is given by the sentence it shows, on real AllSides coverage.

A claim gathers sentences of several outlets, and its date may come from any of them: the
line must then show a sentence that gives that date itself, not another outlet's undated one
(a new user's audit found "Mr. Schumer announced the deal" filed under the day The Hill gave
for the senators' vote, and "The board upheld Facebook's decision ..." under the first day of
a Pew survey).
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline import build_briefing, cluster_articles, extract_articles, resolve_undated
from storyline.cluster import order_key
from storyline.embed import load_embedder
from storyline.models import Article
from storyline.pipeline import read_and_clean

# The budget deal and marijuana bill coverage of 13-15 July 2021, and the Facebook oversight
# board's ruling of 5 May 2021 with Pew's survey beside it.
KEYS = [
    "us-senate-democrats-rush-outline-massive-infrastructure-bill",
    "senate-democrats-unveil-bill-to-decriminalize-marijuana",
    "chuck-schumer-says-he-wants-to-legalize-marijuana",
    "schumer-marijuana-proposal",
    "senate-democrats-strike-tentative-deal-35-trillion",
    "democrats-selling-budget-deal",
    "bipartisan-infrastructure-drive-stalls",
    "schumer-sets-up-key-vote-on-bipartisan-deal",
    "congress-senate-to-vote-next-week-on-infrastructure",
    "heritage-president-oversight-board-is-wrong",
    "trump-facebook-ban-is-upheld-keep-it-that-way",
    "technology-56985583",
    "trump-facebook-oversight-board-decision",
    "trump-still-blocked-from-facebook-for-now",
    "americans-divided-on-whether-trump-should-be-permanently-banned",
]


def test_every_timeline_line_shows_a_sentence_that_gives_its_date(tmp_path: Path) -> None:
    read = read_and_clean([pick_allsides(tmp_path, KEYS)])
    articles = sorted([a for a in read if isinstance(a, Article)], key=order_key)
    result = extract_articles(articles)
    encoder = load_embedder()
    stories = cluster_articles(articles, result.extractions, result.entities, embedder=encoder)
    extractions = resolve_undated(articles, result.extractions, stories)
    briefing = build_briefing(articles, extractions, result.entities, stories, embedder=encoder)
    dates = {e.article_id: e.dates for e in extractions}
    lines = 0
    for story in briefing.stories:
        sources = {c.id: c.sources for c in story.claims}
        for line in story.timeline:
            shown = [s for cid in line.claim_ids for s in sources[cid] if s.text == line.text]
            assert shown, line.text
            given = {
                d.value for s in shown for d in dates[s.article_id] if s.start <= d.start < s.end
            }
            assert line.date in given, (line.date, line.text)
            lines += 1
    assert lines >= 10
