"""How fast the report stage renders a large briefing: 1,000 stories by default.

Usage::

    .venv/bin/python benchmarks/render_speed.py [--stories 1000] [--briefing out/briefing.json]

With ``--briefing`` the richest story of a real briefing (e.g. the seeds' ``analyze`` output) is
replicated under new story and article ids; without it, a story of typical size is generated
from the briefing contract (5 articles, 40 claims, 4 conflicts, 6 quotes, 10 dated events).
Everything ``write_reports`` writes is timed: ``briefing.md``, ``index.html``, one page per story
and one per article. Target (issue 6): 1,000 stories in under a minute.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from storyline.report import write_reports

#: Issue 6's bar: rendering 1,000 stories' reports takes under a minute.
TARGET_SECONDS_PER_1000 = 60.0
#: Size of a generated story, chosen to match a busy real story (the seeds give 5 articles).
ARTICLES, CLAIMS, CONFLICTS, QUOTES, EVENTS = 5, 40, 4, 6, 10


def generated_story() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One story built from the contract, every span a real offset into its article."""
    articles = []
    spans: dict[str, list[dict[str, Any]]] = {}
    for a in range(ARTICLES):
        aid = f"a{a}"
        sentences = [
            f"Sentence {i} of article {a} says that {10 + i + a} people were seen "
            f"in Town {i} on day {i % 28 + 1}."
            for i in range(CLAIMS)
        ]
        text = f"Headline of article {a}\n\n" + " ".join(sentences) + "\n"
        pos, out = 0, []
        for s in sentences:
            start = text.index(s, pos)
            out.append({"article_id": aid, "text": s, "start": start, "end": start + len(s)})
            pos = start + len(s)
        spans[aid] = out
        articles.append(
            {
                "id": aid,
                "source_path": f"{aid}.txt",
                "title": f"Article {a}",
                "outlet": f"Outlet {a}",
                "url": f"https://example.org/{a}",
                "published": f"2025-04-{a + 1:02d}",
                "byline": None,
                "wire": "AFP" if a < 2 else None,
                "family": "f0" if a < 2 else f"f{a}",
                "text": text,
            }
        )
    ids = [a["id"] for a in articles]
    claims = [
        {
            "id": f"c{i}",
            "text": spans["a0"][i]["text"],
            "date": f"2025-04-{i % 28 + 1:02d}",
            "sources": [spans[aid][i] for aid in ids[: 1 + i % ARTICLES]],
            "independent_sources": max(1, i % ARTICLES),
        }
        for i in range(CLAIMS)
    ]
    conflicts = [
        {
            "id": f"k{k}",
            "kind": "number",
            "subject": f"people in Town {k}",
            "values": [
                {
                    "value": str(10 + k + a),
                    "normalized": 10 + k + a,
                    "attributed_to": None,
                    "article_ids": [f"a{a}"],
                    "sources": [spans[f"a{a}"][k]],
                }
                for a in range(ARTICLES)
            ],
        }
        for k in range(CONFLICTS)
    ]
    quotes = [
        {
            "id": f"q{q}",
            "speaker": f"Speaker {q}",
            "speaker_entity": None,
            "text": spans["a0"][q]["text"],
            "renderings": [spans[aid][q] for aid in ids],
        }
        for q in range(QUOTES)
    ]
    story = {
        "id": "s",
        "headline": "A generated story",
        "article_ids": ids,
        "families": [{"id": "f0", "article_ids": ids[:2], "wire": "AFP"}]
        + [{"id": f"f{a}", "article_ids": [f"a{a}"], "wire": None} for a in range(2, ARTICLES)],
        "entities": [
            {
                "id": f"e{e}",
                "name": f"Town {e}",
                "type": "GPE",
                "aliases": [f"T{e}"],
                "article_ids": ids,
            }
            for e in range(15)
        ],
        "quotes": quotes,
        "claims": claims,
        "conflicts": conflicts,
        "unique": {"a4": ["c4", "c9"]},
        "omissions": {"a0": ["c3"]},
        "timeline": [
            {"date": c["date"], "claim_ids": [c["id"]], "text": c["text"]} for c in claims[:EVENTS]
        ],
        "framing": {f"Speaker {q}": {aid: ["said"] for aid in ids} for q in range(QUOTES)},
        "summary": [{"text": c["text"], "claim_ids": [c["id"]]} for c in claims[:3]],
    }
    return articles, story


def real_story(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    briefing = json.loads(path.read_text("utf-8"))
    story = max(briefing["stories"], key=lambda s: (len(s["article_ids"]), len(s["claims"])))
    arts = [a for a in briefing["articles"] if a["id"] in story["article_ids"]]
    return arts, story


def replicate(articles: list[dict[str, Any]], story: dict[str, Any], n: int) -> dict[str, Any]:
    """``n`` copies of one story, each with its own story and article ids (so its own pages)."""
    template = json.dumps(story)
    out_articles, out_stories = [], []
    for i in range(n):
        text = template
        for a in articles:
            text = text.replace(f'"{a["id"]}"', f'"{a["id"]}-{i}"')
        s = json.loads(text)
        s["id"] = f"{story['id']}-{i}"
        out_stories.append(s)
        for a in articles:
            out_articles.append({**copy.deepcopy(a), "id": f"{a['id']}-{i}"})
    return {"schema_version": 1, "articles": out_articles, "stories": out_stories}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=1000)
    ap.add_argument("--briefing", type=Path, help="replicate this briefing's richest story")
    args = ap.parse_args(argv)
    arts, story = real_story(args.briefing) if args.briefing else generated_story()
    briefing = replicate(arts, story, args.stories)
    with tempfile.TemporaryDirectory() as tmp:
        t0, cpu0 = time.perf_counter(), time.process_time()
        write_reports(briefing, Path(tmp))
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        pages = sum(1 for _ in Path(tmp).glob("*.html"))
    # Wall time is what a user waits; CPU time shows how much of it was other load on the box.
    rate = args.stories / elapsed
    source = args.briefing or "generated from the contract"
    print(
        f"story: {source} ({len(arts)} articles, {len(story['claims'])} claims, "
        f"{len(story['conflicts'])} conflicts)"
    )
    print(
        f"rendered {args.stories} stories ({pages} HTML pages + briefing.md) in "
        f"{elapsed:.1f} s wall ({cpu:.1f} s CPU in this process): {rate:.1f} stories/s"
    )
    budget = TARGET_SECONDS_PER_1000 * args.stories / 1000
    verdict = "within" if elapsed <= budget else "OVER"
    print(f"target {budget:.0f} s: {verdict}")
    return 0 if elapsed <= budget else 1


if __name__ == "__main__":
    sys.exit(main())
