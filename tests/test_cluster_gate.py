"""Evaluation gate for the cluster stage: stories on AllSides dev (days as given and jittered),
ECB+ and the seeds, generated wire families and the 10k-article scale run must not fall below
their floors in ``benchmarks/floors.json``: a rule that lifts one set and lowers another fails.

The scores come from the benchmarks' own functions (``cluster_eval``, ``ecbplus``,
``family_eval``, ``cluster_scale``), so a number here is the number those scripts print; the
AllSides and seed figures score the ``briefing.json`` that ``analyze`` writes. No timing is
asserted: the 10k run is here to prove the streamed clusterer still places every generated
article in a story of its event; its time is the benchmark's to print.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.gate
ROOT = Path(__file__).resolve().parents[1]
ECB = ROOT.parent / "shared" / "eval" / "ecbplus"
ALLSIDES = ROOT.parent / "shared" / "eval" / "allsides"
# Articles in AllSides dev: every one must reach the briefing.
ALLSIDES_ARTICLES = 731
FLOORS = json.loads((ROOT / "benchmarks" / "floors.json").read_text("utf-8"))
# AllSides dev gold stories (``stories.json``) that share one person and no subject: a
# governor's voting law, social-media law and sports ban; a vice-president's Guatemala trip
# or border visit and, weeks later, her office's staff; a governor's abortion ban and his
# border wall. Each pair must lie in different storylines.
ONE_PERSON_PAIRS = (
    ("6067", "6014"),
    ("6067", "5988"),
    ("6014", "5988"),
    ("5975", "5901"),
    ("5920", "5901"),
    ("6028", "5947"),
)
# Real follow-ups, each chain one storyline: six weeks of weekly jobless claims; the Surfside
# collapse, the search after the demolition, the search's end.
FOLLOW_UP_CHAINS = (
    ("6068", "6047", "6026", "5987", "5945", "5884"),
    ("5921", "5894", "5883"),
)
# Gold stories of one subject two days apart whose leads name other days of the week: the
# first rockets between Israel and Gaza (Monday, Tuesday) and the ground attack (Thursday,
# Friday). Each pair must lie in different stories, whatever the days given.
NAMED_DAY_PAIRS = (("6054", "6045"),)
# The benchmark's default seed of the generated copy set, so the gate scores what it prints.
FAMILY_SEED = 7
# Articles of the CI-sized scale run (the issue: "CI runs it at 10 k").
SCALE_CI_ARTICLES = 10_000


@pytest.fixture(scope="module")
def ecb() -> Any:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import ecbplus

    docs = ecbplus.load()
    return docs, ecbplus.features_for(docs)


@pytest.mark.skipif(not ECB.exists(), reason="ECB+ data missing")
def test_ecbplus_stories_stay_above_floor(ecb: Any) -> None:
    import ecbplus

    docs, _ = ecb
    s = ecbplus.story_scores(docs)  # cluster_articles, the call analyze makes
    assert s["bcubed_f1"] >= FLOORS["ecbplus_stories_bcubed_f1"], s
    assert s["even_f1"] >= FLOORS["ecbplus_stories_heldout_f1"], s


@pytest.mark.skipif(not ECB.exists(), reason="ECB+ data missing")
def test_ecbplus_files_as_analyze_reads_them_stay_above_floor(ecb: Any) -> None:
    """ECB+ written out as files and read by the pipeline (datelines become dates): the
    grouping analyze puts in briefing.json."""
    import ecbplus

    docs, _ = ecb
    s = ecbplus.ingested_story_scores(docs)
    assert s["dated"] > 0
    assert s["bcubed_f1"] >= FLOORS["ecbplus_files_stories_bcubed_f1"], s


@pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")
@pytest.mark.parametrize("jitter", [False, True], ids=["days-as-given", "jittered-days"])
def test_allsides_stories_in_briefing_stay_above_floor(jitter: bool, tmp_path: Path) -> None:
    """The stories of the briefing.json that analyze writes, scored on AllSides dev, and their
    headlines against AllSides' own (``cluster_eval.headline_overlap``); no story
    spans more days than a story may (the bound from its first day); stories that share one
    person only are not one storyline, real follow-ups are."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import cluster_eval
    from storyline.cluster.stories import STORY_DAYS

    s, doc = cluster_eval.run_allsides(jitter, tmp_path)
    name = "allsides_dev_jittered_bcubed_f1" if jitter else "allsides_dev_bcubed_f1"
    assert s["n"] == ALLSIDES_ARTICLES
    assert s["f1"] >= FLOORS[name], s
    assert s["headline_overlap"] >= FLOORS["allsides_dev_headline_overlap"], s
    # the days-as-given run's one date conflict (the Gaza ground attack "Thursday" / "early
    # Friday") stood in a story that mixed three events; its three reports alone align no lead
    _conflicts_headed_by_whole_words(doc, some=jitter)
    assert max(cluster_eval.story_spans(doc)) <= STORY_DAYS
    lines = cluster_eval.storylines_report(doc)
    assert lines["storylines_2plus"] > 0 and lines["linked_pairs"] > 0
    line = cluster_eval.gold_storylines(doc)
    for a, b in ONE_PERSON_PAIRS:
        assert line[a].isdisjoint(line[b]), (a, b, line[a], line[b])
    for chain in FOLLOW_UP_CHAINS:
        assert set.intersection(*(line[g] for g in chain)), [line[g] for g in chain]
    _named_days_apart(doc)


def _named_days_apart(doc: dict[str, Any]) -> None:
    """The ``NAMED_DAY_PAIRS`` share no story (``rows.WEEKDAY_APART``)."""
    gold = json.loads((ALLSIDES / "gold.json").read_text("utf-8"))
    url = {a["id"]: a["url"] for a in doc["articles"]}
    stories: dict[str, set[str]] = {}
    for s in doc["stories"]:
        for aid in s["article_ids"]:
            stories.setdefault(str(gold[url[aid]]), set()).add(s["id"])
    for a, b in NAMED_DAY_PAIRS:
        assert stories[a].isdisjoint(stories[b]), (a, b, stories[a], stories[b])


def _conflicts_headed_by_whole_words(doc: dict[str, Any], some: bool) -> None:
    """A date conflict is headed by the opening words of its claim, whole (a new user's trial
    saw "... early Friday in an e": the claim cut at 80 characters), with "…" where the claim
    goes on (quote conflicts: ``test_reconcile``); with ``some``, the run has one at least."""
    dates = [c for s in doc["stories"] for c in s["conflicts"] if c["kind"] == "date"]
    claims = [x["text"] for s in doc["stories"] for x in s["claims"]]
    assert dates or not some, "AllSides dev has date conflicts"
    for c in dates:
        head = c["subject"].removesuffix("…")
        text = next(t for t in claims if t.startswith(head))
        rest = text[len(head) :]
        assert not rest[:1].isalnum() and c["subject"].endswith("…") == bool(rest.strip()), c


@pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")
def test_allsides_read_undated_stay_above_floor(tmp_path: Path) -> None:
    """AllSides dev with its dates taken away: undated pages of many events on recurring
    subjects, grouped on text and names alone (``storyline.cluster.undated``)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import cluster_eval

    s, doc = cluster_eval.run_allsides(False, tmp_path, undated=True)
    assert s["n"] == ALLSIDES_ARTICLES
    assert not any(a.get("published") for a in doc["articles"])
    assert s["f1"] >= FLOORS["allsides_dev_undated_bcubed_f1"], s
    _named_days_apart(doc)


def test_seeds_are_one_story_with_one_wire_family(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import cluster_eval

    s = cluster_eval.run_seeds(tmp_path)
    assert s == {"stories": 1, "articles": 5, "wire_000_001": True}


@pytest.mark.skipif(not ECB.exists(), reason="ECB+ data missing")
def test_scale_run_at_10k_keeps_events_together(ecb: Any) -> None:
    import cluster_scale

    docs, feats = ecb
    groups: dict[str, list[Any]] = {}
    for d, f in zip(docs, feats, strict=True):
        groups.setdefault(d.story, []).append(f)
    r = cluster_scale.run_one(SCALE_CI_ARTICLES, [groups[k] for k in sorted(groups)])
    assert r["n"] == SCALE_CI_ARTICLES and r["stories"] >= r["events"] // 2
    assert r["bcubed_f1"] >= FLOORS["cluster_scale_10k_bcubed_f1"], r


def test_wire_families_stay_above_floor() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import family_eval

    p, r = family_eval.evaluate(FAMILY_SEED)
    assert p >= FLOORS["family_precision"] and r >= FLOORS["family_recall"], (p, r)
