"""Score the extract stage: seed gold, PolNeAR attribution, TempEval-3 dates, ECB+ identity.

Run: ``.venv/bin/python benchmarks/extraction_eval.py [--quick] [--limit N] [--json OUT]``
(``--only polnear --split train`` to tune on PolNeAR's train split; report dev).

Matching rules (written once here, used everywhere below):
- a predicted quote matches a gold one when the character overlap is at least half the
  shorter span (``SPAN_OVERLAP``) and the speakers match; speakers are compared lowercased
  and match when equal or when their last words are equal, or differ only by transliteration
  (Indel similarity >= ``entities.FUZZY_MIN_RATIO``: "zelenskyy" / "zelensky");
- entity identity is B-cubed over gold mentions: each gold mention takes the entity of the
  predicted mention overlapping it most; unmatched gold mentions are singletons;
- PolNeAR attribution scoring and its rules live in ``polnear_eval.py``; the shared
  matching helpers in ``eval_common.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling scorer modules

from eval_common import match_pairs, names_match, overlaps, prf  # noqa: E402
from polnear_eval import score_polnear  # noqa: E402
from storyline.extract import extract_articles  # noqa: E402
from storyline.models import Article, Extraction, Quote  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
EVAL = ROOT.parent / "shared" / "eval"
GOLD = ROOT / "tests" / "gold"
ECB_TYPES = (
    "HUMAN_PART_PER",
    "HUMAN_PART_ORG",
    "HUMAN_PART_GPE",
    "LOC_GEO",
    "LOC_FAC",
    "LOC_OTHER",
)


def bcubed(gold: dict[Any, Any], pred: dict[Any, Any]) -> dict[str, float]:
    """B-cubed P/R/F1 over the items of ``gold`` (item -> cluster), ``pred`` likewise."""
    g_members: dict[Any, set[Any]] = defaultdict(set)
    p_members: dict[Any, set[Any]] = defaultdict(set)
    for item, c in gold.items():
        g_members[c].add(item)
        p_members[pred[item]].add(item)
    if not gold:
        return {"p": 0.0, "r": 0.0, "f1": 0.0}
    p = r = 0.0
    for item in gold:
        g, q = g_members[gold[item]], p_members[pred[item]]
        inter = len(g & q)
        p += inter / len(q)
        r += inter / len(g)
    p, r = p / len(gold), r / len(gold)
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _pred_entity(ex: Extraction, span: tuple[int, int]) -> str | None:
    best, best_len = None, 0
    for m in ex.mentions:
        inter = min(m.end, span[1]) - max(m.start, span[0])
        if m.entity_id and inter > best_len:
            best, best_len = m.entity_id, inter
    return best


# -- seeds -----------------------------------------------------------------------------------
def seed_run() -> tuple[list[Article], dict[str, dict], Any]:
    gold = {p.name.split(".")[0]: json.loads(p.read_text()) for p in GOLD.glob("*.extract.json")}
    arts = []
    for stem, g in sorted(gold.items()):
        path = SEEDS / g.get("file", f"{stem}.txt")
        arts.append(
            Article(
                id=stem,
                source_path=str(path),
                text=path.read_text(encoding="utf-8"),
                fmt="txt",
                published=g.get("published"),
            )
        )
    anchors = {stem: g["anchor"] for stem, g in gold.items() if g.get("anchor")}
    return arts, gold, extract_articles(arts, anchors=anchors)


def seed_scores() -> dict[str, float]:
    """The seed metrics the gate checks: flat ``{"seeds.<metric>": value}``."""
    arts, gold, result = seed_run()
    scores: dict[str, float] = {}
    tp_p = tp_g = n_pred = n_gold = 0
    g_ent: dict[tuple[str, int, int], str] = {}
    p_ent: dict[tuple[str, int, int], str] = {}
    for ex in result.extractions:
        g = gold[ex.article_id]

        def ok(q: Quote, gq: dict) -> bool:
            return overlaps((q.start, q.end), (gq["start"], gq["end"])) and names_match(
                q.speaker_name, gq.get("speaker")
            )

        tp_p += match_pairs(ex.quotes, g["quotes"], ok)
        tp_g += match_pairs(g["quotes"], ex.quotes, lambda gq, q: ok(q, gq))
        n_pred += len(ex.quotes)
        n_gold += len(g["quotes"])
        for ent in g.get("entities", []):
            for s, e in ent["mentions"]:
                key = (ex.article_id, s, e)
                g_ent[key] = f"{ent['type']}:{ent['name']}"
                p_ent[key] = _pred_entity(ex, (s, e)) or f"single:{key}"
    for k, v in prf(tp_p, n_pred, tp_g, n_gold).items():
        scores[f"seeds.quote_speaker.{k}"] = v
    for k, v in bcubed(g_ent, p_ent).items():
        scores[f"seeds.entity_bcubed.{k}"] = v
    scores.update(_seed_quantities_dates(result.extractions, gold))
    return scores


def _seed_quantities_dates(exs: list[Extraction], gold: dict[str, dict]) -> dict[str, float]:
    try:
        from eval_quantities_dates import score_seed_dates, score_seed_quantities
    except ImportError:
        print("notice: benchmarks/eval_quantities_dates.py missing; quantities/dates skipped")
        return {}
    out: dict[str, float] = {}
    for name, fn, attr in (
        ("quantities", score_seed_quantities, "quantities"),
        ("dates", score_seed_dates, "dates"),
    ):
        res = fn({ex.article_id: getattr(ex, attr) for ex in exs}, gold)
        out.update(_flatten(f"seeds.{name}", res))
    return out


def _flatten(prefix: str, res: dict[str, Any]) -> dict[str, float]:
    """Numeric leaves of a nested score dict as ``prefix.key.sub`` (spaces -> underscores)."""
    out: dict[str, float] = {}
    for k, v in res.items():
        key = f"{prefix}.{str(k).replace(' ', '_')}"
        if isinstance(v, dict):
            out.update(_flatten(key, v))
        elif isinstance(v, int | float) and not isinstance(v, bool):
            out[key] = float(v)
    return out


# -- PolNeAR ---------------------------------------------------------------------------------
# -- ECB+ ------------------------------------------------------------------------------------
_NO_SPACE_BEFORE = {".", ",", ":", ";", "!", "?", ")", "'s", "’s", "n't", "%", "'", "''"}


def ecb_doc(path: Path, keep: set[int]) -> tuple[Article, dict[tuple[int, int], str]]:
    """Rebuild one document with character offsets for each gold mention in kept sentences."""
    root = ET.parse(path).getroot()
    pieces: list[str] = []
    pos: dict[str, tuple[int, int]] = {}
    sent_of: dict[str, int] = {}
    cur, prev_sent = 0, None
    for tok in root.iter("token"):
        word, sent = (tok.text or "").strip(), int(tok.get("sentence", "0"))
        sep = (
            ""
            if cur == 0
            else "\n"
            if sent != prev_sent
            else ("" if word in _NO_SPACE_BEFORE or pieces[-1] in ("(", "$") else " ")
        )
        pieces += [sep, word]
        cur += len(sep)
        pos[tok.get("t_id", "")] = (cur, cur + len(word))
        sent_of[tok.get("t_id", "")] = sent
        cur += len(word)
        prev_sent = sent
    text = "".join(pieces)
    cluster: dict[str, str] = {}
    for rel in root.iter():
        if rel.tag in ("CROSS_DOC_COREF", "INTRA_DOC_COREF"):
            tgt = rel.find("target")
            local = tgt.get("m_id") if tgt is not None else rel.get("r_id")
            key = rel.get("note") if rel.tag == "CROSS_DOC_COREF" else f"{path.stem}:{local}"
            for src in rel.findall("source"):
                cluster[src.get("m_id", "")] = str(key)
    gold: dict[tuple[int, int], str] = {}
    markables = root.find("Markables")
    for mk in markables if markables is not None else []:
        ids = [a.get("t_id", "") for a in mk.findall("token_anchor")]
        if mk.tag not in ECB_TYPES or not ids or any(sent_of.get(i) not in keep for i in ids):
            continue
        span = (pos[ids[0]][0], pos[ids[-1]][1])
        gold[span] = cluster.get(mk.get("m_id", ""), f"single:{path.stem}:{span}")
    art = Article(id=path.stem, source_path=str(path), text=text, fmt="txt")
    return art, gold


def score_ecbplus(limit: int | None = None) -> dict[str, float]:
    base = EVAL / "ecbplus"
    keep: dict[str, set[int]] = defaultdict(set)
    for line in (base / "ECBplus_coreference_sentences.csv").read_text().splitlines()[1:]:
        topic, doc, sent = line.split(",")
        keep[f"{topic}_{doc}"].add(int(sent))
    topics = sorted(
        (p for p in (base / "ECB+").iterdir() if p.is_dir()),
        key=lambda p: int(p.name) if p.name.isdigit() else 0,
    )[:limit]
    g_all: dict[Any, str] = {}
    p_all: dict[Any, str] = {}
    named: set[Any] = set()
    for topic in topics:
        docs = [ecb_doc(p, keep[p.stem]) for p in sorted(topic.glob("*.xml")) if p.stem in keep]
        result = extract_articles([a for a, _ in docs])
        for (art, gold), ex in zip(docs, result.extractions, strict=True):
            for span, c in gold.items():
                key = (topic.name, art.id, span)
                g_all[key] = f"{topic.name}:{c}"
                p_all[key] = _pred_entity(ex, span) or f"single:{key}"
                if art.text[span[0] : span[0] + 1].isupper():
                    named.add(key)
    out = {f"ecbplus.bcubed.{k}": v for k, v in bcubed(g_all, p_all).items()}
    sub = {k: v for k, v in g_all.items() if k in named}
    out.update({f"ecbplus.named.bcubed.{k}": v for k, v in bcubed(sub, p_all).items()})
    out["ecbplus.mentions"] = float(len(g_all))
    return out


def _print(scores: dict[str, float]) -> None:
    for k, v in scores.items():
        print(f"{k:45s} {v:.3f}")


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Score extraction. Example: python benchmarks/extraction_eval.py --quick"
    )
    ap.add_argument("--quick", action="store_true", help="seed gold only")
    ap.add_argument("--limit", type=int, default=None, help="PolNeAR articles / ECB+ topics")
    ap.add_argument("--json", type=Path, default=None, help="write all scores here")
    ap.add_argument(
        "--split",
        default="dev",
        choices=("train", "dev"),
        help="PolNeAR split (tune on train, report dev)",
    )
    ap.add_argument(
        "--dump",
        type=Path,
        default=None,
        help="PolNeAR: write direct-quote errors as JSON lines here",
    )
    ap.add_argument(
        "--only",
        choices=("seeds", "polnear", "tempeval", "ecbplus"),
        default=None,
        help="score one part only",
    )
    args = ap.parse_args(list(argv) if argv is not None else None)
    scores: dict[str, float] = {}
    if args.only in (None, "seeds"):
        scores = seed_scores()
        _print(scores)
    parts: dict[str, Callable[[int | None], dict[str, float]]] = {
        "polnear": lambda n: score_polnear(n, args.split, args.dump),
        "tempeval": _tempeval,
        "ecbplus": score_ecbplus,
    }
    if not args.quick:
        for name, part in parts.items():
            if args.only in (None, name):
                res = part(args.limit)
                _print(res)
                scores.update(res)
    if args.json:
        args.json.write_text(json.dumps(scores, indent=1))
    return 0


def _tempeval(limit: int | None) -> dict[str, float]:
    try:
        from eval_quantities_dates import score_tempeval
    except ImportError:
        print("notice: benchmarks/eval_quantities_dates.py missing; TempEval skipped")
        return {}
    return _flatten("tempeval", score_tempeval(limit=limit))


if __name__ == "__main__":
    raise SystemExit(main())
