"""Build the briefing: the JSON contract of the reconcile stage, one entry per story.

Everything text-like is embedded in one batched call for the whole run (units, quotes, counted
phrases, headlines), because the model call dominates the stage's cost; after that each story is
matrix arithmetic over its own units, so the stage grows with the size of stories, not with the
square of the archive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from storyline.briefing import SCHEMA_VERSION, Briefing, storyline_json
from storyline.briefing import Article as BriefArticle
from storyline.language import is_english
from storyline.models import Article, Entity, Extraction, Quote, Story
from storyline.reconcile import claims as cl
from storyline.reconcile import conflicts as cf
from storyline.reconcile import omissions as om
from storyline.reconcile.align import (
    LINK_SCORE,
    align,
    embed,
    load_embedder,
    medoid,
    same_quotation,
    scores,
)
from storyline.reconcile.credits import credited_families
from storyline.reconcile.date_conflicts import date_conflicts
from storyline.reconcile.denials import join_by_target, link_denials, title_stances
from storyline.reconcile.details import detail_claims
from storyline.reconcile.framing import framing
from storyline.reconcile.ids import StoryIds
from storyline.reconcile.lines import opening_line, summary, timeline
from storyline.reconcile.quote_conflicts import attribution_conflicts, quote_conflict
from storyline.reconcile.quote_groups import comparable
from storyline.reconcile.quotes import (
    Quotation,
    card_quotes,
    cut_off,
    evidence,
    group_quotes,
    is_quoted,
    narration,
    outermost,
)
from storyline.reconcile.referents import named_places, place_ids
from storyline.reconcile.run_entities import RunEntities
from storyline.reconcile.stance import ASSERT, card_stance, stance_of
from storyline.reconcile.story_cap import capped
from storyline.reconcile.strays import split_strays
from storyline.reconcile.tallies import tally_conflicts
from storyline.reconcile.unique import unique_details
from storyline.reconcile.units import Unit, article_quotes, build_units

# BLAS threads for a story's matrices (similarities of a few hundred units). One: the
# products are too small to share out, and OpenBLAS's second thread spins while it waits, so
# on ``analyze_speed.py`` (300 articles, 1 worker) reconcile took 4.19 CPU s with two threads
# and 2.96 with one, in the same wall time.
RECONCILE_BLAS_THREADS = 1


class _Texts:
    """Collects every text to embed so the model runs once, then hands back vectors."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def add(self, text: str) -> None:
        self.index.setdefault(text, len(self.index))

    def encode(self, embedder: Any) -> None:
        self.vecs = embed(embedder, list(self.index))

    def of(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts``; a text never added gets a zero vector (similar to nothing)."""
        dim = self.vecs.shape[1] if self.vecs.size else 1
        out = np.zeros((len(texts), dim), np.float32)
        for k, t in enumerate(texts):
            if (i := self.index.get(t)) is not None:
                out[k] = self.vecs[i]
        return out


def _title(article: Article) -> tuple[str | None, int | None]:
    if article.title_span:
        s, e = article.title_span
        return article.text[s:e], s
    return article.title, None


def _families(story: Story) -> dict[str, str]:
    family_of = {aid: fam.id for fam in story.families for aid in fam.article_ids}
    for aid in story.article_ids:
        family_of.setdefault(aid, f"{story.id}-solo-{aid}")
    return family_of


def _family_json(story: Story, family_of: dict[str, str]) -> list[dict[str, Any]]:
    wires = {f.id: f.wire for f in story.families}
    out: dict[str, dict[str, Any]] = {}
    for aid in story.article_ids:
        fid = family_of[aid]
        out.setdefault(fid, {"id": fid, "article_ids": [], "wire": wires.get(fid)})
        out[fid]["article_ids"].append(aid)
    return list(out.values())


def build_briefing(
    articles: Sequence[Article],
    extractions: Sequence[Extraction],
    entities: Sequence[Entity] | RunEntities,
    stories: Sequence[Story],
    *,
    embedder: Any = None,
    options: dict[str, Any] | None = None,
) -> Briefing:
    """The briefing for every story: claims, conflicts, quotes, unique details, timeline, and
    the storyline each story belongs to (``storylines``: its earlier and later stories).

    ``embedder`` is a sentence-transformers model (``load_embedder()``); pass it in to load it
    once per process. ``entities`` may come indexed (``RunEntities.of``), made once for the
    batches of one run. Every span in the result satisfies ``text[start:end] == span.text``.
    The document's ``made_by`` records what made it (``made_by``): storyline's version, the
    extractor and encoder ids, and ``options``, the run's options as the caller names them.
    ``articles`` may hold others than the stories': the document lists the stories' own.
    """
    from storyline.cluster import storylines_of  # spaCy's stop words: only when building

    cited = {aid for s in stories for aid in s.article_ids}
    articles = [a for a in articles if a.id in cited]  # the document lists its stories' own
    by_id = {a.id: a for a in articles}
    ex_by = {e.article_id: e for e in extractions}
    index = RunEntities.of(entities)
    ents = index.ents
    texts = {a.id: a.text for a in articles}
    pending = _Texts()
    plans: list[_Plan] = []
    # Only English text is read for claims, quotes and headlines: the extractor's rules are
    # English, and another language would give nonsense claims (the article stays listed).
    english = {a.id for a in articles if is_english(a)}
    for story in stories:
        arts = [by_id[a] for a in story.article_ids if a in by_id]
        read = [a for a in arts if a.id in english]
        read, units = capped(read, _families(story), lambda r: build_units(r, ex_by, ents))
        quotes = card_quotes(article_quotes(read, ex_by), texts)
        titles = [t for a in read for t in _story_titles(a)]
        # A one-article story aligns nothing: its units need no embedding.
        unit_texts = [u.text for u in units] if len(read) > 1 else []
        # Renderings are compared by meaning (``group_quotes``), reported speech too; a quote
        # whose words no other rendering shares enough of links by meaning to none.
        quoted = [quotes[i].text for i in comparable(quotes, ents)]
        for t in unit_texts + quoted + [t[0] for t in titles]:
            pending.add(t)
        for u in units:
            for q in u.quantities:
                pending.add(q.counted or "")
        for _, counts in titles:
            for c in counts:
                pending.add(c.counted)
        plans.append(_Plan(story, read, units, quotes, titles))
    if embedder is None:
        embedder = load_embedder()
    pending.encode(embedder)
    family_of_all: dict[str, str] = {}
    stories_json = []
    lines = storylines_of(stories)
    line_of = {sid: line for line in lines for sid in line.story_ids}
    run = _Run(pending, ex_by, index, texts)
    with threadpool_limits(limits=RECONCILE_BLAS_THREADS, user_api="blas"):
        for plan in plans:
            family_of = _families(plan.story)
            family_of_all.update(family_of)
            doc = _story(plan, run, family_of)
            doc["storyline"] = storyline_json(line_of[plan.story.id], brief=True)
            stories_json.append(doc)
    doc = {
        "schema_version": SCHEMA_VERSION,
        "made_by": made_by(embedder, options),
        "articles": [BriefArticle.of(a, family_of_all.get(a.id)) for a in articles],
        "stories": stories_json,
        "storylines": [storyline_json(line) for line in lines],
    }
    return Briefing.model_validate(doc)


def made_by(embedder: Any, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """What makes a briefing: storyline's version, the extractor id
    (``storyline.extract.parts.extractor_id``), the id of ``embedder``'s vectors (its
    ``model_id``, ``storyline.embed.model_id``; null for an encoder without one) and the
    run's ``options``."""
    from storyline import __version__
    from storyline.extract.parts import extractor_id

    return {
        "storyline": __version__,
        "extractor": extractor_id(),
        "encoder": None if (mid := getattr(embedder, "model_id", None)) is None else str(mid),
        "options": dict(options or {}),
    }


def _story_titles(a: Article) -> list[tuple[str, list[cf.CountValue]]]:
    title, offset = _title(a)
    if not title:
        return []
    return [(title, cf.title_counts(a.id, title, offset))]


@dataclass
class _Plan:
    """One story's inputs, gathered before the run's single embedding call."""

    story: Story
    arts: list[Article]  # the story's articles read for claims and quotes (English ones)
    units: list[Unit]
    quotes: list[Quote]
    titles: list[tuple[str, list[cf.CountValue]]]


@dataclass
class _Run:
    """What every story of the run reads: the vectors, extractions, entities and texts."""

    emb: _Texts
    ex_by: dict[str, Extraction]
    index: RunEntities
    texts: dict[str, str]

    @property
    def ents(self) -> dict[str, Entity]:
        return self.index.ents

    @property
    def entities(self) -> Sequence[Entity]:
        return self.index.entities

    @property
    def names(self) -> dict[str, str]:
        return self.index.names


def _story(plan: _Plan, run: _Run, family_of: dict[str, str]) -> dict[str, Any]:
    story, units, titles = plan.story, plan.units, plan.titles
    ids = StoryIds(story.id)
    quotations = group_quotes(
        plan.quotes, run.emb.of([q.text for q in plan.quotes]), run.ents, run.texts
    )
    linked = np.zeros((len(units), len(units)), dtype=bool)
    if len(plan.arts) > 1:
        vecs = run.emb.of([u.text for u in units])
        cards = [[(q.article_id, q.start, q.end) for q in qt.quotes] for qt in quotations]
        quoted = same_quotation(units, cards)
        sc = scores(units, vecs, quoted)
        linked = sc >= LINK_SCORE
        groups = join_by_target(units, align(units, vecs, quoted, family_of, sc))
    else:
        vecs = np.zeros((len(units), run.emb.vecs.shape[1]), np.float32)
        groups = [[i] for i in range(len(units))]
    groups, reps = split_strays(units, groups, [medoid(g, vecs, units) for g in groups])
    claims = cl.make_claims(units, groups, reps, family_of, ids)
    credited_families(claims, {a.id: a.outlet for a in plan.arts})
    link_denials(claims, units, title_stances(plan.arts))
    conflicts = _count_conflicts(plan, run, claims, vecs, ids)
    conflicts += date_conflicts(claims, run.texts, ids, linked)
    conflicts += tally_conflicts(claims, run.texts, ids, linked)
    quotes_json = []
    for qt in quotations:
        if all(cut_off(q, run.texts[q.article_id]) or evidence(q) for q in qt.quotes):
            continue
        quotes_json.append(_quote_json(qt, ids, run))
        if (c := quote_conflict(qt, ids)) is not None:
            conflicts.append(c)
    said = [q for q in plan.quotes if not evidence(q)]
    conflicts += attribution_conflicts(said, run.ents, ids)
    n_fam = len(set(family_of.values()))
    read = [a.id for a in plan.arts]  # the English articles: the others state nothing here
    stated = {a: run.ex_by[a].quantities for a in read if a in run.ex_by}
    days = {a.id: a.published[:10] for a in plan.arts if a.published}
    # omissions (and unique details) read each sentence's words; one family has none
    r = om.Reading()
    if n_fam > 1:
        given = {a.id: a.title or "" for a in plan.arts}
        heads = {a.id: run.emb.of([h])[0] for a in plan.arts if (h := _title(a)[0])}
        r = om.reading(units, vecs, given, heads, stated, days)
    unique = unique_details(claims, read, n_fam, stated, om.echoed(r))
    omissions = om.omissions(claims, read, n_fam, r)
    contested = {
        (s["article_id"], s["start"], s["end"])
        for c in conflicts
        if c["kind"] == "number"
        for v in c["values"]
        for s in v["sources"]
    }
    contested_at = cl.contested_units(claims, conflicts)
    heads = {a.id: a.title or "" for a in plan.arts}
    outlets = {a.id: a.outlet for a in plan.arts}
    details = detail_claims(
        claims, read, run.texts, run.ex_by, run.ents, contested, ids, n_fam, heads, outlets
    )
    for part, extra in ((unique, details.unique), (omissions, details.omissions)):
        for aid, cids in extra.items():
            part[aid] = part.get(aid, []) + cids
    lines = summary(claims, contested_at)
    # no title among its articles (undated plain text): the summary's first line, a sentence
    # its sources agree on, rather than no headline (a new user saw "Untitled story")
    first = lines[0]["text"] if lines else None
    return {
        "id": story.id,
        "headline": story.headline
        or next((t[0] for t in titles), None)
        or first
        or next(filter(None, (opening_line(run.texts[a]) for a in story.article_ids)), None),
        "article_ids": list(story.article_ids),
        "date_span": list(story.date_span) if story.date_span else None,
        "families": _family_json(story, family_of),
        "entities": run.index.story_json(story.article_ids),
        "quotes": quotes_json,
        "claims": [cl.claim_json(c) for c in claims + details.claims],
        "conflicts": conflicts,
        "unique": unique,
        "omissions": omissions,
        "timeline": timeline(claims, contested_at),
        "framing": framing(units, run.ex_by, run.ents, run.texts),
        "summary": lines,
    }


def _count_conflicts(
    plan: _Plan, run: _Run, claims: list[cl.Claim], vecs: np.ndarray, ids: StoryIds
) -> list[dict[str, Any]]:
    """``number`` conflicts, then ``headline`` ones: counts of one thing (in the body and in
    the headlines) that do not overlap."""
    memo: dict[tuple[str, str], float] = {}

    def counted_sim(a: str, b: str) -> float:
        if a.lower() == b.lower():
            return 1.0
        if (a, b) not in memo:
            va, vb = run.emb.of([a, b])
            memo[(a, b)] = float(va @ vb)
        return memo[(a, b)]

    title_vec = {t[0]: run.emb.of([t[0]])[0] for t in plan.titles}
    title_text = {c.article_id: t[0] for t in plan.titles for c in t[1]}

    def title_sim(t: cf.CountValue, unit_index: int) -> float:
        return float(title_vec[title_text[t.article_id]] @ vecs[unit_index])

    head_counts = [c for t in plan.titles for c in t[1]]
    story_ents = [run.entities[k] for k in run.index.positions(plan.story.article_ids)]
    for title, counts in plan.titles:
        for c in counts:
            c.places = named_places(title, story_ents)
    # the story's places: a unit names only its own article's entities (all the run's
    # entities read per story was quadratic in the archive)
    groups = cf.count_groups(claims, run.names, counted_sim, place_ids(story_ents))
    texts = run.texts
    # headline conflicts are found first (number_conflicts adds titles to the groups)
    headline = cf.headline_conflicts(head_counts, groups, title_sim, counted_sim, texts, ids)
    number = cf.number_conflicts(groups, head_counts, title_sim, counted_sim, texts, ids)
    return number + headline


def _quote_json(qt: Quotation, ids: StoryIds, run: _Run) -> dict[str, Any]:
    """A quote card: its speaker (the canonical name of its entity), stance and renderings,
    each with its own stance and cue word (``stance.stance_of``)."""
    renderings: list[dict[str, Any]] = []
    stances = []
    for parts, start, end in outermost(qt.runs, run.texts):
        text = run.texts[parts[0].article_id]
        st = next((s for s in (stance_of(q, text) for q in parts) if s.stance != "assert"), ASSERT)
        stances.append(st)
        renderings.append(
            {
                "article_id": parts[0].article_id,
                "text": text[start:end],
                "start": start,
                "end": end,
                "stance": st.stance,
                "cue": st.cue,
                "quoted": is_quoted(parts),
            }
        )
        if gaps := narration(parts, text, is_quoted(parts)):
            renderings[-1]["narration"] = [list(g) for g in gaps]
    card = card_stance(stances)
    entity = run.ents.get(qt.speaker_entity or "")
    org = run.ents.get(qt.speaker_org_entity or "")
    return {
        "id": ids.quote((r["article_id"], r["start"], r["end"]) for r in renderings),
        "speaker": entity.name if entity is not None else qt.speaker_name,
        "speaker_entity": qt.speaker_entity,
        "speaker_role": qt.speaker_role,
        "speaker_org": org.name if org is not None else qt.speaker_org,
        "speaker_org_entity": org.id if org is not None else None,
        "stance": card.stance,
        "cue": card.cue,
        "text": max((str(r["text"]) for r in renderings), key=len),
        "renderings": renderings,
    }
