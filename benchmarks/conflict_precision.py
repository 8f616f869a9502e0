"""Precision of a briefing's conflicts against the judged AllSides dev conflicts.

``tests/gold/allsides_dev_conflicts.judged.json`` holds every conflict that the AllSides dev
run (``storyline analyze ../shared/eval/allsides/articles.jsonl``) reported before the referent
rules of issue #15, each judged real or false by reading its cited spans. This script reads a
``briefing.json`` of that run and matches each of its conflicts to a judged one of the same kind
(a shared value span, or for headline counts a shared article and value); it prints per kind
how many are judged real, judged false and not judged (new: read those by hand), and the
precision over the judged ones.

    python conflict_precision.py /tmp/run/briefing.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

GOLD = Path(__file__).resolve().parents[1] / "tests" / "gold" / "allsides_dev_conflicts.judged.json"


def _keys(values: list[dict[str, Any]]) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for v in values:
        for sp in v.get("spans") or [
            [s["article_id"], s["start"], s["end"]] for s in v.get("sources", [])
        ]:
            out.add((str(sp[0]), str(sp[1]), str(sp[2])))
        if not v.get("spans") and not v.get("sources"):  # a headline count: no span
            words = v.get("words") or " ".join(v["value"].split()[:4])
            out |= {(a, words) for a in v["article_ids"]}
    return out


def judge(doc: dict[str, Any], gold: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Per kind: conflicts matched to a real judgement, to a false one, and unmatched."""
    out: dict[str, dict[str, int]] = {}
    for story in doc["stories"]:
        for c in story["conflicts"]:
            keys = _keys(c["values"])
            hits = [
                g for g in gold["conflicts"] if g["kind"] == c["kind"] and keys & _keys(g["values"])
            ]
            row = out.setdefault(c["kind"], {"real": 0, "false": 0, "unjudged": 0})
            if not hits:
                row["unjudged"] += 1
            else:
                row["real" if all(g["real"] for g in hits) else "false"] += 1
    return out


def main() -> None:
    doc = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    rows = judge(doc, gold)
    total = {"real": 0, "false": 0, "unjudged": 0}
    for kind, row in sorted(rows.items()):
        for k in total:
            total[k] += row[k]
        print(
            f"{kind:10} real {row['real']:3}  false {row['false']:3}  unjudged {row['unjudged']:3}"
        )
    judged = total["real"] + total["false"]
    p = total["real"] / judged if judged else 1.0
    t = total
    print(f"{'all':10} real {t['real']:3}  false {t['false']:3}  unjudged {t['unjudged']:3}")
    print(f"precision over judged conflicts {p:.3f}")


if __name__ == "__main__":
    main()
