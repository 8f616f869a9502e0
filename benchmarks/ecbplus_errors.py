"""Where the ECB+ files' story F1 goes, as ``analyze`` reads them (``cluster_eval.py --errors``).

Each gold story split across stories is cut into its *main* piece (the story holding most of
its reports) and the pieces split off. A piece split off is

* ``later``: one of its reports carries a dateline more than ``STORY_DAYS`` from every dated
  report of the main piece, so by issue #13's rule it is a follow-up story (a trial months
  after a shooting); whether its storyline is the main piece's is printed beside it;
* ``text``: no such dateline: a split on text and names (or on a missing dateline).

Beside the figure it prints what B-cubed would be with each kind merged back into the main
piece (an oracle: how much of the gap each kind explains) and with no story mixing gold
stories (what the merges cost). The scoring itself is not changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from eval_common import bcubed
from storyline.cluster.stories import STORY_DAYS


@dataclass(frozen=True)
class Row:
    """One ECB+ file as ``analyze`` stored it."""

    name: str  # file name, e.g. "1_3ecbplus.txt"
    gold: str  # "<topic>/ecb" or "<topic>/ecbplus"
    story: str
    storyline: str
    published: str | None
    first_line: str


def _days(rows: Sequence[Row]) -> list[int]:
    return [date.fromisoformat(r.published[:10]).toordinal() for r in rows if r.published]


def _later(piece: Sequence[Row], main: Sequence[Row]) -> bool:
    """Whether a dated report of ``piece`` lies more than ``STORY_DAYS`` from every dated
    report of ``main`` (undated pieces and undated main pieces are never ``later``)."""
    mine, theirs = _days(piece), _days(main)
    return bool(mine and theirs) and min(abs(a - b) for a in mine for b in theirs) > STORY_DAYS


def classify(rows: Sequence[Row]) -> list[tuple[str, Row, str]]:
    """(kind, row, main story id) of every report split off its gold story's main piece;
    kind is ``later`` or ``text``."""
    by_gold: dict[str, list[Row]] = {}
    for r in rows:
        by_gold.setdefault(r.gold, []).append(r)
    out = []
    for members in by_gold.values():
        sizes = Counter(r.story for r in members)
        if len(sizes) == 1:
            continue
        main_id = min(sizes, key=lambda s: (-sizes[s], s))
        main = [r for r in members if r.story == main_id]
        for sid in sorted(s for s in sizes if s != main_id):
            piece = [r for r in members if r.story == sid]
            kind = "later" if _later(piece, main) else "text"
            out += [(kind, r, main_id) for r in piece]
    return out


def oracle_f1(rows: Sequence[Row]) -> dict[str, float]:
    """B-cubed F1 as scored, with each kind of split merged back, and with no mixed story."""
    gold = [r.gold for r in rows]
    pred = [r.story for r in rows]
    split = {r.name: (kind, main) for kind, r, main in classify(rows)}
    out = {"as scored": bcubed(gold, pred)[2]}
    for kind in ("later", "text"):
        merged = [
            split[r.name][1] if split.get(r.name, ("", ""))[0] == kind else r.story for r in rows
        ]
        out[f"{kind} splits merged back"] = bcubed(gold, merged)[2]
    out["no story mixing gold stories"] = bcubed(gold, [f"{r.story}|{r.gold}" for r in rows])[2]
    return out


def report(rows: Sequence[Row]) -> list[str]:
    """Lines: counts and oracle F1s, then every split-off report with its kind, day, whether
    its storyline is its main piece's, the gold stories its story mixes in, and first line."""
    split = classify(rows)
    line_of = {r.story: r.storyline for r in rows}
    mixed: dict[str, Counter[str]] = {}
    for r in rows:
        mixed.setdefault(r.story, Counter())[r.gold] += 1
    kinds = Counter(k for k, _, _ in split)
    linked = Counter(k for k, r, main in split if r.storyline == line_of[main])
    out = [
        "  ECB+ reports split off their gold story's main piece: "
        + ", ".join(f"{k} {kinds[k]} ({linked[k]} in its storyline)" for k in ("later", "text")),
        "  " + "; ".join(f"{k} {v:.3f}" for k, v in oracle_f1(rows).items()) + " (B-cubed F1)",
    ]
    for kind, r, main in sorted(split, key=lambda t: (t[0], t[1].gold, t[1].name)):
        others = ",".join(f"{g}:{n}" for g, n in mixed[r.story].items() if g != r.gold)
        same_line = "linked" if r.storyline == line_of[main] else "apart"
        out.append(
            f"    {kind:5} {same_line:6} {r.published or '-':10} {r.gold:13} {r.name:18} "
            f"{others:14} {r.first_line[:60]}"
        )
    return out
