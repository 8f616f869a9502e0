"""Stage 4: the atoms of each article: entities, quotes with speakers, quantities, dates.

Each article is parsed once (``storyline.nlp.parse``); every finder reads the same ``Doc``
and writes spans into ``Article.text``. Entities are canonicalised over *all* articles of the
run at the end, because "Mr. Lin" in one outlet is "Lin Jian" in another; quote speakers are
linked to mentions first and take their canonical entity once it is known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc

from storyline.errors import StorylineError
from storyline.extract.compounds import split_compounds
from storyline.extract.doc_text import doc_text
from storyline.extract.entities import (
    MentionInfo,
    canonicalise,
    find_mentions,
    propagate_names,
    vote_article_types,
)
from storyline.extract.names import display_name
from storyline.extract.quotes import find_marked, merge, paragraphs
from storyline.extract.reported import find_reported
from storyline.extract.speakers import Resolver
from storyline.models import (
    Article,
    DateRef,
    Entity,
    Extraction,
    Mention,
    Quantity,
    Quote,
    Story,
)
from storyline.nlp import SENTENCE_CLOSERS


@dataclass
class ExtractResult:
    """Per-article extractions and the run's canonical entities."""

    extractions: list[Extraction]
    entities: list[Entity] = field(default_factory=list)


def _quantities(doc: Doc, article: Article) -> list[Quantity]:
    try:
        from storyline.extract.quantities import find_quantities
    except ImportError:  # the quantities finder is a separate module; absent, none are found
        return []
    return find_quantities(doc, article)


def _dates(doc: Doc, article: Article, anchor: str | None) -> list[DateRef]:
    try:
        from storyline.extract.dates import find_dates
    except ImportError:
        return []
    return find_dates(doc, article, anchor)


def _sentences(doc: Doc) -> list[tuple[int, int]]:
    """Sentence spans trimmed of the blanked boilerplate around them; blank ones dropped. The
    closing marks the parser cut off a sentence's end ('... have a soul.' then '"' alone)
    close that sentence, which would otherwise stop inside its quotation."""
    out: list[tuple[int, int]] = []
    text = doc_text(doc)
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and out and out[-1][1] == s and not text[s:e].strip(SENTENCE_CLOSERS):
            out[-1] = (out[-1][0], e)
        elif e > s:
            out.append((s, e))
    return out


def _quotes(
    doc: Doc, article: Article, infos: list[MentionInfo]
) -> tuple[list[Quote], list[Quote], list[tuple[Quote, Mention]]]:
    """Quotes (speech), stances (beliefs, intentions, verdicts) and speaker links. Both are
    resolved together, so a pronoun or a partial quote inside a stance reads the same
    context as one inside speech."""
    para_of = [0] * len(doc)
    paras = paragraphs(doc_text(doc))
    p = 0
    for tok in doc:
        while p + 1 < len(paras) and tok.idx >= paras[p + 1][0]:
            p += 1
        para_of[tok.i] = p
    finds = merge(find_marked(article, doc_text(doc)), find_reported(article, doc, para_of))
    quoted = [(f.quote.start, f.quote.end) for f in finds if f.quote.kind != "reported"]
    links = Resolver(doc, infos, quoted).resolve(finds)
    pairs = [(finds[k].quote, m) for k, m in links.items()]
    return ([f.quote for f in finds if not f.stance], [f.quote for f in finds if f.stance], pairs)


def _extract_doc(
    article: Article, doc: Doc, anchor: str | None
) -> tuple[Extraction, list[MentionInfo], list[tuple[Quote, Mention]]]:
    infos = propagate_names(doc, article, split_compounds(find_mentions(doc, article)))
    vote_article_types(infos)
    quotes, stances, links = _quotes(doc, article, infos)
    ex = Extraction(
        article_id=article.id,
        sentences=_sentences(doc),
        mentions=[i.mention for i in infos],
        quotes=quotes,
        stances=stances,
        quantities=_quantities(doc, article),
        dates=_dates(doc, article, anchor),
    )
    return ex, infos, links


def _link_speakers(links: list[tuple[Quote, Mention]], names: Mapping[str, str]) -> None:
    for q, mention in links:
        if mention.entity_id is not None:
            q.speaker_entity = mention.entity_id
            q.speaker_name = names.get(mention.entity_id, q.speaker_name)


def entity_forms(entities: Sequence[Entity]) -> dict[str, set[str]]:
    """Each name an entity is written by (its canonical name and aliases) -> the entity ids."""
    forms: dict[str, set[str]] = {}
    for e in entities:
        for form in (e.name, *e.aliases):
            forms.setdefault(form, set()).add(e.id)
    return forms


def _link_by_name(ex: Extraction, names: Mapping[str, str], forms: Mapping[str, set[str]]) -> None:
    """A speaker with no mention under it (the model tagged no entity in that sentence:
    "Facebook said") takes the entity the article's own mentions of that exact name have,
    else the one entity its article mentions that the run writes so (``entity_forms``): an
    AllSides story showed "Facebook" and "Facebook Inc." as two speakers."""
    written: dict[str, set[str]] = {}
    for m in ex.mentions:
        if m.entity_id is not None:
            written.setdefault(m.text, set()).add(m.entity_id)
    mentioned = set().union(*written.values()) if written else set()
    for q in ex.quotes + ex.stances:
        if q.speaker_entity is not None or not q.speaker:
            continue
        text = q.speaker.strip()
        ids = written.get(text) or (forms.get(display_name(text), set()) & mentioned)
        if len(ids) == 1:
            q.speaker_entity = next(iter(ids))
            q.speaker_name = names.get(q.speaker_entity, q.speaker_name)


def _link_orgs(ex: Extraction, names: Mapping[str, str]) -> None:
    """Each quote's organisation (``affiliation.py``) takes its canonical entity."""
    at = {m.start: m for m in ex.mentions if m.entity_id is not None}
    for q in ex.quotes + ex.stances:
        m = at.get(q.speaker_org_start) if q.speaker_org_start is not None else None
        if m is not None and m.entity_id is not None:
            q.speaker_org_entity = m.entity_id
            q.speaker_org = names.get(m.entity_id, q.speaker_org)


# One article's share of the stage before the run-level step: its extraction, its mentions
# with what canonicalisation reads, and the quote-speaker links that step completes.
ArticleParts = tuple[Extraction, list[MentionInfo], list[tuple[Quote, Mention]]]


def date_anchor(article: Article, anchors: Mapping[str, str]) -> str | None:
    """What an article's relative dates resolve against: its story's anchor when the run
    gives one, else its own publication date (also part of its kept parts' key)."""
    return anchors.get(article.id) or article.published


def extract_parts(
    articles: Sequence[Article],
    nlp: Language | None = None,
    anchors: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
    docs: Sequence[Doc] | None = None,
) -> list[ArticleParts]:
    """The per-article half of the stage: parse and extract each article, nothing run-wide.

    Split from ``finish`` so that the engine can run this half in worker processes. The
    parts of one call keep shared objects shared when pickled together (a link's mention is
    the mention canonicalisation labels), so a worker returns one chunk's parts at once.
    ``articles`` are read as ``storyline.clean.cleaned`` gives them; none is changed.
    """
    from storyline.clean import cleaned
    from storyline.nlp import load_nlp, parse

    anchors = anchors or {}
    read = [cleaned(a) for a in articles]
    parts: list[ArticleParts] = []
    pairs = _parsed(read, docs) if docs is not None else parse(nlp or load_nlp(), read)
    for article, doc in pairs:
        parts.append(_extract_doc(article, doc, date_anchor(article, anchors)))
        if progress:
            progress(1)
    return parts


def _parsed(articles: Sequence[Article], docs: Sequence[Doc]) -> Iterator[tuple[Article, Doc]]:
    """The articles with the ``Doc``s the nlp stage gave them (``storyline.nlp.parse``), each
    checked to be the parse of its article's text: a span is an offset into the text."""
    from storyline.nlp import parse_text

    if len(docs) != len(articles):
        raise ExtractError(f"{len(docs)} parsed docs for {len(articles)} articles")
    for article, doc in zip(articles, docs, strict=True):
        if doc.text != parse_text(article):
            raise ExtractError(f"{article.source_path}: the doc given is not the parse of its text")
        yield article, doc


class ExtractError(StorylineError):
    """Docs given to the extract stage that are not the parses of its articles."""


def finish(parts: Sequence[ArticleParts]) -> ExtractResult:
    """The run-level half: canonical entities over every article, then speakers linked."""
    entities = canonicalise([info for _, infos, _ in parts for info in infos])
    names = {e.id: e.name for e in entities}
    forms = entity_forms(entities)
    return ExtractResult([complete(p, names, forms) for p in parts], entities)


def complete(
    parts: ArticleParts, names: Mapping[str, str], forms: Mapping[str, set[str]] | None = None
) -> Extraction:
    """One article's extraction once its mentions carry their canonical entities
    (``canonicalise``): its quotes take their speakers' and organisations' entities and
    canonical ``names`` (entity id -> name; ``forms``: ``entity_forms``), and share a
    person's role across quotes."""
    ex, _, links = parts
    _link_speakers(links, names)
    _link_by_name(ex, names, forms or {})
    _link_orgs(ex, names)
    _share_affiliations(ex)
    return ex


def _share_affiliations(ex: Extraction) -> None:
    """A quote whose speaker the article names without a role ("Psaki said") takes the role
    and organisation the article gives that person at another quote ("White House press
    secretary Jen Psaki"): one person, described once, is one card's speaker."""
    quotes = sorted(ex.quotes + ex.stances, key=lambda q: q.start)
    described: dict[str, Quote] = {}
    for q in quotes:
        if q.speaker_entity is not None and (q.speaker_role or q.speaker_org):
            described.setdefault(q.speaker_entity, q)
    for q in quotes:
        if q.speaker_role or q.speaker_org or q.speaker_entity not in described:
            continue
        d = described[q.speaker_entity]
        q.speaker_role, q.speaker_org = d.speaker_role, d.speaker_org
        q.speaker_org_start, q.speaker_org_end = d.speaker_org_start, d.speaker_org_end
        q.speaker_org_entity = d.speaker_org_entity


def extract_articles(
    articles: Sequence[Article],
    nlp: Language | None = None,
    anchors: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
    docs: Sequence[Doc] | None = None,
) -> ExtractResult:
    """Stage 4: parse every article once and extract its atoms; entities canonical across
    the run.

    Takes the articles as stage 2 gives them (``storyline.clean.clean``; one never cleaned
    is read as ``clean`` would mark it) and changes none of them. Gives one ``Extraction``
    per article, in order, and the run's canonical entities. ``anchors`` maps an article id
    to the date (``YYYY-MM-DD``) or story span (``YYYY-MM-DD/YYYY-MM-DD``) its relative
    dates resolve against; by default the article's own publication date (an undated
    article's relative dates stay unresolved until ``resolve_undated`` gives them their
    story's span). ``progress(n)`` is called as articles finish. ``docs``: the articles'
    parses, as stage 3 gives them (``storyline.nlp.parse``), read instead of parsing again
    (an ``ExtractError`` when one is not its article's). In this process;
    ``storyline.engine`` runs the same over a pool of workers.
    """
    return finish(extract_parts(articles, nlp, anchors, progress, docs))


def undated_anchors(articles: Sequence[Article], stories: Sequence[Story]) -> dict[str, str]:
    """The anchor of every undated article in a story with a dated member: the story's
    publication-date span ``YYYY-MM-DD/YYYY-MM-DD`` (``storyline.cluster.story_anchor``)."""
    from storyline.cluster import story_anchor

    by_id = {a.id: a for a in articles}
    return {
        aid: anchor
        for s in stories
        if (anchor := story_anchor(s, by_id))
        for aid in s.article_ids
        if not by_id[aid].published
    }


def resolve_undated(
    articles: Sequence[Article], extractions: Sequence[Extraction], stories: Sequence[Story]
) -> list[Extraction]:
    """The step between clustering and reconcile: dates of undated articles, story-anchored.

    An article without a publication date cannot resolve "on Tuesday" on its own; once the
    stories are known (``storyline.cluster.cluster_articles``), it resolves against its
    story's date span (``undated_anchors``). Only those articles' dates change, and they are
    resolved again from what the parse kept on each date (``storyline.extract.dates.redate``:
    the clause's tense), so no article is parsed twice; their entities, quotes and
    quantities do not depend on the anchor.

    Takes the stage's ``extractions`` (one per article, any order) and gives new ones in the
    same order: a copy with the new dates for each re-resolved article, the same object for
    every other. Nothing given is changed.
    """
    from storyline.extract.dates import redate

    anchors = undated_anchors(articles, stories)
    return [
        replace(ex, dates=redate(ex.dates, anchors[ex.article_id]))
        if ex.article_id in anchors
        else ex
        for ex in extractions
    ]


def extract_article(article: Article, nlp: Language) -> tuple[Extraction, list[Entity]]:
    """One article on its own (``storyline extract PATH --json``)."""
    result = extract_articles([article], nlp=nlp)
    return result.extractions[0], result.entities


__all__ = [
    "ArticleParts",
    "ExtractResult",
    "date_anchor",
    "extract_article",
    "extract_articles",
    "extract_parts",
    "finish",
    "resolve_undated",
    "undated_anchors",
]
