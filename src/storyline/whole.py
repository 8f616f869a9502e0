"""A whole store analysed again without holding it (``analyze`` with no path, issue #17).

What is run-wide needs each article only in a compact form: canonical entities read its
named mentions, clustering reads its features. So the store's articles are read ``CHUNK`` at
a time, three times, and what the run keeps of each is that compact form:

1. ``mentions``: each chunk's kept parts (parsed, and kept, where none is), of which the
   named mentions stay (``storyline.extract.named_infos``); then canonical entities over all
   of them in processing order, as one run makes them (``storyline.extract.canonicalise``),
   and of each mention only its entity and type are kept.
2. ``features``: each chunk's parts again, its mentions given their entities and completed
   (``storyline.extract.complete``: speakers linked), its extractions stored; of each
   article its clustering features stay.
3. ``stories``: grouped on those features (``storyline.cluster.group_features``), and each
   story's wire families and headline made from its articles, read a chunk of stories at a
   time (``storyline.cluster.story_of``).

The stories are then briefed as ``analyze`` briefs them, each batch reading its articles and
extractions back (``read_back``); a store under the archive scale is read back whole. The
stories, extractions and briefings are those of a run that holds every article
(``tests/test_whole.py``); what the run holds at its peak is the named mentions, then the
features, not every article's text and extraction (BENCHMARKS.md).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storyline.models import Article, Entity, Extraction, Story

if TYPE_CHECKING:
    from storyline.cluster import ArticleFeatures
    from storyline.engine import Engine
    from storyline.extract.names import MentionInfo
    from storyline.store import Store

#: Articles read from the store at a time: a chunk's texts, kept parts and their JSON are
#: what each pass holds beyond its compact forms (the kept parts' JSON is ~30 KB an article,
#: ``storyline.engine.base.PARTS_READ``, whose size this is).
CHUNK = 1000

#: ``CHUNK``s whose articles' leads pass 2 encodes in one call, so that the local engine's
#: pool takes them (it encodes fewer than ``engine.local.MIN_POOL_TEXTS`` texts in the
#: caller) and a whole archive's leads are not encoded in one process; what it holds beyond
#: a chunk is these articles' texts (a few KB each).
LEAD_CHUNKS = 4

Tick = Callable[[str, int, int], None]


@dataclass
class WholeRun:
    """The whole store clustered: its articles' ids in processing order (``order_key``),
    the run's canonical entities and its stories (largest first, as ``cluster_articles``
    gives them); the articles and extractions are in the store."""

    order: list[str]
    entities: list[Entity]
    stories: list[Story]


def cluster_store(
    store: Store,
    engine: Engine,
    nlp: Any,
    skip: Collection[str] = (),
    progress: Tick | None = None,
    embedder: Any = None,
) -> WholeRun:
    """Passes 1-3 of the module docstring over every stored article but those in ``skip``
    (earlier versions of a page), each article's lead encoded by ``embedder`` when given
    (``storyline.cluster.features_of``). ``progress("extract", done, total)`` as articles
    are read the first time (and parsed where no parts are kept), then
    ``progress("cluster", 0, 1)``."""
    ids = [aid for aid in store.article_ids() if aid not in skip]
    order, named = _mentions(store, engine, nlp, ids, progress)
    if progress:
        progress("cluster", 0, 1)
    entities, marks = _canonical(order, named)
    feats = _features(store, engine, order, marks, entities, embedder)
    return WholeRun(order, entities, _stories(store, feats))


def _read(store: Store, ids: Sequence[str]) -> list[Article]:
    """The stored articles of ``ids``, in that order."""
    by_id = {a.id: a for a in store.articles(ids)}
    return [by_id[aid] for aid in ids]


def _mentions(
    store: Store, engine: Engine, nlp: Any, ids: list[str], progress: Tick | None
) -> tuple[list[str], dict[str, list[MentionInfo]]]:
    """Pass 1: every article's named mentions, and the articles' processing order."""
    from storyline.cluster import order_key
    from storyline.engine.base import chunks
    from storyline.extract.entities import named_infos

    keys: dict[str, tuple[bool, str, str, str]] = {}
    named: dict[str, list[MentionInfo]] = {}
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("extract", done, len(ids))

    step(0)
    for chunk in chunks(ids, CHUNK):
        articles = _read(store, chunk)
        parts = engine.parts(articles, nlp, None, step, store)
        for a, (_, infos, _) in zip(articles, parts, strict=True):
            keys[a.id] = order_key(a)
            named[a.id] = _shared(named_infos(infos), a.id)
    return sorted(ids, key=keys.__getitem__), named


def _shared(infos: list[MentionInfo], article_id: str) -> list[MentionInfo]:
    """``infos`` with their strings shared: the article's id, labels and name words come out
    of the JSON of the kept parts as a copy each, and the run keeps every named mention of
    the archive until its entities are made (interned, the repeated names of an archive are
    one string each)."""
    for info in infos:
        m = info.mention
        m.article_id, m.label, m.text = article_id, sys.intern(m.label), sys.intern(m.text)
        info.tokens = [sys.intern(t) for t in info.tokens]
        info.roles = [sys.intern(r) for r in info.roles]
        info.dep, info.spacy_label = sys.intern(info.dep), sys.intern(info.spacy_label)
        info.country = sys.intern(info.country)
    return infos


def _canonical(
    order: list[str], named: dict[str, list[MentionInfo]]
) -> tuple[list[Entity], dict[str, list[tuple[str | None, str]]]]:
    """Canonical entities over the run's named mentions, in processing order, and what
    canonicalisation gave each article's mentions (entity id, type), in their order. The
    mentions are let go as they are read (``named`` is emptied)."""
    from storyline.extract import canonicalise

    entities = canonicalise([info for aid in order for info in named[aid]])
    marks = {}
    for aid in order:
        marks[aid] = [(i.mention.entity_id, i.mention.label) for i in named.pop(aid)]
    return entities, marks


def _features(
    store: Store,
    engine: Engine,
    order: list[str],
    marks: dict[str, list[tuple[str | None, str]]],
    entities: list[Entity],
    embedder: Any = None,
) -> dict[str, ArticleFeatures]:
    """Pass 2: each article's extraction completed and stored; its features (with its lead
    vector when an ``embedder`` is given), in processing order. ``marks`` is emptied as the
    articles are done."""
    from storyline.cluster import article_features
    from storyline.cluster.features import lead_vectors
    from storyline.engine.base import chunks
    from storyline.extract import complete, entity_forms
    from storyline.extract.entities import named_infos

    names = {e.id: e.name for e in entities}
    forms = entity_forms(entities)
    types = {e.id: e.type for e in entities}
    feats: dict[str, ArticleFeatures] = {}
    for texts in chunks(order, LEAD_CHUNKS * CHUNK):
        read = _read(store, texts)
        leads = {} if embedder is None else lead_vectors(read, embedder)
        for articles in chunks(read, CHUNK):
            extractions = []
            kept = engine.parts(articles, None, None, None, store)
            for a, parts in zip(articles, kept, strict=True):
                for info, (eid, label) in zip(named_infos(parts[1]), marks.pop(a.id), strict=True):
                    info.mention.entity_id, info.mention.label = eid, label
                extractions.append(ex := complete(parts, names, forms))
                feats[a.id] = article_features(a, ex, types, leads.get(a.id))
            store.put_extractions(extractions)
    return feats


def _stories(store: Store, feats: dict[str, ArticleFeatures]) -> list[Story]:
    """Pass 3: the stories, grouped on the features, their articles read back for their
    wire families and headlines a chunk of stories at a time."""
    from storyline.cluster import by_size, group_features, story_of
    from storyline.stream import cut

    groups = group_features(feats)
    store.put_cluster_keys(feats.values(), every=True)
    feats.clear()
    stories: list[Story] = []
    for batch in cut(groups, CHUNK):
        by_id = {a.id: a for a in store.articles([aid for g in batch for aid in g.article_ids])}
        stories += [story_of(g, by_id) for g in batch]
    return by_size(stories)


def read_back(
    store: Store, order: Sequence[str]
) -> Callable[[Sequence[Story]], tuple[list[Article], list[Extraction]]]:
    """The ``storyline.stream.Load`` of a run that holds none of its articles: a batch's
    articles and extractions read from the store, in processing order (``order``), undated
    articles' dates resolved against their stories (``storyline.extract.resolve_undated``)
    and stored so."""
    from storyline.extract import resolve_undated

    pos = {aid: i for i, aid in enumerate(order)}

    def load(batch: Sequence[Story]) -> tuple[list[Article], list[Extraction]]:
        ids = sorted((aid for s in batch for aid in s.article_ids), key=pos.__getitem__)
        articles = _read(store, ids)
        stored = store.get_extractions(ids)
        extractions = [stored[aid] for aid in ids if aid in stored]
        resolved = resolve_undated(articles, extractions, batch)
        store.put_extractions(r for r, e in zip(resolved, extractions, strict=True) if r is not e)
        return articles, resolved

    return load
