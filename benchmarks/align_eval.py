"""Claim alignment on AllSides dev stories, scored on the ``briefing.json`` a user gets.

``tests/gold/allsides_dev.align.json`` marks, in ten AllSides dev stories of three outlets
each (``stories``; how they were picked: its ``about``), which claim units of different
articles state one claim (``claims``) and which units no other article states
(``singletons``), by URL and offsets, as ``seeds.reconcile.json`` does for the seeds (rules:
tests/gold/README.reconcile.md). ``storyline.analyze`` runs on those stories' 30 articles in
one run (their days as given) and the claims of the ``briefing.json`` it writes are scored
pair by pair as the seeds' are (``reconcile_eval.alignment``): a pair of sources of one claim
from two articles is right when one gold claim holds both; recall is over the gold pairs.

The seeds are one story of 123 units, each outlet a long report; an AllSides story is three
excerpts of three to five sentences. A rule of the aligner fitted to the first alone did not
carry to the second (issue #15's fact-checker audits: one fact from three outlets kept as
three claims), and this set is where such a rule is tuned too. It is dev data: the AllSides
stories of the briefing gold (5882, 5904, 6098) are scored, never tuned on.

    python benchmarks/align_eval.py        # about 20 s
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reconcile_eval import alignment, allsides_story_rows, analyze_briefing  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "allsides_dev.align.json"


def load_gold() -> dict[str, Any]:
    """The gold, in ``reconcile_eval.alignment``'s shape (every unit named by its URL)."""
    gold: dict[str, Any] = json.loads(GOLD.read_text(encoding="utf-8"))
    return {**gold, "unique": {}}


def evaluate(work: Path) -> dict[str, Any]:
    """Alignment P/R/F1 of one analyze run over the gold stories' articles, pooled and per
    story."""
    gold = load_gold()
    path = work / "stories.jsonl"
    rows = allsides_story_rows(gold["stories"])
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    doc = analyze_briefing([path], work)
    urls = {a["id"]: a["url"] for a in doc["articles"]}
    undecided = [a["units"] for a in gold["ambiguous"]]
    out = {"all": alignment(doc, gold, urls, undecided)}
    for sid in gold["stories"]:
        part = {
            "claims": [c for c in gold["claims"] if c["story"] == sid],
            "singletons": [u for u in gold["singletons"] if u["story"] == sid],
            "unique": {},
        }
        out[sid] = alignment(doc, part, urls, undecided)
    return out


def main() -> int:
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        res = evaluate(Path(tmp))
    print("claim alignment on AllSides dev (tests/gold/allsides_dev.align.json):")
    for name, r in res.items():
        print(
            f"  {name:6} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} "
            f"(pairs predicted {r['predicted']}, gold {r['gold']})"
        )
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
