"""Stage 5, ``cluster``: group articles into stories, stories into storylines, and each
story into wire families.

A story is one event and its coverage: its reports lie within ``STORY_DAYS`` of each other.
``cluster_articles`` is the batch entry point the pipeline calls:

1. dated articles are grouped by average link inside blocks of days (``blocks.py``), on
   their words, names, lead vectors and the days of the week their leads name (``rows.py``);
2. those groups seed the one-pass ``StoryClusterer`` (``stories.py``); the undated articles
   are grouped with each other and with the dated stories they come close to, by the same
   cohesive average link (``undated.py``), on text, entities and, when the run has an
   encoder, the leads' vectors (``rows.LEAD_WEIGHT``; the clusterer is also the
   incremental entry point: ``add`` one article at a time, as an archive grows);
3. ``split_stories`` splits a story that two events with clashing names ended up in;
4. ``link_storylines`` links each dated story to the earlier story it follows up (when a
   run adds to an archive, stored stories of the weeks before too: ``Settled``);
5. ``wire_families`` groups each story's copies of one text.

Every step weighs words by the same document frequencies: those of the run's articles, plus,
when a run adds to a store, those of the store's other articles (``Background``), so that
articles split over several runs are weighed as one run over all of them weighs them.

Articles are processed in one stable order (publication day, undated last, then a hash of
their words), and story ids come from that hash too, so the same articles give the same
stories and storylines whatever their files are called, wherever they lie, in any order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.cluster.blocks import dated_groups
from storyline.cluster.centroids import Background
from storyline.cluster.families import containment, shingles, wire_families
from storyline.cluster.features import (
    ArticleFeatures,
    article_features,
    content_key,
    lead_vectors,
)
from storyline.cluster.headline import headline
from storyline.cluster.split import split_stories
from storyline.cluster.stories import StoryClusterer
from storyline.cluster.storylines import Settled, link_storylines
from storyline.cluster.undated import undated_groups
from storyline.models import Article, Entity, Extraction, Family, Story, Storyline

__all__ = [
    "ArticleFeatures",
    "Background",
    "Group",
    "Settled",
    "StoryClusterer",
    "article_features",
    "by_size",
    "cluster_articles",
    "link_storylines",
    "place_all",
    "containment",
    "content_key",
    "features_of",
    "group_features",
    "order_key",
    "shingles",
    "split_stories",
    "story_anchor",
    "story_of",
    "storylines_of",
    "wire_families",
]


#: Prefix of the stored stories' ids while a run links its stories to them (``Settled``).
SETTLED = "settled:"


def order_key(article: Article) -> tuple[bool, str, str, str]:
    """Stable processing order: dated articles by date, then undated ones; ties by the hash
    of the words (``content_key``), never by file name or path, then by id."""
    return (
        article.published is None,
        (article.published or "")[:10],
        content_key(article),
        article.id,
    )


def features_of(
    articles: Sequence[Article],
    extractions: Sequence[Extraction],
    entities: Sequence[Entity] = (),
    embedder: Any = None,
) -> dict[str, ArticleFeatures]:
    """Each article's clustering features, in processing order (``order_key``).

    ``extractions`` come from ``storyline.extract.extract_articles`` (one per article, any
    order); ``entities`` are that run's canonical entities, whose run-wide type overrides a
    single mention's spaCy label; with an ``embedder`` (``storyline.embed.load_embedder``,
    as ``analyze`` passes its own) each article's title and lead is encoded too
    (``ArticleFeatures.lead``), which blocks of dated articles and undated ones mix into
    their similarities (``rows.LEAD_WEIGHT``).
    """
    ex_by_id = {e.article_id: e for e in extractions}
    types = {e.id: e.type for e in entities}
    ordered = sorted(articles, key=order_key)
    leads = {} if embedder is None else lead_vectors(ordered, embedder)
    return {a.id: article_features(a, ex_by_id.get(a.id), types, leads.get(a.id)) for a in ordered}


def cluster_articles(
    articles: Sequence[Article],
    extractions: Sequence[Extraction],
    entities: Sequence[Entity] = (),
    *,
    background: Background | None = None,
    feats: Mapping[str, ArticleFeatures] | None = None,
    settled: Sequence[Settled] = (),
    moved: dict[str, str] | None = None,
    embedder: Any = None,
    known: Mapping[frozenset[str], list[Family]] | None = None,
) -> list[Story]:
    """Group articles into stories with their wire families.

    ``feats`` are the articles' ``features_of`` (made here when not given, with the
    articles' lead vectors when an ``embedder`` is given: ``analyze`` gives its own, without
    one articles are compared on their words and names alone); ``background``
    counts the archive's other articles (see the module docstring); ``settled`` are stored
    stories near the run's days that its stories may follow up (``Settled``: a story
    linked to one joins its storyline, where one run over the whole archive would link it
    too, mostly: the stored stories keep the links of their own run, but for those that
    began a storyline and now follow up a run story, given in ``moved``; stored stories of
    the days after the run's may be among them); ``known``: the wire families of stored
    stories by their articles, kept for a story of the same articles (its texts are not
    shingled again). Stories
    are sorted by size (largest first), then first publication date, then id; an article with
    no text or no entities is a story of its own. Each story names its storyline
    (``Story.storyline``); see the module docstring for the steps.
    """
    by_id = {a.id: a for a in articles}
    if feats is None:
        feats = features_of(articles, extractions, entities, embedder)
    groups = group_features(feats, background, settled, moved)
    return by_size([story_of(g, by_id, known) for g in groups])


@dataclass(frozen=True)
class Group:
    """A story as clustering gives it, before its articles' texts are read again (wire
    families, headline): its id, its articles in processing order, its storyline's id."""

    id: str
    article_ids: list[str]
    storyline: str


def group_features(
    feats: Mapping[str, ArticleFeatures],
    background: Background | None = None,
    settled: Sequence[Settled] = (),
    moved: dict[str, str] | None = None,
) -> list[Group]:
    """Steps 1-4 of the module docstring on the articles' features alone (``feats`` in
    processing order), as ``cluster_articles`` takes them: a run that does not hold its
    articles (``storyline.whole``) groups them here and reads each story's back later.
    ``moved`` is given the ``settled`` stories that began a storyline and now follow up a
    story of the run: stored id -> the storyline they join (``Store.move_storylines``)."""
    clusterer = StoryClusterer()
    with clusterer.bulk():
        place_all(clusterer, list(feats.values()), background)
    # stored stories under ids of their own: a run story may have a stored story's id
    before = [clusterer.detached(f"{SETTLED}{s.id}", s.feats) for s in settled]
    fixed = {f"{SETTLED}{s.id}": s.storyline for s in settled}
    heads = {f"{SETTLED}{s.id}" for s in settled if s.storyline == s.id}
    lines = link_storylines([*clusterer.states(), *before], clusterer.is_name, fixed, heads)
    if moved is not None:
        moved.update(
            (sid.removeprefix(SETTLED), lines[sid]) for sid in heads if lines[sid] != fixed[sid]
        )
    split = split_stories(clusterer.stories(), feats, clusterer.frequencies())
    # a story split off by split_stories stays in its parent's storyline
    return [
        Group(sid, list(ids), lines.get(sid) or lines[clusterer.assignment[ids[0]]])
        for sid, ids in split.items()
    ]


def story_of(
    group: Group,
    articles: Mapping[str, Article],
    known: Mapping[frozenset[str], list[Family]] | None = None,
) -> Story:
    """The story of a ``group`` (step 5, its wire families; its headline and date span),
    ``articles`` holding at least its own, by id; ``known``: as ``cluster_articles`` takes
    it (the families of a group of a stored story's articles, which its texts give again)."""
    dates = sorted(p for aid in group.article_ids if (p := articles[aid].published))
    # each article is in one story: its shingles are made and dropped with it
    families = (known or {}).get(frozenset(group.article_ids)) or wire_families(
        group.article_ids, articles
    )
    return Story(
        id=group.id,
        article_ids=list(group.article_ids),
        families=families,
        headline=headline(group.article_ids, articles, families),
        date_span=(dates[0][:10], dates[-1][:10]) if dates else None,
        storyline=group.storyline,
    )


def by_size(stories: Sequence[Story]) -> list[Story]:
    """Stories largest first, then by first publication date (undated last), then id."""
    return sorted(stories, key=lambda s: (-len(s.article_ids), s.date_span or ("9999",), s.id))


def place_all(
    clusterer: StoryClusterer,
    feats: Sequence[ArticleFeatures],
    background: Background | None = None,
) -> None:
    """Place a batch of articles (in ``order_key`` order): the dated ones grouped block by
    block (``blocks.py``), then the undated ones grouped with each other and with the dated
    stories they come close to (``undated.py``), so they can join the stories the dated
    coverage formed. Words are weighed by the batch's and ``background``'s frequencies."""
    usable = [f for f in feats if not f.empty]
    clusterer.prime(usable, background)
    freq = clusterer.frequencies()
    dated = [f for f in usable if f.day is not None]
    for group in dated_groups(dated, freq):
        story = None
        for f in group:
            story = clusterer.place(f, story)
    if undated := [f for f in usable if f.day is None]:
        by_id = {f.id: f for f in dated}
        stories = {
            sid: [by_id[a] for a in ids if a in by_id] for sid, ids in clusterer.stories().items()
        }
        for sid, members in undated_groups(undated, stories, freq) or ():
            for f in members:
                sid = clusterer.place(f, sid)
    for f in feats:
        clusterer.add(f)  # featureless articles, and undated ones past undated.MAX_ROWS


def story_anchor(story: Story, articles: Mapping[str, Article]) -> str | None:
    """The story's publication-date span "YYYY-MM-DD/YYYY-MM-DD", for undated members.

    An undated article's "on Tuesday" can only be resolved against when its story was
    published; ``None`` when no member is dated.
    """
    dates = sorted(p[:10] for aid in story.article_ids if (p := articles[aid].published))
    if not dates:
        return None
    return f"{dates[0]}/{dates[-1]}"


def storylines_of(stories: Sequence[Story]) -> list[Storyline]:
    """The storylines the clustered ``stories`` form, each with its story ids in date order.

    A story whose ``storyline`` is unset is its own storyline. Storylines come in the order
    of their first story's first day, then id.
    """
    groups: dict[str, list[Story]] = {}
    for s in stories:
        groups.setdefault(s.storyline or s.id, []).append(s)
    out = []
    for lid, members in groups.items():
        members.sort(key=lambda s: (s.date_span[0] if s.date_span else "9999", s.id))
        spans = [s.date_span for s in members if s.date_span]
        out.append(
            Storyline(
                id=lid,
                story_ids=[s.id for s in members],
                date_span=(min(a for a, _ in spans), max(b for _, b in spans)) if spans else None,
                headline=next((s.headline for s in members if s.headline), None),
            )
        )
    out.sort(key=lambda ln: (ln.date_span[0] if ln.date_span else "9999", ln.id))
    return out
