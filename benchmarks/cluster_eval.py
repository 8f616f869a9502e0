"""Story clustering on ECB+: B-cubed precision/recall/F1 and ARI against gold stories.

ECB+ holds, per topic, reports of two similar but different real events (``ecb`` vs
``ecbplus`` documents), so the gold story is topic + subtopic. The articles carry no
publication date; only dates, numbers and details in the text can separate the two events.

Runs clean + extract + cluster on all documents. Extraction results are cached under
``benchmarks/results/`` (keyed by which extractor ran), so reruns only cluster.

    .venv/bin/python benchmarks/cluster_eval.py [--sweep]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ecbplus import GoldDoc, load  # noqa: E402
from storyline.clean import clean  # noqa: E402
from storyline.cluster import stories as stories_mod  # noqa: E402
from storyline.cluster.features import ArticleFeatures, article_features  # noqa: E402
from storyline.cluster.split import split_stories  # noqa: E402
from storyline.models import Article, Extraction  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def _extract_version() -> str:
    """Hash of the code that makes extractions, so a changed extractor never reads a stale cache."""
    import hashlib

    src = Path(__file__).resolve().parents[1] / "src" / "storyline"
    files = sorted([*(src / "extract").glob("*.py"), src / "nlp.py", src / "clean.py"])
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:16]


def extract_cached(articles: Sequence[Article], name: str = "ecbplus") -> list[Extraction]:
    """Extractions of ``articles`` by ``storyline.extract``, cached under benchmarks/results/."""
    from storyline.extract import extract_articles

    path = RESULTS / f"{name}_extract.json"
    ids = [a.id for a in articles]
    version = _extract_version()
    if path.exists():
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("ids") == ids and cached.get("version") == version:
            return [Extraction.from_dict(d) for d in cached["extractions"]]
    t0 = time.perf_counter()
    extractions = list(extract_articles(articles).extractions)
    print(f"extracted {len(articles)} articles in {time.perf_counter() - t0:.0f}s")
    RESULTS.mkdir(exist_ok=True)
    path.write_text(
        json.dumps({"ids": ids, "version": version,
                    "extractions": [e.to_dict() for e in extractions]}),
        encoding="utf-8",
    )
    return extractions


def bcubed(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (per-item averages)."""
    pairs = Counter(zip(gold, pred, strict=True))
    g, p = Counter(gold), Counter(pred)
    n = len(gold)
    prec = sum(c * c / p[pc] for (_, pc), c in pairs.items()) / n
    rec = sum(c * c / g[gc] for (gc, _), c in pairs.items()) / n
    return prec, rec, 2 * prec * rec / (prec + rec)


def features_for(docs: Sequence[GoldDoc]) -> list[ArticleFeatures]:
    """Clean, extract (cached) and featurise every document."""
    articles = [clean(d.article) for d in docs]
    extractions = extract_cached(articles)
    return [article_features(a, e) for a, e in zip(articles, extractions, strict=True)]


def cluster(feats: Sequence[ArticleFeatures], split: bool = True) -> dict[str, str]:
    """Run the online clusterer in the stable order cluster_articles uses (date, then id),
    then (unless ``split`` is off) the split pass cluster_articles ends with."""
    c = stories_mod.StoryClusterer()
    for f in sorted(feats, key=lambda f: (f.day is None, f.day or 0, f.id)):
        c.add(f)
    if not split:
        return c.assignment
    stories = split_stories(c.stories(), {f.id: f for f in feats})
    return {aid: sid for sid, ids in stories.items() for aid in ids}


def score(docs: Sequence[GoldDoc], assignment: dict[str, str]) -> dict[str, float]:
    gold = [d.story for d in docs]
    pred = [assignment[d.article.id] for d in docs]
    p, r, f1 = bcubed(gold, pred)
    topic_p, topic_r, topic_f1 = bcubed([d.topic for d in docs], pred)
    # Thresholds are to be chosen on odd topics; even topics are the held-out figure.
    halves = {}
    for name, parity in (("odd_f1", 1), ("even_f1", 0)):
        half = [i for i, d in enumerate(docs) if int(d.topic) % 2 == parity]
        halves[name] = bcubed([gold[i] for i in half], [pred[i] for i in half])[2]
    return {
        **halves,
        "bcubed_p": p, "bcubed_r": r, "bcubed_f1": f1,
        "ari": adjusted_rand_score(gold, pred), "topic_f1": topic_f1,
        "stories": len(set(pred)), "gold_stories": len(set(gold)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sweep", action="store_true", help="print scores over JOIN_THRESHOLD")
    args = ap.parse_args()
    docs = load()
    feats = features_for(docs)
    print(f"{len(docs)} ECB+ documents, {len({d.story for d in docs})} gold stories")
    if args.sweep:
        base = stories_mod.JOIN_THRESHOLD
        for th in (0.15, 0.2, 0.225, 0.25, 0.275, 0.3, 0.35, 0.4):
            stories_mod.JOIN_THRESHOLD = th
            s = score(docs, cluster(feats))
            print(f"threshold {th:.3f}: " + " ".join(f"{k}={v:.3f}" for k, v in s.items()))
        stories_mod.JOIN_THRESHOLD = base
    t0 = time.perf_counter()
    assignment = cluster(feats)
    dt = time.perf_counter() - t0
    s = score(docs, assignment)
    by_topic: dict[str, Counter[str]] = defaultdict(Counter)
    for d in docs:
        by_topic[d.story][assignment[d.article.id]] += 1
    print(f"clustered in {dt:.2f}s")
    base = score(docs, cluster(feats, split=False))
    print(
        f"online pass alone: F1={base['bcubed_f1']:.3f} (odd {base['odd_f1']:.3f}, "
        f"even {base['even_f1']:.3f})"
    )
    print(
        f"B-cubed P={s['bcubed_p']:.3f} R={s['bcubed_r']:.3f} F1={s['bcubed_f1']:.3f} "
        f"ARI={s['ari']:.3f} (odd topics F1={s['odd_f1']:.3f}, held-out even topics "
        f"F1={s['even_f1']:.3f}; topic-level F1={s['topic_f1']:.3f}; "
        f"{s['stories']} stories vs {s['gold_stories']} gold)"
    )


if __name__ == "__main__":
    main()
