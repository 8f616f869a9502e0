"""Evaluation gate for the cluster stage: ECB+ stories, generated wire families and the 10k-article
scale run must not fall below their floors in ``benchmarks/floors.json``.

The scores come from the benchmarks' own functions (``cluster_eval``, ``family_eval``,
``cluster_scale``), so a number here is the number those scripts print. No timing is asserted:
the 10k run is here to prove the streamed clusterer still places every generated article in a
story of its event; its time is the benchmark's to print.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
ECB = ROOT.parent / "shared" / "eval" / "ecbplus"
FLOORS = json.loads((ROOT / "benchmarks" / "floors.json").read_text("utf-8"))
# The benchmark's default seed of the generated copy set, so the gate scores what it prints.
FAMILY_SEED = 7
# Articles of the CI-sized scale run (the issue: "CI runs it at 10 k").
SCALE_CI_ARTICLES = 10_000

pytestmark = pytest.mark.skipif(not ECB.exists(), reason="ECB+ data missing")


@pytest.fixture(scope="module")
def ecb() -> Any:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import cluster_eval
    import ecbplus

    docs = ecbplus.load()
    return docs, cluster_eval.features_for(docs)


def test_ecbplus_stories_stay_above_floor(ecb: Any) -> None:
    import cluster_eval

    docs, feats = ecb
    s = cluster_eval.score(docs, cluster_eval.cluster(feats))
    assert s["bcubed_f1"] >= FLOORS["ecbplus_stories_bcubed_f1"], s
    assert s["even_f1"] >= FLOORS["ecbplus_stories_heldout_f1"], s


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
