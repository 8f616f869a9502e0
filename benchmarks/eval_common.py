"""Matching helpers shared by the scorers (seeds, PolNeAR, ECB+, stories).

Kept apart so each scorer module stays small and all of them match spans and names the same
way: a rule changed here changes every score printed by ``extraction_eval.py``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Indel

from storyline.extract.entities import FUZZY_MIN_RATIO

# Half the shorter span: a quote trimmed of a trailing comma or a leading "that" still counts.
SPAN_OVERLAP = 0.5


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


#: The floors the gates pin (figure name -> lowest accepted value).
FLOORS = Path(__file__).resolve().parent / "floors.json"


def below_floors(got: dict[str, float]) -> list[str]:
    """Each figure of ``got`` under its floor in ``floors.json``, as "name value < floor"."""
    floors = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
    return [f"{k} {got[k]:.3f} < {v}" for k, v in floors.items() if k in got and got[k] < v]


def names_match(a: str | None, b: str | None) -> bool:
    """Lowercased equal, same last word, or last words that are transliteration variants."""
    if not a or not b:
        return not a and not b
    x, y = a.lower().replace("’s", "").split(), b.lower().replace("’s", "").split()
    if not x or not y:  # a bare possessive ("’s") names nobody
        return False
    if x == y or x[-1] == y[-1]:
        return True
    return Indel.normalized_similarity(x[-1], y[-1]) * 100 >= FUZZY_MIN_RATIO


def overlaps(a: tuple[int, int], b: tuple[int, int], frac: float = SPAN_OVERLAP) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= frac * min(a[1] - a[0], b[1] - b[0])


def match_pairs(pred: list[Any], gold: list[Any], ok: Callable[[Any, Any], bool]) -> int:
    """Greedy one-to-one matching in order; returns the number of matched pairs."""
    used: set[int] = set()
    n = 0
    for p in pred:
        for j, g in enumerate(gold):
            if j not in used and ok(p, g):
                used.add(j)
                n += 1
                break
    return n


def bcubed(gold: Sequence[Any], pred: Sequence[Any]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (per-item averages)."""
    pairs = Counter(zip(gold, pred, strict=True))
    g, p = Counter(gold), Counter(pred)
    n = len(gold)
    prec = sum(c * c / p[pc] for (_, pc), c in pairs.items()) / n
    rec = sum(c * c / g[gc] for (gc, _), c in pairs.items()) / n
    return prec, rec, 2 * prec * rec / (prec + rec)
