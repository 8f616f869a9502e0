"""Score quote and reported-speech extraction against PolNeAR attribution gold.

Run through ``benchmarks/extraction_eval.py --only polnear --split train|dev`` (tune on train,
report dev). Rules, written once here:
- gold: the dev (or train) split, the first annotator's ``.ann`` file of each article in name
  order (the eval README); every brat event with a Content span is one attribution, with its
  Source span when it has one;
- a pair matches *exactly* when the contents are equal after trimming quotation marks, spaces
  and ``.,``, and *with overlap* when the shared word tokens are at least ``SPAN_OVERLAP`` of
  the shorter content's; the speaker matches when the predicted speaker span overlaps the gold
  Source span or the names match (``eval_common.names_match``); a gold pronoun Source is also
  read as the last named gold Source before it; a gold attribution without a Source wants no
  speaker;
- recall matches gold to predictions one to one; precision lets the fragments of one gold
  attribution count as one prediction (``fragment_matches`` says why: one-to-one precision
  charged the regex baseline 173 false alarms on dev that were all second fragments of a
  quoted attribution); the one-to-one figures are printed too (``*.overlap_one_to_one``);
- a gold content is *direct* when at least ``DIRECT_QUOTED_SHARE`` of its words sit inside
  quotation marks (closed in the paragraph, or left open to its end; straight, curly, or the
  doubled apostrophes of the New York Times text, which the first version of this scorer
  missed, so its NYT quotations counted as reported speech), found on the text
  independently of the system; it is scored against predicted quotes of kind direct/partial:
  recall over direct gold contents, precision against *every* gold attribution, since
  PolNeAR files a quotation inside reported speech ("called it “a disgrace”") under that
  reported attribution, and a quote found there is attributed material, not a false alarm;
- ``attributions`` puts our quotes in PolNeAR's shape before scoring (see there);
- the *regex baseline* is every span between a pair of quotation marks (within a paragraph)
  taken as a direct quote with no speaker: its content-only direct F1 is the floor any
  extractor must beat, printed beside ours.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from eval_common import SPAN_OVERLAP, match_pairs, names_match, overlaps, prf
from storyline.extract import extract_articles
from storyline.models import Article, Extraction, Quote

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
_WORD = re.compile(r"\w+")
_QUOTE_CHARS = "\"“”‘’'«»"
# A closed pair of marks, or a mark left open to the end of its paragraph. The New York
# Times text in PolNeAR writes a double quotation mark as two apostrophes (''like this'').
_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|«[^»]*(?:»|$)|''.*?(?:''|$)")
# The bare baseline: a closed pair of marks only, straight, curly or doubled apostrophes.
_BASELINE = re.compile(r"“([^”\n]+)”|\"([^\"\n]+)\"|«([^»\n]+)»|''([^\n]+?)''")
# Share of a gold content's words inside marks that makes it a direct quote: a lead-in
# ("the stage itself: “...”") keeps a mostly quoted content direct.
DIRECT_QUOTED_SHARE = 0.5
GOLD_PRONOUNS = frozenset({"he", "she", "his", "her", "him"})


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
        art = Article(
            id=txt.stem, source_path=str(txt), text=txt.read_text(encoding="utf-8"), fmt="txt"
        )
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


def attributions(ex: Extraction, text: str) -> list[Quote]:
    """Predicted attributions in PolNeAR's shape.

    PolNeAR's attributions are our quotes and stances together (an attribution "describes
    the internal state (thoughts, intentions, etc.)" of its source too, says its README). Its
    unit is one attribution: a quote split by its cue (the two parts share the cue token) is
    one content span, and a reported clause nested in another attribution's content is part
    of it (so is a partial quote: 'says he's “excited where we stand”' is one content).
    A merged content counts as a direct quote by the rule the gold gets (``_is_direct``), so
    system and gold are classed alike. Quoted words with neither cue nor speaker (scare
    quotes, titles) are not attributions.
    """
    inside = quoted_chars(text)
    every = ex.quotes + ex.stances
    qs = [
        q
        for q in every
        if not any(
            o is not q and o.start <= q.start and q.end <= o.end and o.kind == "reported"
            for o in every
        )
    ]
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
    for q in out:
        if q.kind == "reported" and _is_direct(text, q.start, q.end, inside):
            q.kind = "direct"
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
        written = text[src[0] : src[1]]
        if written.lower() in GOLD_PRONOUNS:
            if last is not None:
                out[src] = last
        else:
            last = written
    return out


def baseline_quotes(article: Article) -> list[Quote]:
    """The bare regex baseline: every closed pair of quotation marks, no speaker."""
    out = []
    for m in _BASELINE.finditer(article.text):
        g = next(k for k in (1, 2, 3, 4) if m.group(k) is not None)
        out.append(Quote(article.id, m.start(g), m.end(g), m.group(g), "direct"))
    return out


def fragment_matches(
    ps: list[Any], gs: list[Any], ok: Callable[[Any, Any], bool]
) -> tuple[int, int]:
    """(matched, counted) predictions when the fragments of one gold attribution count once.

    PolNeAR's unit is the attribution, and one attribution often holds several quoted
    fragments (a quote split by its cue: "“A,” he said. “B.”"; a list: 'called him a “liar,”
    “amoral” and a “bully”'). A system that reports each fragment with the right speaker has
    said nothing false, yet one-to-one matching counts every fragment after the first as a
    false alarm: on dev that was 173 of the 840 spans of the bare quotation-mark baseline,
    all of them inside a gold attribution. So a prediction that fits only gold attributions
    already claimed by another prediction joins that one as a fragment (counted neither as a
    hit nor as a prediction); a prediction that fits none is a false alarm. Splitting a quote
    into pieces therefore neither helps nor hurts.
    """
    claimed: set[int] = set()
    unmatched = 0
    for p in ps:
        hits = [j for j, g in enumerate(gs) if ok(p, g)]
        if not hits:
            unmatched += 1
            continue
        free = [j for j in hits if j not in claimed]
        claimed.add(free[0] if free else hits[0])
    return len(claimed), len(claimed) + unmatched


def _add(
    row: list[int],
    ps: list[Any],
    gs: list[Any],
    ok: Callable[[Any, Any], bool],
    gs_for_p: list[Any] | None = None,
    one_to_one: bool = False,
) -> None:
    """Add matches to a (tp_pred, n_pred, tp_gold, n_gold) row; precision is judged against
    ``gs_for_p`` when given (every gold attribution, for the direct-quote rows), fragments of
    one attribution counting once (``fragment_matches``) unless ``one_to_one``."""
    pg = gs if gs_for_p is None else gs_for_p
    if one_to_one:
        row[0] += match_pairs(ps, pg, ok)
        row[1] += len(ps)
    else:
        tp, n = fragment_matches(ps, pg, ok)
        row[0] += tp
        row[1] += n
    row[2] += match_pairs(gs, ps, lambda g, q: ok(q, g))
    row[3] += len(gs)


class _Judge:
    """Content and speaker matching for one article (rules in the module docstring)."""

    def __init__(self, text: str, gold: list[dict[str, Any]]) -> None:
        self.text = text
        self.named = _named_sources(text, gold)

    def content(self, q: Quote, g: dict, exact: bool = False) -> bool:
        text = self.text
        if exact:
            return text[q.start : q.end].strip(_QUOTE_CHARS + " .,") == text[
                g["Content"][0] : g["Content"][1]
            ].strip(_QUOTE_CHARS + " .,")
        a, b = _tokens(text, q.start, q.end), _tokens(text, *g["Content"])
        return bool(a and b) and len(a & b) >= SPAN_OVERLAP * min(len(a), len(b))

    def speaker(self, q: Quote, g: dict) -> bool:
        if "Source" not in g:
            return q.speaker is None
        gs = g["Source"]
        if q.speaker_start is not None and overlaps((q.speaker_start, q.speaker_end), gs, 0):
            return True
        return names_match(q.speaker_name, self.text[gs[0] : gs[1]]) or names_match(
            q.speaker_name, self.named.get(gs)
        )


def score_polnear(
    limit: int | None = None, split: str = "dev", dump: Path | None = None
) -> dict[str, float]:
    """PolNeAR scores; ``dump`` writes one JSON line per direct miss (ours vs the baseline)."""
    docs = polnear_docs(limit, split)
    result = extract_articles([a for a, _ in docs])
    tot: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    right = matched = 0
    misses: list[dict[str, Any]] = []
    for (art, gold), ex in zip(docs, result.extractions, strict=True):
        text = art.text
        judge = _Judge(text, gold)
        preds = attributions(ex, text)
        direct_gold = [g for g in gold if _is_direct(text, *g["Content"], quoted_chars(text))]
        direct_pred = [q for q in preds if q.kind != "reported"]
        for name, ps, gs in (("all", preds, gold), ("direct", direct_pred, direct_gold)):
            for exact in (True, False):

                def ok(q: Quote, g: dict, exact: bool = exact, judge: _Judge = judge) -> bool:
                    return judge.content(q, g, exact) and judge.speaker(q, g)

                _add(tot[f"{name}.{'exact' if exact else 'overlap'}"], ps, gs, ok, gold)
                if not exact:  # the stricter rule, printed for comparison
                    _add(tot[f"{name}.overlap_one_to_one"], ps, gs, ok, gold, one_to_one=True)
        for q in direct_pred:
            g = next((g for g in direct_gold if judge.content(q, g)), None)
            if g is not None:
                matched += 1
                right += judge.speaker(q, g)
        base = baseline_quotes(art)
        _add(tot["direct.content"], direct_pred, direct_gold, judge.content, gold)
        _add(
            tot["direct.content_one_to_one"],
            direct_pred,
            direct_gold,
            judge.content,
            gold,
            one_to_one=True,
        )
        _add(tot["baseline.direct.content"], base, direct_gold, judge.content, gold)
        _add(
            tot["baseline.direct.content_one_to_one"],
            base,
            direct_gold,
            judge.content,
            gold,
            one_to_one=True,
        )
        if dump is not None:
            misses += _misses(art, gold, direct_gold, direct_pred, base, judge)
    if dump is not None:
        dump.write_text("".join(json.dumps(m) + "\n" for m in misses))
    out: dict[str, float] = {}
    for key, (tp_p, n_p, tp_g, n_g) in tot.items():
        for k, v in prf(tp_p, n_p, tp_g, n_g).items():
            out[f"polnear.{key}.{k}"] = v
    out["polnear.direct.speaker_right"] = right / matched if matched else 0.0
    out["polnear.articles"] = float(len(docs))
    return out


def _misses(
    art: Article,
    gold: list[dict],
    direct_gold: list[dict],
    preds: list[Quote],
    base: list[Quote],
    judge: _Judge,
) -> list[dict[str, Any]]:
    """Direct-quote errors for reading: false positives, misses, wrong speakers."""
    t = art.text
    out: list[dict[str, Any]] = []
    for q in preds:
        g = next((g for g in gold if judge.content(q, g)), None)
        in_base = any(judge.content(q, {"Content": (b.start, b.end)}) for b in base)
        if g is None:
            anyg = next((g for g in gold if judge.content(q, g)), None)
            out.append(
                {
                    "doc": art.id,
                    "err": "fp",
                    "kind": q.kind,
                    "text": t[q.start : q.end],
                    "in_base": in_base,
                    "gold_any": None
                    if anyg is None
                    else t[anyg["Content"][0] : anyg["Content"][1]],
                    "ctx": t[max(0, q.start - 80) : q.end + 40],
                }
            )
        elif not judge.speaker(q, g):
            gs = g.get("Source")
            out.append(
                {
                    "doc": art.id,
                    "err": "spk",
                    "text": t[q.start : q.end][:80],
                    "pred": q.speaker,
                    "pred_name": q.speaker_name,
                    "gold": None if gs is None else t[gs[0] : gs[1]],
                    "ctx": t[max(0, q.start - 150) : q.end + 80],
                }
            )
    for g in direct_gold:
        if not any(judge.content(q, g) for q in preds):
            c = g["Content"]
            out.append(
                {
                    "doc": art.id,
                    "err": "fn",
                    "text": t[c[0] : c[1]],
                    "in_base": any(judge.content(b, g) for b in base),
                    "ctx": t[max(0, c[0] - 100) : c[1] + 40],
                }
            )
    return out
