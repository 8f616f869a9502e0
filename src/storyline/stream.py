"""A whole archive briefed in bounded memory: stories briefed, stored and written in batches.

``storyline analyze`` with no path re-analyses the whole store. The clustering is whole-store
(it reads compact per-article features, and a story's members can lie anywhere in a day's
coverage), but the briefings are what grows: a story's briefing, its JSON for the store and
its pages weigh more than its articles. Past ``ARCHIVE_SCALE_STORIES`` stories (or asked for
with ``per_story``), the run does not hold them all: ``brief_in_batches`` takes the stories
in date order, a batch of at most ``BATCH_ARTICLES`` articles at a time (a story is never
cut), briefs the batch (``storyline.reconcile.guard.brief_stories``), stores its briefings,
writes its reports (``storyline.report.stream``) and lets them go before the next batch.
A story's briefing reads only its own articles, so each is the one the whole run gives.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from storyline.batching import batched
from storyline.models import Article, Entity, Extraction, Story

if TYPE_CHECKING:
    from storyline.reconcile.guard import StoryError
    from storyline.store import Store

#: Articles briefed in one batch. A batch's briefings, their JSON and pages are what the run
#: holds at once (about 0.1 MB an article measured on generated AllSides copies,
#: BENCHMARKS.md), so 1,000 keeps that near 100 MB; larger batches save nothing measurable
#: (a batch costs one store write and one encoder call per story anyway).
BATCH_ARTICLES = 1000


def streams(n_stories: int, per_story: bool | None) -> bool:
    """Whether a whole-store run of ``n_stories`` stories is briefed in batches: when its
    JSON is written per story (``storyline.report.per_story.write_json``'s rule)."""
    from storyline.report.per_story import ARCHIVE_SCALE_STORIES

    return per_story if per_story is not None else n_stories > ARCHIVE_SCALE_STORIES


def batches(stories: Sequence[Story], max_articles: int) -> Iterator[list[Story]]:
    """``stories`` in date order (first day, then id; undated last), in batches of at most
    ``max_articles`` articles, or one story when it alone holds more."""
    order = sorted(stories, key=lambda s: (s.date_span is None, s.date_span or ("", ""), s.id))
    return cut(order, max_articles)


class _HasArticles(Protocol):
    @property
    def article_ids(self) -> list[str]: ...


Grouped = TypeVar("Grouped", bound=_HasArticles)


def cut(groups: Iterable[Grouped], max_articles: int) -> Iterator[list[Grouped]]:
    """``groups`` (stories, or ``storyline.cluster.Group``) in order, in lists of at most
    ``max_articles`` articles, or one group when it alone holds more (never cut)."""
    return batched(groups, max_articles, lambda g: len(g.article_ids))


@contextmanager
def batch_collection() -> Iterator[Callable[[], int]]:
    """Python's cyclic garbage collection once a batch, over the batch's own objects only;
    yields the call that collects (at each batch's end).

    Why: a whole-store run holds every article, extraction and story of the archive (millions
    of objects) while its batches make and drop briefings (a batch makes millions more: units,
    claims, their JSON); the full collections those allocations trigger walked the whole run,
    freeing nothing there: 41 of the 182 CPU seconds of a whole-store run of 30,000 generated
    articles (36 collections of ~1.2 s). Here what is alive when the batches start is frozen
    (``gc.freeze``: never garbage before the run ends) and the collector runs once a batch, so
    cycles a batch leaves live no longer than the batch; reference counting frees everything
    else as usual. The run's objects go back to the collector at the end."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield gc.collect
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


@dataclass
class Streamed:
    """What ``brief_in_batches`` did: stories briefed, those that failed, files written."""

    stories: int = 0
    failed: list[StoryError] = field(default_factory=list)
    reports: dict[str, Path] = field(default_factory=dict)


#: What a batch reads: its stories' articles, in the run's order (``order_key``, as the whole
#: run hands them to reconcile), and their extractions, undated articles' dates resolved.
Load = Callable[[Sequence[Story]], tuple[list[Article], list[Extraction]]]


def held(articles: Sequence[Article], extractions: Sequence[Extraction]) -> Load:
    """The ``Load`` of a run that holds its ``articles`` (in the run's order) and their
    ``extractions``; ``storyline.whole.read_back`` is that of one that does not."""
    by_id = {a.id: a for a in articles}
    pos = {a.id: i for i, a in enumerate(articles)}
    ex_by = {e.article_id: e for e in extractions}

    def load(batch: Sequence[Story]) -> tuple[list[Article], list[Extraction]]:
        ids = sorted((aid for s in batch for aid in s.article_ids), key=pos.__getitem__)
        return [by_id[aid] for aid in ids], [ex_by[aid] for aid in ids if aid in ex_by]

    return load


def brief_in_batches(
    store: Store,
    load: Load,
    entities: Sequence[Entity],
    stories: Sequence[Story],
    *,
    embedder: Any,
    options: dict[str, Any],
    out: Path | None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Streamed:
    """Brief, store and write ``stories`` (every story of the store) batch by batch, each
    batch's articles and extractions given by ``load``; each re-briefed story lists what is
    new since its stored briefing, as in ``analyze``. The run's entities are stored first
    (its extractions are the caller's to store). ``progress("reconcile", done, total)`` as
    batches are done."""
    from storyline import archive
    from storyline.briefing import Storyline as BriefStoryline
    from storyline.briefing import storyline_json
    from storyline.cluster import storylines_of
    from storyline.reconcile.guard import brief_stories
    from storyline.reconcile.run_entities import RunEntities
    from storyline.report.storylines import StoryEntry
    from storyline.report.stream import StreamedReports

    lines = storylines_of(stories)
    writer = None
    if out is not None:
        refs = [BriefStoryline.model_validate(storyline_json(line)) for line in lines]
        entries = {
            s.id: StoryEntry(s.id, s.headline, s.date_span, len(s.article_ids)) for s in stories
        }
        writer = StreamedReports(out, refs, entries)
    store.put_entities(entities)
    # The stories first: stored stories they supersede go, and those that keep their id keep
    # their briefing until their batch, for what is new since.
    store.put_stories(stories)
    index = RunEntities.of(entities)  # once: per batch it was quadratic in the archive
    done = Streamed()
    seen = 0
    with batch_collection() as collect:
        for batch in batches(stories, BATCH_ARTICLES):
            articles, extractions = load(batch)
            before = store.get_briefings([s.id for s in batch])
            errors: list[StoryError] = []
            fresh = brief_stories(
                articles,
                extractions,
                index,
                batch,
                embedder=embedder,
                options=options,
                failed=errors,
            )
            briefed = archive.with_changes(store, fresh, before)
            # the stories are stored (above): their briefings only, in the batch's order
            store.put_briefings([briefed[s.id] for s in batch if s.id in briefed])
            store.drop_briefings([f.story_id for f in errors])
            done.failed += errors
            shown = [s for s in batch if s.id in briefed]
            done.stories += len(shown)
            if writer is not None and shown:
                made = fresh.made_by.model_dump() if fresh.made_by else None
                kept = {aid for s in shown for aid in s.article_ids}
                covered = [a for a in articles if a.id in kept]
                writer.add(archive.assemble(covered, shown, briefed, made, lines))
            seen += len(batch)
            collect()
            if progress:
                progress("reconcile", seen, len(stories))
    if writer is not None:
        done.reports = writer.close()
    return done
