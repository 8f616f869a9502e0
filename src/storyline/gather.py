"""Stages 3-6 of one ``analyze`` run (``storyline.pipeline``): the articles it analyses
parsed, extracted and clustered with the stored stories they join, undated articles' dates
resolved. Two ways, one result:

- ``cluster_run`` holds the run's articles and extractions: the articles read from paths,
  with the stored stories they can join (``storyline.archive``), or a whole store analysed
  without the parts cache;
- ``cluster_whole`` holds neither: a whole store read a chunk at a time
  (``storyline.whole``), the articles and extractions read back story by story.

Either gives a ``Clustered``, whose ``load`` gives the articles and extractions of stories.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storyline.models import Article, Entity, Extraction, Story

if TYPE_CHECKING:
    from storyline.engine import Engine
    from storyline.store import Store
    from storyline.stream import Load

Tick = Callable[[str, int, int], None]


@dataclass
class Clustered:
    """A run's stories (ids kept from the stored stories they continue), the stored stories
    its articles were in, its canonical entities, and where its articles are: held
    (``articles``, in processing order) or in the store. ``load(stories)``: those stories'
    articles in processing order and their extractions, undated articles' dates resolved.
    ``nlp``: the parser, loaded when the run needed one."""

    stories: list[Story]
    stored: list[Story]
    entities: list[Entity]
    load: Load
    n_articles: int
    nlp: Any = None
    articles: list[Article] | None = None
    extractions: list[Extraction] | None = None  # held with ``articles``, not yet stored
    #: Stored stories that began a storyline, not clustered again, that now follow up a
    #: story of the run: id -> the storyline they (and their storyline) join.
    moved: dict[str, str] = field(default_factory=dict)


def _parser(nlp: Any, engine: Engine) -> Any:
    """The caller's parser, or the model loaded here when the engine parses here."""
    if nlp is None and engine.parses_here:
        from storyline.nlp import load_nlp

        return load_nlp()
    return nlp


def _older(latest: Mapping[str, str], ids: Collection[str]) -> list[str]:
    """The earlier versions of the pages of ``ids`` (``archive.latest_versions``)."""
    return [old for old, new in latest.items() if new in ids]


def cluster_run(
    store: Store,
    engine: Engine,
    nlp: Any,
    ids: Sequence[str] | None,
    latest: Mapping[str, str],
    cache: bool,
    tick: Tick,
    embedder: Any = None,
) -> Clustered | None:
    """The articles of ``ids`` (``None``: every stored article), those of ``latest``'s
    earlier versions left out, parsed (kept parts reused with ``cache``), extracted and
    clustered with the stored stories they can join, their leads encoded by ``embedder``
    (``storyline.cluster.features_of``); ``None`` when there is no article."""
    from storyline import archive
    from storyline.cluster import cluster_articles, features_of, order_key
    from storyline.extract import resolve_undated
    from storyline.stream import held

    whole = ids is None
    articles = [a for a in store.articles(ids) if a.id not in latest]
    articles = sorted(articles, key=order_key)
    if not articles:
        return None
    older = _older(latest, {a.id for a in articles})
    tick("extract", 0, len(articles))
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        tick("extract", done, len(articles))

    nlp = _parser(nlp, engine)
    kept = store if cache else None
    result = engine.extract(articles, nlp=nlp, progress=step, store=kept)
    tick("cluster", 0, 1)
    # The stored stories these articles can join are clustered again with them; their
    # extractions come from the cache (without it, the run's articles are parsed twice).
    # (With no path every stored article is in the run already: nothing to look up, and a
    # query of the stored stories per article is quadratic in the archive.)
    near = [] if whole else archive.context(store, articles, result.extractions)
    near += [a for s in store.stories_of(older) for a in s.article_ids]  # an older version's
    if context := store.articles(sorted(set(near) - set(latest) - {a.id for a in articles})):
        # One order whatever run each article came in, so that entities, like stories, are
        # the same however the archive was split.
        articles = sorted(articles + context, key=order_key)
        result = engine.extract(articles, nlp=nlp, store=kept)
    stored = store.stories_of([a.id for a in articles] + older)
    feats = features_of(articles, result.extractions, result.entities, embedder)
    # The stored stories the run's may follow up (to link their storylines), and words
    # weighed as one run over the whole archive weighs them (storyline.store.keys), theirs too
    # (not a stored story the run regroups: one holding only an earlier version of a page)
    regrouped = {s.id for s in stored}
    settled = [] if whole else archive.settled(store, articles, skip=regrouped)
    used = [*feats.values(), *(f for s in settled for f in s.feats)]
    background = None if whole else store.background(used, [*feats, *latest])
    moved: dict[str, str] = {}  # stored storylines' first stories now following a run story
    stories = cluster_articles(
        articles,
        result.extractions,
        result.entities,
        background=background,
        feats=feats,
        settled=settled,
        moved=moved,
        known={frozenset(s.article_ids): s.families for s in stored},
    )
    store.put_cluster_keys(feats.values(), every=whole)
    with_ids = archive.keep_ids(stories, archive.as_latest(stored, latest))
    renamed = {a.id: b.id for a, b in zip(stories, with_ids, strict=True)}
    moved = {sid: renamed.get(line, line) for sid, line in moved.items()}
    stories = with_ids
    extractions = resolve_undated(articles, result.extractions, stories)
    tick("cluster", 1, 1)
    load = held(articles, extractions)
    n = len(articles)
    return Clustered(stories, stored, result.entities, load, n, nlp, articles, extractions, moved)


def cluster_whole(
    store: Store,
    engine: Engine,
    nlp: Any,
    latest: Mapping[str, str],
    tick: Tick,
    embedder: Any = None,
) -> Clustered | None:
    """Every stored article but ``latest``'s earlier versions, as ``cluster_run`` gives
    them, none held: read from the store a chunk at a time (``storyline.whole``), the parts
    cache used and filled; ``None`` when the store holds no article."""
    from storyline import archive, whole

    nlp = _parser(nlp, engine)
    run = whole.cluster_store(store, engine, nlp, set(latest), tick, embedder)
    if not run.order:
        return None
    stored = store.stories_of(run.order + _older(latest, set(run.order)))
    stories = archive.keep_ids(run.stories, archive.as_latest(stored, latest))
    tick("cluster", 1, 1)
    load = whole.read_back(store, run.order)
    return Clustered(stories, stored, run.entities, load, len(run.order), nlp)
