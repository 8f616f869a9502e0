"""The orchestrator: runs the stages in order. The stage list is written here once.

1. ``ingest``    read files, directories, globs, JSONL, feeds and WARC into ``Article`` objects
                 with their metadata (``storyline.ingest.read_paths``).
2. ``clean``     mark which spans of each article are prose; boilerplate stays in the text but
                 is never read again (``storyline.clean.clean``).
3. ``nlp``       parse the prose once with spaCy, in batches (``storyline.nlp``).
4. ``extract``   entities with canonical identities, quotes and speakers, quantities, dates
                 (``storyline.extract.extract_articles``).
5. ``cluster``   group articles into stories and, inside each story, into wire families
                 (``storyline.cluster.cluster_articles``), together with the stored stories
                 they can join, which keep their ids (``storyline.archive``).
6. ``dates``     resolve the relative dates of undated articles against their story's date
                 span, known only now: new extractions for those articles
                 (``storyline.extract.resolve_undated``).
7. ``reconcile`` align claims across sources, count independent sources, find conflicts,
                 unique details, omissions, timeline, framing and summary: the briefing
                 (``storyline.reconcile.build_briefing``).
8. ``report``    write ``briefing.json`` (per story at archive scale:
                 ``storyline.report.per_story``), ``briefing.md`` and the HTML report
                 (``write_outputs``; ``storyline.report.write_reports`` writes the last two).

Each stage takes what the ones before it gave and returns what it makes; none changes what
another gave it. Chained by hand, in Python, they give what ``analyze`` gives::

    from storyline import build_briefing, clean, cluster_articles, extract_articles
    from storyline import read_paths, resolve_undated
    from storyline.cluster import order_key
    from storyline.embed import load_embedder
    from storyline.models import ReadError

    read = [clean(a) for a in read_paths(paths) if not isinstance(a, ReadError)]
    articles = sorted(read, key=order_key)  # one order, whatever the files are called
    result = extract_articles(articles)  # spaCy's model loaded here (or pass one: nlp=)
    encoder = load_embedder()  # the sentence encoder: articles' leads, then claims
    stories = cluster_articles(articles, result.extractions, result.entities, embedder=encoder)
    extractions = resolve_undated(articles, result.extractions, stories)
    briefing = build_briefing(articles, extractions, result.entities, stories, embedder=encoder)

The store (``storyline.store.Store``) keeps every stage's output so a later run or the web UI
can pick up where this one stopped; the engine (``storyline.engine``) decides where the
per-article work runs. A run over the whole store (``analyze`` with no path, or a first
``analyze`` of an archive) does not hold it: stages 3-6 read it a chunk at a time
(``storyline.whole``), and stage 7 reads each batch of stories back (``storyline.stream``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.intake import IngestResult, InputError, Paths, Progress, ingest, read_and_clean
from storyline.models import Article, ReadError

if TYPE_CHECKING:
    from storyline.briefing import Briefing
    from storyline.engine import Engine
    from storyline.reconcile.guard import StoryError
    from storyline.report.storylines import StoryEntry
    from storyline.store import Store

# Stages 1-2 live in ``storyline.intake``; their names are the orchestrator's too.
__all__ = [
    "MEMORY_STORE", "Analysis", "IngestResult", "InputError", "Paths", "Progress", "analyze",
    "ingest", "read_and_clean", "run_options", "write_outputs",
]  # fmt: skip

#: The DuckDB database name of a store that lives in memory only (``analyze`` without a store).
MEMORY_STORE = ":memory:"


@dataclass
class Analysis:
    """Everything one ``analyze`` run produced."""

    ingest: IngestResult
    articles: list[Article]
    briefing: Briefing
    reports: dict[str, Path] = field(default_factory=dict)
    #: Stories that could not be briefed (a bug their articles trip), left out of the
    #: briefing and briefed again by the next run; the other stories are briefed.
    failed: list[StoryError] = field(default_factory=list)
    #: Stories briefed batch by batch at archive scale (``storyline.stream``): stored and
    #: written to ``reports``, not held in ``briefing``, which is then empty.
    streamed: int = 0
    #: Articles analysed: of the stories of ``articles``, or, when a whole store streamed
    #: leaves ``articles`` empty (``storyline.whole``), of the store.
    analysed: int = 0
    #: Articles the store held before the run (read again; a run with no path, every stored
    #: one) that no stored story held: kept by an ``ingest`` or an ``extract`` and analysed
    #: now for the first time.
    first_analysed: int = 0


def _first_analysed(
    store: Store, again: Sequence[str], whole: bool, earlier: Mapping[str, str]
) -> int:
    """How many of the stored articles a run reads again (``again``; with ``whole``, every
    stored one) no run has analysed: no stored story holds them, and they are no earlier
    version of a page (``earlier``, ``archive.latest_versions``: those are never analysed,
    their page's latest is)."""
    if whole:
        return store.count_outside_stories(list(earlier))
    outside = set(again) - store.in_stories(again) if again else set()
    return len(outside - set(earlier))


def analyze(
    paths: Paths,
    store: Store | None = None,
    *,
    out: str | Path | None = None,
    nlp: Any = None,
    embedder: Any = None,
    workers: int = 1,
    cache: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
    on_error: Callable[[ReadError], None] | None = None,
    stored_ids: Sequence[str] = (),
    engine: Engine | str = "local",
    scheduler: str | None = None,
    per_story: bool | None = None,
    **reader_options: Any,
) -> Analysis:
    """Run every stage on ``paths`` and, with ``out``, write the reports there.

    Without ``store`` the run keeps everything in an in-memory store, gone when it returns:
    the ``Analysis`` holds the articles and the briefing. Pass a ``Store`` to keep them (and
    to reuse kept extractions and vectors on the next run); without ``out`` no file is
    written. Errors storyline explains (a store it cannot open, a missing model package, a
    worker that died) are ``StorylineError``; unreadable inputs are not errors but
    ``ReadError`` items in ``Analysis.ingest.errors`` (with the notes, ``ReadError.note``),
    passed to ``on_error`` as they come.

    The analysis covers the articles read from ``paths``, whether they were new to the store
    or already in it, and the stored stories they join (``storyline.archive``): a story that
    grows keeps its id and lists what is new since its last briefing (``new_since``), stories
    the run does not change are not briefed again, and articles split over several runs end
    in the stories one run over all of them gives. With no ``paths`` the whole store is
    analysed again, every story briefed anew; past the archive scale (``per_story``) its
    stories are then briefed and written batch by batch (``storyline.stream``) and the
    returned ``briefing`` is empty (``streamed`` counts them), as for a first run of paths
    into a store with no stories when ``out`` is given. With the parts cache, such runs
    read the store a chunk at a time (``storyline.whole``) rather than hold it.
    ``progress(stage, done, total)`` is called as stages advance. ``workers`` > 1 parses and
    extracts over that many local processes (``storyline.engine``); the result is the same.
    ``cache`` keeps each article's extraction parts and every sentence vector in the store
    (``storyline.extract.parts``, ``storyline.store.CachedEmbedder``), so analysing the same
    or a grown archive again only parses new articles and encodes new sentences; same result.
    ``engine`` says where the per-article work and the encoder run (``storyline.engine``):
    ``"local"`` (``workers`` processes), ``"dask"`` (the Dask scheduler at ``scheduler``, or
    a local cluster of ``workers`` processes, stopped when the run ends), or an ``Engine``
    the caller started (and stops); same briefing whichever.
    ``per_story`` forces the JSON written to ``out`` per story (True) or into one
    ``briefing.json`` (False); None (the default) writes per story past
    ``storyline.report.per_story.ARCHIVE_SCALE_STORIES`` stories.
    """
    if out is not None:  # a folder the reports cannot go to is said now, not after the run
        from storyline.report import check_out_dir

        check_out_dir(Path(out))
    if store is None or isinstance(engine, str):
        from contextlib import ExitStack

        from storyline.engine import open_engine
        from storyline.store import Store

        with ExitStack() as stack:
            if store is None:
                store = stack.enter_context(Store(MEMORY_STORE))
            started = stack.enter_context(open_engine(engine, workers=workers, scheduler=scheduler))
            return analyze(
                paths,
                store,
                out=out,
                nlp=nlp,
                embedder=embedder,
                workers=workers,
                cache=cache,
                progress=progress,
                on_error=on_error,
                stored_ids=stored_ids,
                engine=started,
                per_story=per_story,
                **reader_options,
            )

    from storyline import archive
    from storyline.briefing import Briefing
    from storyline.gather import cluster_run, cluster_whole
    from storyline.reconcile.guard import brief_stories
    from storyline.store import CachedEmbedder
    from storyline.stream import brief_in_batches, streams

    def tick(stage: str, done: int, total: int) -> None:
        if progress:
            progress(stage, done, total)

    whole = not paths and not stored_ids  # no path: the whole store, every story briefed again
    ing = IngestResult() if whole else ingest(paths, store, on_error=on_error, **reader_options)
    ids = list(dict.fromkeys([*ing.added, *ing.skipped, *stored_ids]))
    again = sorted(set(ing.skipped) - set(ing.added))
    # Paths that hold every stored article, into a store with no stories yet (the first
    # analyze of an archive): that is the whole store, clustered as such (not held); its
    # briefings are streamed to ``out`` at archive scale, or held when nothing is written.
    first = bool(ids) and not stored_ids and not whole and _first_run(store, ids)
    if whole:  # pages stored twice by a count-only ingest (store.pages)
        from storyline.store.pages import record_stored_pages

        record_stored_pages(store)
    latest = archive.latest_versions(store)  # earlier versions of pages are not analysed
    first_analysed = _first_analysed(store, again, whole, latest)  # once versions are known
    streamed = whole or (first and out is not None)
    whole = whole or first
    # One encoder for the run: articles' leads for clustering, sentences for the briefing.
    encoder = engine.embedder(embedder)
    if cache and (mid := getattr(encoder, "model_id", None)):
        encoder = CachedEmbedder(encoder, store, mid)
    if whole and cache:  # read a chunk at a time, not held (storyline.whole)
        run = cluster_whole(store, engine, nlp, latest, tick, encoder)
    else:
        run = cluster_run(store, engine, nlp, None if whole else ids, latest, cache, tick, encoder)
    if run is None:  # nothing read (a mistyped path): the reports already in ``out`` stay
        return Analysis(ing, [], Briefing(articles=[], stories=[], storylines=[]))
    nlp, stories, stored, entities = run.nlp, run.stories, run.stored, run.entities
    options = run_options(workers=workers, cache=cache, **engine.options(), **reader_options)
    if streamed and streams(len(stories), per_story):  # archive scale: briefed batch by batch
        tick("reconcile", 0, len(stories))
        if run.extractions is not None:  # held: stored before the batches read them back
            store.put_extractions(run.extractions)
        to = None if out is None else Path(out)
        put = brief_in_batches(
            store, run.load, entities, stories, embedder=encoder, options=options, out=to,
            progress=tick,
        )  # fmt: skip
        archive.rebrief(store, nlp=nlp, embedder=encoder, engine=engine, failed=put.failed)
        empty = Briefing(articles=[], stories=[], storylines=[])
        held = run.articles or []
        return Analysis(
            ing, held, empty, put.reports, put.failed, put.stories, run.n_articles, first_analysed
        )
    if run.articles is not None and run.extractions is not None:
        articles, extractions = run.articles, run.extractions
    else:  # a whole store under the archive scale, read back whole
        articles, extractions = run.load(stories)
    # Which stored briefings are current, by fingerprint; read are only those of the stories
    # briefed again (what is new since) and of the stories shown as they were (#17).
    current = store.current_briefings([s.id for s in stored])
    todo = archive.changed(stories, stored, set() if whole else current)
    briefed_now = {s.id for s in todo}
    before = archive.briefings_used(store, stories, current, briefed_now, set(ids))
    tick("reconcile", 0, len(todo))  # the stories briefed, not those only compared with
    failed: list[StoryError] = []
    fresh = brief_stories(
        articles,  # each group takes its stories' own (guard.brief_stories)
        extractions,
        entities,
        todo,
        embedder=encoder,
        options=options,
        failed=failed,
    )
    tick("reconcile", len(todo), len(todo))
    tick("report", 0, 1)
    briefed = archive.with_changes(store, fresh, before)
    # The extractions of the run's articles and of the stories briefed now; a stored story
    # left as it was keeps those its briefing read (writing the whole context's again was a
    # sixth of what adding 100 articles to a store cost over analysing them alone, #17).
    briefed_articles = set(ids) | {aid for s in todo for aid in s.article_ids}
    store.put_extractions(ex for ex in extractions if ex.article_id in briefed_articles)
    store.put_entities(entities)
    # a stored story the run leaves as it was (its articles, storyline, families, and not
    # briefed now) is not written again
    written = archive.rewritten(stories, stored, briefed_now)
    store.put_stories(written, fresh.model_copy(update={"stories": list(briefed.values())}))
    store.move_storylines({**archive.moved_lines(stories, stored), **run.moved})
    # A story that failed keeps no briefing of its earlier articles: the next run briefs it.
    store.drop_briefings([f.story_id for f in failed])
    for s in stories:
        if s.id not in briefed and s.id in before and s.id not in briefed_now:
            briefed[s.id] = before[s.id]
    made = fresh.made_by.model_dump() if fresh.made_by else None
    # The run's briefing: the stories holding its articles (or changed by them), not the
    # stored stories it was only compared with.
    shown = [
        s
        for s in stories
        if s.id in briefed and (s.id in briefed_now or not set(s.article_ids).isdisjoint(ids))
    ]
    covered = {aid for s in shown for aid in s.article_ids}
    articles = [a for a in articles if a.id in covered]
    lines, elsewhere = archive.whole_storylines(store, shown)  # earlier runs' stories too
    briefing = archive.assemble(articles, shown, briefed, made, lines)
    archive.rebrief(store, nlp=nlp, embedder=encoder, engine=engine, failed=failed)
    analysis = Analysis(
        ing, articles, briefing, failed=failed, analysed=len(articles),
        first_analysed=first_analysed,
    )  # fmt: skip
    if out is not None:
        analysis.reports = write_outputs(briefing, Path(out), per_story, elsewhere)
    tick("report", 1, 1)
    return analysis


def _first_run(store: Store, ids: Sequence[str]) -> bool:
    """Whether a run's articles (``ids``, each once) are every stored article, in a store
    that holds no story yet."""
    return len(ids) == store.count_articles() and not store.count_stories()


def run_options(**options: Any) -> dict[str, Any]:
    """The options of a run as ``made_by`` records them: plain values as they are, an outlet
    registry by its size (its content is the bundled file plus the user's), others by name."""
    out: dict[str, Any] = {}
    for key, value in sorted(options.items()):
        if value is None or isinstance(value, bool | int | float | str):
            out[key] = value
        elif hasattr(value, "outlets") and hasattr(value, "wires"):
            out[key] = {"outlets": len(value.outlets), "wires": len(value.wires)}
        else:
            out[key] = type(value).__name__
    return out


def write_outputs(
    briefing: Briefing,
    out: Path | str,
    per_story: bool | None = None,
    elsewhere: Mapping[str, StoryEntry] | None = None,
) -> dict[str, Path]:
    """Write the JSON (``storyline.report.per_story``: one ``briefing.json``, or per story at
    archive scale or when ``per_story`` says so), ``briefing.md`` and the HTML report. A
    write that fails (a full disk) is a ``ReportError``: the store already holds the run.
    What an earlier run wrote into ``out`` and this one did not is then removed
    (``storyline.report.prune``). ``elsewhere``: ``write_reports``' stories of earlier runs."""
    from storyline.report import ReportError, write_reports
    from storyline.report.per_story import write_json
    from storyline.report.prune import prune_reports

    out = Path(out)  # a folder given as a string, as ``analyze`` and ``write_reports`` take it
    try:
        names: set[str] = set()  # every file the run writes, by name relative to ``out``
        written = {
            **write_json(briefing, out, per_story, names),
            **write_reports(briefing, out, written=names, elsewhere=elsewhere),
        }
        prune_reports(out, names)
        return written
    except OSError as exc:
        where = exc.filename or out
        raise ReportError(f"{where}: cannot write the reports: {exc.strerror or exc}") from exc
