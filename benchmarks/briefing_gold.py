"""Score a ``briefing.json`` against the briefing gold of issue #15 (tests/gold/*.briefing.json).

Gold rules and the matching rule: tests/gold/README.briefing.md. ``benchmarks/reconcile_eval.py``
runs ``storyline.analyze`` and prints these figures per set; this module only reads JSON.

Fields of ``briefing.json`` read here, so that the reconciler can produce what is scored:
- ``articles[]``: ``id``, ``source_path`` (a seed is known by its file name) and ``url`` (an
  AllSides article is known by its URL).
- ``stories[]``: ``article_ids`` (a story takes part when it holds an article of the gold set).
- ``stories[].quotes[]`` (one card per quotation): ``id``; ``renderings[]`` with
  ``article_id``, ``start``, ``end``; the stance of a card, ``stance`` = ``"assert"`` |
  ``"deny"`` | ``"dispute"`` (absent: an assertion) and its ``cue`` (the cue word, a string);
  a rendering may carry its own ``stance``/``cue``, which then wins over the card's.
- ``stories[].claims[]``: ``id``, ``sources[]`` (``article_id``, ``start``, ``end`` and an
  optional ``stance``), and the sources that deny or dispute the claim, kept apart from those
  that assert it: ``denied_by[]`` and ``disputed_by[]``, each entry a span object
  (``article_id``, ``start``, ``end``, optionally ``speaker`` and ``cue``) or an object with
  ``sources[]`` of such spans. Entries that hold no span (a bare speaker name) cannot be
  scored and count as nothing.
- ``stories[].unique``: article id -> claim ids (the claim's sources in that article are the
  unique detail); ``stories[].omissions``: article id -> claim ids (the claim's sources, in
  other articles, say what the article leaves out).
A predicted span matches a gold span of the same article when they overlap by at least half of
the shorter one (``eval_common.overlaps``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from eval_common import bcubed, overlaps

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "tests" / "gold"
# The sets of the issue: the seeds, then the three AllSides dev stories (scored, never tuned on).
SETS = ("seeds", "allsides_5882", "allsides_5904", "allsides_6098")
DENY = frozenset({"deny", "dispute"})
Span = tuple[str, int, int]  # (article key: seed file name or AllSides URL, start, end)


def load_gold(name: str) -> dict[str, Any]:
    gold: dict[str, Any] = json.loads((GOLD_DIR / f"{name}.briefing.json").read_text("utf-8"))
    return gold


def article_keys(doc: dict[str, Any], gold: dict[str, Any]) -> dict[str, str]:
    """Briefing article id -> gold article key, for the articles of the gold set."""
    wanted = {a["article"] for a in gold["articles"]}
    keys = {}
    for a in doc["articles"]:
        for key in (Path(a.get("source_path") or "").name, a.get("url")):
            if key in wanted:
                keys[a["id"]] = key
    return keys


def _g(item: dict[str, Any]) -> Span:
    return (item["article"], item["start"], item["end"])


def _match(a: Span, b: Span) -> bool:
    return a[0] == b[0] and overlaps((a[1], a[2]), (b[1], b[2]))


def _iou(a: Span, b: Span) -> float:
    inter = min(a[2], b[2]) - max(a[1], b[1])
    return inter / (max(a[2], b[2]) - min(a[1], b[1])) if inter > 0 else 0.0


def _pr(tp_p: int, n_p: int, tp_r: int, n_r: int) -> dict[str, Any]:
    """Precision and recall; an empty side scores 1.0 (nothing claimed, nothing to find)."""
    p = tp_p / n_p if n_p else 1.0
    r = tp_r / n_r if n_r else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "p": round(p, 3),
        "r": round(r, 3),
        "f1": round(f, 3),
        "pred": n_p,
        "gold": n_r,
        "tp_pred": tp_p,
        "tp_gold": tp_r,
    }


def _stories(doc: dict[str, Any], keys: dict[str, str]) -> list[dict[str, Any]]:
    return [s for s in doc["stories"] if any(a in keys for a in s["article_ids"])]


def _span(s: dict[str, Any], keys: dict[str, str]) -> Span | None:
    key = keys.get(s.get("article_id", ""))
    return None if key is None else (key, s["start"], s["end"])


def quote_groups(doc: dict[str, Any], gold: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
    """B-cubed P/R/F1 of the briefing's quote cards over the gold renderings."""
    pred: list[tuple[str, Span]] = [
        (q["id"], sp)
        for st in _stories(doc, keys)
        for q in st["quotes"]
        for r in q["renderings"]
        if (sp := _span(r, keys)) is not None
    ]
    gold_items = [(g["id"], _g(r)) for g in gold["quote_groups"] for r in g["renderings"]]
    labels, cards, matched, duplicated = [], [], 0, 0
    for i, (_, gs) in enumerate(gold_items):
        hits = [(_iou(ps, gs), card) for card, ps in pred if _match(ps, gs)]
        if hits:
            matched += 1
            duplicated += len({c for _, c in hits}) > 1
            cards.append(max(hits)[1])
        else:
            cards.append(f"unmatched-{i}")
        labels.append(gold_items[i][0])
    p, r, f = bcubed(labels, cards) if labels else (1.0, 1.0, 1.0)
    extra = sum(not any(_match(ps, gs) for _, gs in gold_items) for _, ps in pred)
    return {
        "p": round(p, 3),
        "r": round(r, 3),
        "f1": round(f, 3),
        "renderings": len(gold_items),
        "matched": matched,
        "in_two_cards": duplicated,
        "extra": extra,
        "gold_groups": len(gold["quote_groups"]),
        "cards": len({c for c, _ in pred}),
    }


def _deny_spans(item: Any, keys: dict[str, str]) -> Iterator[tuple[Span, str | None]]:
    """The spans of a ``denied_by``/``disputed_by`` entry (a span, or an object with sources)."""
    if not isinstance(item, dict):
        return
    cue = item.get("cue") if isinstance(item.get("cue"), str) else None
    if "start" in item and (sp := _span(item, keys)) is not None:
        yield sp, cue
    for s in item.get("sources") or []:
        if isinstance(s, dict) and "start" in s and (sp := _span(s, keys)) is not None:
            yield sp, s.get("cue") if isinstance(s.get("cue"), str) else cue


def predicted_denials(doc: dict[str, Any], keys: dict[str, str]) -> dict[Span, str | None]:
    """Every span the briefing marks as a denial or dispute, with its cue word when given."""
    out: dict[Span, str | None] = {}
    for st in _stories(doc, keys):
        for q in st["quotes"]:
            for r in q["renderings"]:
                stance = r.get("stance") or q.get("stance")
                if stance in DENY and (sp := _span(r, keys)) is not None:
                    out.setdefault(sp, r.get("cue") or q.get("cue"))
        for c in st["claims"]:
            for field in ("denied_by", "disputed_by"):
                for item in c.get(field) or []:
                    for sp, cue in _deny_spans(item, keys):
                        out.setdefault(sp, cue)
            for s in c["sources"]:
                if s.get("stance") in DENY and (sp := _span(s, keys)) is not None:
                    out.setdefault(sp, s.get("cue"))
    return out


def _same_cue(pred: str | None, gold: str) -> bool:
    """A cue word as given or inflected ("deny" / "denied", "reject" / "Rejects")."""
    if not pred:
        return False
    a, b = pred.lower().split(), gold.lower().split()
    return bool(a and b) and a[0][:4] == b[0][:4]


def denials(doc: dict[str, Any], gold: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
    """P/R of the denials and disputes the briefing marks, against the gold statements."""
    pred = predicted_denials(doc, keys)
    units = [(_g(d), d["cue"]["words"]) for d in gold["denials"]]
    tp_p = sum(any(_match(sp, g) for g, _ in units) for sp in pred)
    found = [any(_match(sp, g) for sp in pred) for g, _ in units]
    cue_right = sum(
        any(_match(sp, g) and _same_cue(cue, word) for sp, cue in pred.items()) for g, word in units
    )
    return {**_pr(tp_p, len(pred), sum(found), len(units)), "cue_right": cue_right}


def _judge(
    predicted: Iterable[tuple[str, list[Span]]],
    details: dict[str, list[list[Span]]],
    ambiguous: dict[str, list[list[Span]]],
) -> dict[str, Any]:
    """Predictions (article key, spans) against gold details (per key, lists of unit spans)."""
    tp = n = 0
    found: set[tuple[str, int]] = set()
    for key, spans in predicted:
        hits = [
            i
            for i, units in enumerate(details.get(key, []))
            if any(_match(s, u) for s in spans for u in units)
        ]
        if hits:
            tp += 1
            n += 1
            found |= {(key, i) for i in hits}
        elif not any(
            _match(s, u) for units in ambiguous.get(key, []) for s in spans for u in units
        ):
            n += 1
    total = sum(len(v) for v in details.values())
    return _pr(tp, n, len(found), total)


Judged = tuple[
    list[tuple[str, list[Span]]], dict[str, list[list[Span]]], dict[str, list[list[Span]]]
]


def _listed(doc: dict[str, Any], keys: dict[str, str], part: str) -> list[tuple[str, list[Span]]]:
    """(article key, spans) of each claim a story lists under ``part`` for an article: for
    ``unique`` the claim's sources in that article, for ``omissions`` all its sources."""
    predicted = []
    for st in _stories(doc, keys):
        claims = {c["id"]: c for c in st["claims"]}
        for aid, ids in st[part].items():
            if aid not in keys:
                continue
            for cid in ids:
                srcs = claims[cid]["sources"] if cid in claims else []
                if part == "unique":
                    srcs = [s for s in srcs if s["article_id"] == aid]
                predicted.append((keys[aid], [sp for s in srcs if (sp := _span(s, keys))]))
    return predicted


def _unique_parts(doc: dict[str, Any], gold: dict[str, Any], keys: dict[str, str]) -> Judged:
    details = {k: [[_g(u) for u in d["units"]] for d in v] for k, v in gold["unique"].items()}
    amb: dict[str, list[list[Span]]] = {}
    for u in gold["ambiguous"]["unique"]:
        amb.setdefault(u["article"], []).append([_g(u)])
    return _listed(doc, keys, "unique"), details, amb


def _omission_parts(doc: dict[str, Any], gold: dict[str, Any], keys: dict[str, str]) -> Judged:
    details = {
        k: [[_g(u) for u in d["stated_by"]] for d in v] for k, v in gold["omissions"].items()
    }
    amb: dict[str, list[list[Span]]] = {}
    for d in gold["ambiguous"]["omissions"]:
        stating = {u["article"] for u in d["stated_by"]}
        for a in gold["articles"]:
            if a["article"] not in stating:
                amb.setdefault(a["article"], []).append([_g(u) for u in d["stated_by"]])
    return _listed(doc, keys, "omissions"), details, amb


def unique(doc: dict[str, Any], gold: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
    """P/R of each article's unique details (a claim's sources in that article)."""
    return _judge(*_unique_parts(doc, gold, keys))


def omissions(doc: dict[str, Any], gold: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
    """P/R of each article's omissions (a claim, by its sources in the other articles)."""
    return _judge(*_omission_parts(doc, gold, keys))


def _wrong(parts: Judged) -> tuple[list[tuple[str, list[Span]]], list[tuple[str, int]]]:
    """The predictions that match no gold detail (nor an ambiguous one), and the gold details
    (article key, index) that no prediction matches."""
    predicted, details, amb = parts
    false, found = [], set()
    for key, spans in predicted:
        hits = [
            i
            for i, units in enumerate(details.get(key, []))
            if any(_match(s, u) for s in spans for u in units)
        ]
        found |= {(key, i) for i in hits}
        if not hits and not any(
            _match(s, u) for units in amb.get(key, []) for s in spans for u in units
        ):
            false.append((key, spans))
    missed = [(k, i) for k, v in details.items() for i in range(len(v)) if (k, i) not in found]
    return false, missed


def misses(doc: dict[str, Any], gold: dict[str, Any]) -> list[str]:
    """One line per false or missed unique detail and omission, to read why a figure is low:
    a false one gives the article and the spans it cites, a missed one the gold subject."""
    keys = article_keys(doc, gold)
    lines = []
    for part, parts, field in (
        ("unique", _unique_parts(doc, gold, keys), "units"),
        ("omission", _omission_parts(doc, gold, keys), "stated_by"),
    ):
        false, missed = _wrong(parts)
        for key, spans in false:
            cited = ", ".join(f"{Path(a).name[:24]} {s}-{e}" for a, s, e in spans)
            lines.append(f"false {part} of {Path(key).name[:24]}: {cited}")
        for key, i in missed:
            detail = gold["unique" if part == "unique" else "omissions"][key][i]
            where = ", ".join(
                f"{Path(u['article']).name[:24]} {u['start']}-{u['end']}" for u in detail[field]
            )
            lines.append(f"missed {part} of {Path(key).name[:24]}: {detail['subject']} ({where})")
    return lines


def score(doc: dict[str, Any], gold: dict[str, Any]) -> dict[str, Any]:
    """Every briefing figure of one gold set."""
    keys = article_keys(doc, gold)
    missing = {a["article"] for a in gold["articles"]} - set(keys.values())
    if missing:
        raise ValueError(f"briefing lacks gold articles: {sorted(missing)}")
    return {
        "quotes": quote_groups(doc, gold, keys),
        "denials": denials(doc, gold, keys),
        "unique": unique(doc, gold, keys),
        "omissions": omissions(doc, gold, keys),
        "stories": len(_stories(doc, keys)),
    }
