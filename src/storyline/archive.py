"""The store as a living archive: a run's articles meet the stories already stored.

``storyline analyze PATHS`` adds to what is stored. Its articles are clustered together with
the stored stories they could join (``context``): a dated article with the stories whose days
lie within ``STORY_DAYS`` of its own (a story never spans more), an undated one with the
stories of the days its text names, or, when it names none, with the most recent stored
stories (``UNDATED_CONTEXT_STORIES``). Clustering the union again is order-free, and the
union's words are weighed with the store's other articles (``Store.background``), so
articles split over several runs end in the stories one run gives wherever the later runs
reach; a stored story no later run reaches keeps the grouping its own run made. The run's
stories are linked into storylines with the stored stories of the weeks before them too
(``settled``), read from the words the store keeps (``Store.stored_features``): a new story
joins the storyline of the stored story it follows up; stored stories keep theirs, so a
stored story that a new one precedes is not linked to it, and one that this run clusters
again may take another storyline than the stored stories that followed it (one run over the
whole archive would link both anew).

A new story that holds a stored story's articles keeps that story's id (``keep_ids``); only
stories whose articles changed are briefed again (``changed``), each with what is new since
its previous briefing (``storyline.changes``); the other stored stories are left as they are.
An earlier version of a page gives way to its latest (``latest_versions``, ``as_latest``), and
a stored briefing that an older schema version wrote is briefed again (``rebrief``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from storyline.cluster.stories import STORY_DAYS
from storyline.models import Article, Extraction, Story, Storyline

if TYPE_CHECKING:
    from storyline.briefing import Briefing
    from storyline.briefing import Story as BriefedStory
    from storyline.cluster import Settled
    from storyline.reconcile.guard import StoryError
    from storyline.report.storylines import StoryEntry
    from storyline.store import Store

#: Stored stories an undated article that names no date is clustered with: the most recent
#: ones. Such an article (no publication date, no date in its text) can belong to any story;
#: comparing it with the whole archive would make adding 100 articles cost as much as the
#: archive, so it meets the stories of the last weeks of coverage (a few thousand stories).
UNDATED_CONTEXT_STORIES = 2000


def _shifted(d: date, days: int) -> str:
    """``d`` moved by ``days``, held inside the calendar: a store may hold a day near its ends
    (a feed's "01 Jan 0001", stored before feed dates were checked), and a window around it
    must not overflow."""
    try:
        return (d + timedelta(days=days)).isoformat()
    except OverflowError:
        return (date.max if days > 0 else date.min).isoformat()


def _window(day: str) -> tuple[str, str]:
    """The days a story holding an article of ``day`` can span: ``STORY_DAYS`` either side."""
    d = date.fromisoformat(day[:10])
    return _shifted(d, -STORY_DAYS), _shifted(d, STORY_DAYS)


def _days(article: Article, extraction: Extraction | None) -> list[str]:
    """The days an article is about: its publication day, else the days its text names."""
    if article.published:
        return [article.published[:10]]
    if extraction is None:
        return []
    return sorted({d.value for d in extraction.dates if d.value and len(d.value) == 10})


def _merged(windows: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``windows`` (first and last ISO day), those that overlap merged: a story overlaps one
    of these exactly when it overlaps one of ``windows`` (days compared as ``stories_between``
    compares them, as strings)."""
    out: list[tuple[str, str]] = []
    for first, last in sorted(windows):
        if out and first <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


def context(
    store: Store, articles: Sequence[Article], extractions: Iterable[Extraction]
) -> list[str]:
    """Ids of the stored articles, not among ``articles``, of the stored stories that a run
    of ``articles`` could join or change (see the module docstring)."""
    ex_by = {e.article_id: e for e in extractions}
    run = {a.id for a in articles}
    stories: dict[str, Story] = {}
    undated_without_days = False
    windows = []
    for a in articles:
        days = _days(a, ex_by.get(a.id))
        undated_without_days |= not days
        windows += [_window(day) for day in days]
    for first, last in _merged(windows):  # a query per stretch of days, not per article
        stories.update((s.id, s) for s in store.stories_between(first, last))
    if undated_without_days:
        stories.update((s.id, s) for s in store.recent_stories(UNDATED_CONTEXT_STORIES))
    # Stories that already hold a run article are regrouped with it (analysed again).
    stories.update((s.id, s) for s in store.stories_of(sorted(run)))
    return sorted({aid for s in stories.values() for aid in s.article_ids} - run)


def settled(store: Store, articles: Sequence[Article], skip: Collection[str] = ()) -> list[Settled]:
    """The stored stories a run's stories may follow up, or that may follow up one of them,
    and that hold none of its ``articles``: those of the ``STORYLINE_GAP_DAYS`` (plus a
    story's days) before each of its dated articles, and the stories of as many days after
    that began a storyline (a backfilled day's story may be what such a story follows up).
    The stretches are merged, as ``context`` merges them: a run of two articles years apart
    reads two stretches, not the years between. Each keeps its storyline, but for a
    storyline's first story that now follows up a run story (``storyline.cluster.Settled``).
    Stories of ``skip`` (those the run clusters again) are left out."""
    from storyline.cluster import Settled
    from storyline.cluster.storylines import STORYLINE_GAP_DAYS

    reach = STORYLINE_GAP_DAYS + STORY_DAYS
    days = {date.fromisoformat(a.published[:10]) for a in articles if a.published}
    windows = [(_shifted(d, -reach), _shifted(d, reach)) for d in days]
    run = {a.id for a in articles}
    last = max(days).isoformat() if days else ""
    found: dict[str, Story] = {}
    for first, end in _merged(windows):
        found.update((s.id, s) for s in store.stories_between(first, end))
    stories = [
        s
        for _, s in sorted(found.items())
        if run.isdisjoint(s.article_ids)
        and s.id not in skip
        and (_is_head(s) or _starts_by(s, last))
    ]
    feats = store.stored_features({aid for s in stories for aid in s.article_ids})
    return [
        Settled(s.id, s.storyline or s.id, [feats[a] for a in s.article_ids if a in feats])
        for s in stories
    ]


def _is_head(story: Story) -> bool:
    """Whether a stored story is the first of its storyline."""
    return (story.storyline or story.id) == story.id


def _starts_by(story: Story, day: str) -> bool:
    """Whether a stored story began on or before ``day`` (ISO)."""
    return story.date_span is not None and story.date_span[0] <= day


def moved_lines(stories: Sequence[Story], stored: Sequence[Story]) -> dict[str, str]:
    """Stored stories that began a storyline and, analysed again, now follow up another
    story: their id -> their storyline now. The stored stories that followed them follow
    them there (``Store.move_storylines``), as one run over the whole archive links them."""
    heads = {s.id for s in stored if _is_head(s)}
    return {s.id: s.storyline for s in stories if s.id in heads and s.storyline not in (None, s.id)}


def keep_ids(stories: Sequence[Story], stored: Sequence[Story]) -> list[Story]:
    """``stories`` with the id of the stored story whose articles each holds most of, each
    stored id given once, to the story holding most of its articles (ties: the larger story,
    then the smaller id): a story that grew keeps its id, and of a stored story split in two,
    the part with most of its articles does.

    A story that takes no stored id keeps its own, unless another story took that id (a
    stored story's articles now in two stories: one keeps the id, and the other's own id,
    from the same first article, may be the same); it is then told apart by its first
    article's id, so that no two stories share an id and none overwrites the other.
    """
    holder = {aid: s.id for s in stored for aid in s.article_ids}
    # (stored articles held, story size, stored id, story id) of every story and stored id it
    # holds articles of: most held first, so a stored story split in two leaves its id to
    # the part holding most of its articles, whatever the size of either part
    holds: list[tuple[int, int, str, str]] = []
    for s in stories:
        counts = Counter(old for aid in s.article_ids if (old := holder.get(aid)) is not None)
        holds += [(-n, -len(s.article_ids), old, s.id) for old, n in counts.items()]
    taken: set[str] = set()
    renamed: dict[str, str] = {}
    for _, _, old, sid in sorted(holds):
        if old not in taken and sid not in renamed:
            taken.add(old)
            renamed[sid] = old
    for s in stories:
        if s.id not in renamed:
            name, k = s.id, 1
            while name in taken:  # an earlier run may have left that name to a stored story
                name = f"{s.id}-{s.article_ids[0]}" + (f"-{k}" if k > 1 else "")
                k += 1
            renamed[s.id] = name
            taken.add(name)
    out = []
    for s in stories:
        line = renamed.get(s.storyline, s.storyline) if s.storyline else None
        out.append(replace(s, id=renamed[s.id], storyline=line))
    return out


def changed(stories: Sequence[Story], stored: Sequence[Story], current: set[str]) -> list[Story]:
    """The stories to brief: new ones, those whose articles changed, and those whose stored
    briefing is not current (``current``: ids of stored stories with a current briefing)."""
    before = {s.id: set(s.article_ids) for s in stored}
    return [s for s in stories if s.id not in current or before.get(s.id) != set(s.article_ids)]


def rewritten(
    stories: Sequence[Story], stored: Sequence[Story], briefed: Collection[str]
) -> list[Story]:
    """The ``stories`` a run must write: those ``briefed`` now and those that differ from the
    stored story of their id (articles, storyline, date span, families; a headline only
    where the run has one: a stored story with none keeps its briefing's, ``put_stories``).
    Writing again the hundreds of stored stories an added run only clusters again with its
    articles dirtied the table that the store's close then checkpoints (#17)."""
    before = {s.id: s for s in stored}

    def same(s: Story, old: Story | None) -> bool:
        return (
            old is not None
            and set(s.article_ids) == set(old.article_ids)
            and (s.storyline or s.id) == (old.storyline or old.id)
            and tuple(s.date_span or ()) == tuple(old.date_span or ())
            and [f.article_ids for f in s.families] == [f.article_ids for f in old.families]
            and s.headline in (None, old.headline)
        )

    return [s for s in stories if s.id in briefed or not same(s, before.get(s.id))]


def briefings_used(
    store: Store, stories: Sequence[Story], current: set[str], briefed: set[str], run: set[str]
) -> dict[str, BriefedStory]:
    """The stored briefings (of ``current``, the stories whose stored briefing is current)
    that a run uses: those of the stories it briefs again (``briefed``: what is new since) and
    of the stories holding its articles (``run``) that it leaves as they were (shown as
    stored). The other stored stories near its articles were only clustered again with them;
    reading their briefings was a tenth of what adding 100 articles cost more than analysing
    them alone (#17)."""
    used = [
        s.id
        for s in stories
        if s.id in current and (s.id in briefed or not run.isdisjoint(s.article_ids))
    ]
    found = store.get_briefings(used)  # one query, not one a story
    return {sid: found[sid] for sid in used if sid in found}


def whole_storylines(
    store: Store, stories: Sequence[Story]
) -> tuple[list[Storyline], dict[str, StoryEntry]]:
    """The storylines of ``stories`` (stored) with every stored story in them, the stories of
    earlier runs too, and those other stories as report entries (``assemble``'s ``lines``,
    ``write_reports``' ``elsewhere``): a run's story that follows up a stored one is shown
    in its whole storyline, not alone."""
    from storyline.cluster import storylines_of
    from storyline.report.storylines import stored_entries

    shown = {s.id for s in stories}
    members: dict[str, Story] = {s.id: s for s in stories}
    lines = sorted({s.storyline or s.id for s in stories})
    members.update((m.id, m) for m in store.stories_in_storylines(lines) if m.id not in shown)
    return storylines_of(list(members.values())), stored_entries(
        m for sid, m in members.items() if sid not in shown
    )


def assemble(
    articles: Sequence[Article],
    stories: Sequence[Story],
    briefed: dict[str, BriefedStory],
    made_by: dict[str, object] | None,
    lines: Sequence[Storyline] | None = None,
) -> Briefing:
    """The run's briefing: every story the run touched (``stories``), each as briefed now or,
    left as it was, as stored (``briefed``: story id -> briefing), with the storylines those
    stories form and the articles they cover. ``lines``: the storylines of a larger run that
    ``stories`` are a batch of (``storyline.stream``); only those of ``stories`` are listed."""
    from storyline.briefing import Article as BriefArticle
    from storyline.briefing import Briefing, StorylineRef, storyline_json
    from storyline.briefing import Storyline as BriefStoryline
    from storyline.cluster import storylines_of

    if lines is None:
        lines = storylines_of(stories)
    line_of = {sid: line for line in lines for sid in line.story_ids}
    shown = {line_of[s.id].id for s in stories}
    lines = [line for line in lines if line.id in shown]
    family_of = {aid: f.id for s in stories for f in s.families for aid in f.article_ids}
    out = []
    for s in stories:
        ref = StorylineRef.model_validate(storyline_json(line_of[s.id], brief=True))
        out.append(briefed[s.id].model_copy(update={"storyline": ref}))
    return Briefing.model_validate(
        {
            "made_by": made_by,
            "articles": [BriefArticle.of(a, family_of.get(a.id)) for a in articles],
            "stories": out,
            "storylines": [BriefStoryline.model_validate(storyline_json(ln)) for ln in lines],
        }
    )


def latest_versions(store: Store) -> dict[str, str]:
    """Each stored article that is an earlier version of a page -> the page's latest."""
    from storyline.store.web import WebState

    return WebState(store).latest_of()


def as_latest(stories: list[Story], latest: Mapping[str, str]) -> list[Story]:
    """``stories`` with each earlier version of a page replaced by its latest, so that the
    story holding it keeps its id (``archive.keep_ids``)."""
    return [
        replace(s, article_ids=list(dict.fromkeys(latest.get(a, a) for a in s.article_ids)))
        for s in stories
    ]


def with_changes(
    store: Store, fresh: Briefing, before: dict[str, BriefedStory]
) -> dict[str, BriefedStory]:
    """The stories of ``fresh`` by id, each that was briefed before (``before``: its stored
    briefing) with what is new since (``storyline.changes.changes_of``)."""
    from storyline.changes import changes_of

    out = {}
    for s in fresh.stories:
        old = before.get(s.id)
        since = store.briefed_at(s.id) if old is not None else None
        if old is not None and since is not None:
            s = s.model_copy(update={"new_since": changes_of(old, s, since)})
        out[s.id] = s
    return out


def rebrief(
    store: Store,
    *,
    nlp: Any,
    embedder: Any,
    engine: Any = None,
    failed: list[StoryError] | None = None,
) -> list[str]:
    """Brief again the stored stories whose briefing an older schema version wrote
    (``Store.stale_briefings``), from their stored articles, as they are grouped: stages 4, 6
    and 7 for those stories only (extractions come from the cache when kept). Returns their
    ids. ``analyze`` calls it after each run, so no stored briefing stays unreadable; a story
    that fails (``storyline.reconcile.guard``) keeps its old one, and is added to ``failed``."""
    from storyline.engine import LocalEngine
    from storyline.extract import resolve_undated
    from storyline.reconcile.guard import brief_stories

    stale = [s for sid in store.stale_briefings() if (s := store.get_story(sid))]
    if not stale:
        return []
    engine = engine or LocalEngine(1)
    articles = store.articles(sorted({a for s in stale for a in s.article_ids}))
    result = engine.extract(articles, nlp=nlp, store=store)
    extractions = resolve_undated(articles, result.extractions, stale)
    errors: list[StoryError] = []
    briefing = brief_stories(
        articles, extractions, result.entities, stale, embedder=embedder, failed=errors
    )
    store.put_stories(stale, briefing)
    if failed is not None:
        failed.extend(errors)
    bad = {e.story_id for e in errors}
    return [s.id for s in stale if s.id not in bad]
