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
- PolNeAR (dev split, first annotator's file of each article) scores (content, speaker)
  pairs exactly (same content after trimming quotes/punctuation) and with >= 50 % token
  overlap of the shorter content; the speaker matches when the predicted speaker span overlaps
  the gold Source span or the names match as above. Direct quotes are gold contents that sit
  inside quotation marks, scored against predicted ``direct`` quotes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Indel

from storyline.extract import extract_articles
from storyline.extract.entities import FUZZY_MIN_RATIO
from storyline.models import Article, Extraction, Quote

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
EVAL = ROOT.parent / "shared" / "eval"
GOLD = ROOT / "tests" / "gold"
# Half the shorter span: a quote trimmed of a trailing comma or a leading "that" still counts.
SPAN_OVERLAP = 0.5
_WORD = re.compile(r"\w+")
_QUOTE_CHARS = "\"“”‘’'«»"
# A closed pair of marks, or a mark left open to the end of its paragraph.
_QUOTED = re.compile(r'“[^”]*(?:”|$)|"[^"]*(?:"|$)|«[^»]*(?:»|$)')
# Share of a gold content's words inside marks that makes it a direct quote: a lead-in
# ("the stage itself: “...”") keeps a mostly quoted content direct.
DIRECT_QUOTED_SHARE = 0.5
GOLD_PRONOUNS = frozenset({"he", "she", "his", "her", "him"})
ECB_TYPES = ("HUMAN_PART_PER", "HUMAN_PART_ORG", "HUMAN_PART_GPE", "LOC_GEO", "LOC_FAC",
             "LOC_OTHER")


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def names_match(a: str | None, b: str | None) -> bool:
    """Lowercased equal, same last word, or last words that are transliteration variants."""
    if not a or not b:
        return not a and not b
    x, y = a.lower().replace("’s", "").split(), b.lower().replace("’s", "").split()
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
        arts.append(Article(id=stem, source_path=str(path), text=path.read_text(encoding="utf-8"),
                            fmt="txt", published=g.get("published")))
    anchors = {stem: g["anchor"] for stem, g in gold.items() if g.get("anchor")}
    return arts, gold, extract_articles(arts, anchors=anchors)


def seed_scores() -> dict[str, float]:
    """The seed metrics the gate checks: flat ``{"seeds.<metric>": value}``."""
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:  # the quantities/dates scorers live beside this script
        sys.path.insert(0, here)
    arts, gold, result = seed_run()
    scores: dict[str, float] = {}
    tp_p = tp_g = n_pred = n_gold = 0
    g_ent: dict[tuple[str, int, int], str] = {}
    p_ent: dict[tuple[str, int, int], str] = {}
    for ex in result.extractions:
        g = gold[ex.article_id]

        def ok(q: Quote, gq: dict) -> bool:
            return overlaps((q.start, q.end), (gq["start"], gq["end"])) and names_match(
                q.speaker_name, gq.get("speaker"))

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
    for name, fn, attr in (("quantities", score_seed_quantities, "quantities"),
                           ("dates", score_seed_dates, "dates")):
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
def _brat(path: Path) -> list[dict[str, Any]]:
    spans: dict[str, tuple[str, int, int]] = {}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, *rest = parts[1].split(" ")
            nums = [int(x) for x in re.findall(r"\d+", " ".join(rest))]
            spans[parts[0]] = (kind, min(nums), max(nums))
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(a.split(":") for a in parts[1].split() if ":" in a)
            rec = {r: spans[t][1:] for r, t in roles.items() if t in spans and r != "Attribution"}
            if "Content" in rec:
                out.append(rec)
    return out


def polnear_docs(limit: int | None, split: str = "dev") -> list[tuple[Article, list[dict]]]:
    """Articles of one PolNeAR split with the first annotator's attributions (README)."""
    base = EVAL / "polnear" / split
    docs = []
    for txt in sorted((base / "text").glob("*.txt"))[:limit]:
        anns = sorted((base / "attributions").glob(f"{txt.stem}_*.ann"))
        if not anns:
            continue
        art = Article(id=txt.stem, source_path=str(txt), text=txt.read_text(encoding="utf-8"),
                      fmt="txt")
        docs.append((art, _brat(anns[0])))
    return docs


def _tokens(text: str, s: int, e: int) -> set[int]:
    return {m.start() + s for m in _WORD.finditer(text[s:e])}


def quoted_chars(text: str) -> set[int]:
    """Character offsets inside quotation marks, found independently of the system scored.

    Pairs close within a paragraph; a paragraph whose quote is never closed runs to its end
    (the news convention for a quotation over several paragraphs).
    """
    inside: set[int] = set()
    pos = 0
    for line in text.split("\n"):
        for m in _QUOTED.finditer(line):
            inside.update(range(pos + m.start(), pos + m.end()))
        pos += len(line) + 1
    return inside


def _is_direct(text: str, s: int, e: int, inside: set[int]) -> bool:
    """A gold content is a direct quote when most of its words sit inside quotation marks:
    PolNeAR keeps a lead-in and a quote split by its cue in one content span."""
    toks = _tokens(text, s, e)
    return bool(toks) and sum(t in inside for t in toks) >= DIRECT_QUOTED_SHARE * len(toks)


def attributions(ex: Extraction) -> list[Quote]:
    """Predicted attributions in PolNeAR's shape.

    PolNeAR's unit is one attribution: a quote split by its cue (the two parts share the cue
    token) is one content span, and a reported clause nested in another attribution's content
    is part of it. Quoted words with neither cue nor speaker (scare quotes, titles) are not
    attributions.
    """
    qs = [q for q in ex.quotes if not any(
        o is not q and o.start <= q.start and q.end <= o.end and o.kind == "reported"
        for o in ex.quotes)]
    qs = [q for q in qs if q.kind != "partial" or q.speaker is not None or q.cue_start]
    merged: dict[Any, Quote] = {}
    out: list[Quote] = []
    for q in qs:
        key = (q.cue_start, q.speaker_start)
        if q.cue_start is None or key not in merged:
            q = replace(q)
            out.append(q)
            if q.cue_start is not None:
                merged[key] = q
            continue
        first = merged[key]
        first.start, first.end = min(first.start, q.start), max(first.end, q.end)
        if q.kind == "direct":
            first.kind = "direct"
    return out


def _named_sources(text: str, gold: list[dict[str, Any]]) -> dict[tuple[int, int], str]:
    """Gold pronoun Sources ("he said") read as the last named gold Source before them.

    PolNeAR marks the pronoun, not its referent; a system that resolves "he" to "McCain"
    is right when McCain is the person last named as a source, which is how news writing
    uses "he said" (the approximation is in the scorer, so it is the same for every system).
    """
    out: dict[tuple[int, int], str] = {}
    last: str | None = None
    for src in sorted(tuple(g["Source"]) for g in gold if "Source" in g):
        written = text[src[0]:src[1]]
        if written.lower() in GOLD_PRONOUNS:
            if last is not None:
                out[src] = last
        else:
            last = written
    return out


def score_polnear(limit: int | None = None, split: str = "dev") -> dict[str, float]:
    docs = polnear_docs(limit, split)
    result = extract_articles([a for a, _ in docs])
    tot: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    right = matched = 0
    for (art, gold), ex in zip(docs, result.extractions, strict=True):
        text = art.text
        inside = quoted_chars(text)
        preds = attributions(ex)

        def content_ok(q: Quote, g: dict, exact: bool, text: str = text) -> bool:
            if exact:
                return text[q.start:q.end].strip(_QUOTE_CHARS + " .,") == text[
                    g["Content"][0]:g["Content"][1]].strip(_QUOTE_CHARS + " .,")
            a, b = _tokens(text, q.start, q.end), _tokens(text, *g["Content"])
            return bool(a and b) and len(a & b) >= SPAN_OVERLAP * min(len(a), len(b))

        named = _named_sources(text, gold)

        def speaker_ok(q: Quote, g: dict, text: str = text,
                       named: dict[tuple[int, int], str] = named) -> bool:
            if "Source" not in g:
                return q.speaker is None
            gs = g["Source"]
            if q.speaker_start is not None and overlaps((q.speaker_start, q.speaker_end), gs, 0):
                return True
            return names_match(q.speaker_name, text[gs[0]:gs[1]]) or names_match(
                q.speaker_name, named.get(gs))

        direct_gold = [g for g in gold if _is_direct(text, *g["Content"], inside)]
        direct_pred = [q for q in preds if q.kind != "reported"]
        for name, ps, gs in (("all", preds, gold), ("direct", direct_pred, direct_gold)):
            for exact in (True, False):
                def ok(q: Quote, g: dict, exact: bool = exact) -> bool:
                    return content_ok(q, g, exact) and speaker_ok(q, g)
                row = tot[f"{name}.{'exact' if exact else 'overlap'}"]
                row[0] += match_pairs(ps, gs, ok)
                row[1] += len(ps)
                row[2] += match_pairs(gs, ps, lambda g, q, ok=ok: ok(q, g))
                row[3] += len(gs)
        for q in direct_pred:
            g = next((g for g in direct_gold if content_ok(q, g, False)), None)
            if g is not None:
                matched += 1
                right += speaker_ok(q, g)
        tot["direct.content"][0] += match_pairs(
            direct_pred, direct_gold, lambda q, g: content_ok(q, g, False))
        tot["direct.content"][1] += len(direct_pred)
        tot["direct.content"][2] += match_pairs(
            direct_gold, direct_pred, lambda g, q: content_ok(q, g, False))
        tot["direct.content"][3] += len(direct_gold)
    out: dict[str, float] = {}
    for key, (tp_p, n_p, tp_g, n_g) in tot.items():
        for k, v in prf(tp_p, n_p, tp_g, n_g).items():
            out[f"polnear.{key}.{k}"] = v
    out["polnear.direct.speaker_right"] = right / matched if matched else 0.0
    out["polnear.articles"] = float(len(docs))
    return out


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
        sep = "" if cur == 0 else "\n" if sent != prev_sent else (
            "" if word in _NO_SPACE_BEFORE or pieces[-1] in ("(", "$") else " ")
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
    topics = sorted((p for p in (base / "ECB+").iterdir() if p.is_dir()), key=lambda p: int(
        p.name) if p.name.isdigit() else 0)[:limit]
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
                if art.text[span[0]:span[0] + 1].isupper():
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
    ap = argparse.ArgumentParser(description="Score extraction. Example: "
                                 "python benchmarks/extraction_eval.py --quick")
    ap.add_argument("--quick", action="store_true", help="seed gold only")
    ap.add_argument("--limit", type=int, default=None, help="PolNeAR articles / ECB+ topics")
    ap.add_argument("--json", type=Path, default=None, help="write all scores here")
    ap.add_argument("--split", default="dev", choices=("train", "dev"),
                    help="PolNeAR split (tune on train, report dev)")
    ap.add_argument("--only", choices=("seeds", "polnear", "tempeval", "ecbplus"), default=None,
                    help="score one part only")
    args = ap.parse_args(list(argv) if argv is not None else None)
    scores: dict[str, float] = {}
    if args.only in (None, "seeds"):
        scores = seed_scores()
        _print(scores)
    parts: dict[str, Callable[[int | None], dict[str, float]]] = {
        "polnear": lambda n: score_polnear(n, args.split), "tempeval": _tempeval,
        "ecbplus": score_ecbplus}
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
