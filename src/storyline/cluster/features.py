"""What the story clusterer reads from one article: compact, parse-free features.

Clustering a million articles must not touch spaCy again, so everything it needs is boiled
down here, once per article, into small integer-keyed counters:

* ``terms``: content words and numbers of the title and lead. The lead is where a news report
  says what happened, to whom, where and when; later paragraphs drift into background that
  other stories share, so only the first ``LEAD_WORDS`` prose words count.
* ``entities``: canonical entities (``Mention.entity_id``) of the whole prose, or a normalised
  name when no canonical id was assigned. Two reports of one event name the same people.
* ``years``: years the text mentions in its date expressions. Two events about the same people
  years apart (the same celebrity's two rehab stays) differ here more than in any word.
* ``day``: the publication day, when known, for the time window.
* ``lead``: the sentence encoder's vector of the title and lead (``lead_vectors``), when the
  run has an encoder: two reports of one event that word it otherwise ("canceling projects to
  build a wall" / "cancelling ... border wall") share few words but mean the same.
* ``weekday``: the days of the week the title and lead name ("voted Wednesday"): the day of
  the event, which a report published a day late, or an undated page, names all the same.

Keys are CRC32 hashes so that the features of a million articles fit in memory and so that
the same word gets the same key in every process (Python's ``hash`` is salted per run).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from storyline.models import Article, Extraction, Mention

# The lead carries the who/what/where/when of a report; 60 words is its first two or three
# sentences, past which news text turns to context and background shared with other stories
# of the same subject (at 120 words ECB+ B-cubed F1 fell from 0.916 to 0.903 and AllSides
# dev moved by 0.003).
LEAD_WORDS = 60
# Named-entity labels that identify an event's participants and places (dates and numbers
# are read separately; CARDINAL/ORDINAL names would only add noise).
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
# Years outside this range in a date expression are typos or not years at all.
MIN_YEAR, MAX_YEAR = 1900, 2100
# The days of the week as news leads name them ("said Tuesday", "on Wednesday night"), in
# ``date.weekday`` order: the day a report's event happened, read from its words rather than
# from its publication date, so a report published a day late names the same day.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)

_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*", re.UNICODE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d|2100)\b")
_TITLES = re.compile(
    r"^(?:the|mr|mrs|ms|dr|president|prime minister|minister|gen|general|sen|senator|rep|"
    r"gov|governor|judge|sir|lady|lord|king|queen|prince|princess|pope|st)\.?\s+",
    re.I,
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# Capitalised words right before a person's name: the title news style capitalises only
# there ("Vice President", "Gov.", "Sen."), so it stands for the person as the name does.
_TITLE_BEFORE = re.compile(r"(?:[A-Z][\w’'.-]*\s+)+$")
# Characters before a person mention searched for such a title.
TITLE_CHARS = 40


def key(s: str) -> int:
    """A stable 32-bit key for a string (the same in every process and run)."""
    return zlib.crc32(s.encode("utf-8"))


@dataclass(slots=True)
class ArticleFeatures:
    """Everything the story clusterer needs from one article, with no text left in it."""

    id: str
    day: int | None = None  # publication date as a proleptic ordinal (date.toordinal)
    terms: dict[int, int] = field(default_factory=dict)  # term key -> count in title + lead
    entities: dict[int, int] = field(default_factory=dict)  # entity key -> mention count
    years: frozenset[int] = frozenset()  # years named in the text's date expressions
    # Hash of the article's words alone (``content_key``): the processing order and the story
    # ids come from it, so where a file lies and what it is called change nothing.
    content: str = ""
    # Keys of the title and lead words that belong to a name the article mentions ("florida"
    # when "Florida" is a place it names): the clusterer counts, over a run, how often each
    # word is a name, so that storylines can weigh a story's subject words apart from the
    # names it repeats (``storylines.py``).
    names: tuple[int, ...] = ()
    # Unit-length sentence vector of the title and lead (``lead_vectors``), float16 (half the
    # memory of float32; a cosine moves by under 0.001), or None when the run has no encoder.
    lead: np.ndarray | None = field(default=None, compare=False)
    # The days of the week the title and lead name (``weekday_named``), 0 when they name
    # none: two reports of one subject that name other days report two developments.
    weekday: int = 0

    @property
    def empty(self) -> bool:
        """No words or no entities: nothing to tell which story it belongs to."""
        return not self.terms or not self.entities


def words(text: str) -> list[str]:
    """Lower-cased words and numbers of a text, stop words and single letters dropped."""
    out = []
    for m in _WORD.finditer(text):
        w = m.group().lower().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) > 1 and w not in STOP_WORDS:
            out.append(w)
    return out


def content_key(article: Article) -> str:
    """A hash of the article's words alone, independent of its file, folder or id.

    Article ids mix in the source path when there is no URL, so two copies of one folder get
    other ids; the clusterer orders articles and names stories by this key instead, which
    makes the stories the same whatever the files are called and wherever they lie.
    """
    text = " ".join(article.text.split()) + "\x01" + " ".join((article.title or "").split())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def entity_name_key(mention: Mention) -> str:
    """A canonical-ish key for a mention that has no canonical entity id.

    Titles and possessives are dropped and a person is keyed by surname, so "President
    Volodymyr Zelensky", "Zelensky's" and "Mr. Zelensky" meet; the real canonicaliser (extract
    stage) fills ``entity_id`` and is preferred whenever present.
    """
    name = " ".join(mention.text.split())
    prev = None
    while prev != name:
        prev, name = name, _TITLES.sub("", name)
    name = _POSSESSIVE.sub("", name).strip(" .,").lower()
    if mention.label == "PERSON" and " " in name:
        name = name.rsplit(" ", 1)[1]
    return f"{mention.label}:{name}"


def day_of(published: str | None) -> int | None:
    """A publication date's day as a proleptic ordinal (``ArticleFeatures.day``); None when
    there is none or it is not a date."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def _lead(article: Article, prose: str) -> str:
    """Title plus the first ``LEAD_WORDS`` words of prose."""
    head = article.title or ""
    if article.title_span and not head:
        head = article.text[article.title_span[0] : article.title_span[1]]
    n = 0
    for m in _WORD.finditer(prose):
        n += 1
        if n > LEAD_WORDS:
            return head + "\n" + prose[: m.start()]
    return head + "\n" + prose


def _prose(article: Article) -> str:
    if not article.prose:
        return article.text
    from storyline.clean import prose_text

    return prose_text(article)


def _name_words(text: str, mention: Mention, label: str) -> list[str]:
    """The words of a mention's name, with a person's capitalised title before it."""
    name = mention.text
    start = max(0, mention.start - TITLE_CHARS)
    if label == "PERSON" and (t := _TITLE_BEFORE.search(text, start, mention.start)):
        name = t.group() + name
    return words(name)


def article_features(
    article: Article,
    extraction: Extraction | None,
    types: Mapping[str, str] | None = None,
    lead_vector: np.ndarray | None = None,
) -> ArticleFeatures:
    """Boil one article and its extraction down to clustering features; ``lead_vector`` is its
    ``lead_vectors`` vector, when the run has one.

    ``types`` maps canonical entity ids to their run-wide type, which beats one mention's
    spaCy label (spaCy calls the same name a PERSON in one sentence and an ORG in the next).
    """
    types = types or {}
    prose = _prose(article)
    lead = _lead(article, prose)
    lead_words = words(lead)
    terms = Counter(key(w) for w in lead_words)
    entities: Counter[int] = Counter()
    years: set[int] = set()
    named: set[str] = set()
    if extraction is not None:
        for m in extraction.mentions:
            label = types.get(m.entity_id, m.label) if m.entity_id else m.label
            if label in ENTITY_LABELS:
                entities[key(m.entity_id or entity_name_key(m))] += 1
                named.update(_name_words(article.text, m, label))
            elif m.label == "DATE":
                years.update(int(y) for y in _YEAR.findall(m.text))
        for d in extraction.dates:
            if d.value and d.value[:4].isdigit() and d.rule == "absolute":
                years.add(int(d.value[:4]))
    years = {y for y in years if MIN_YEAR <= y <= MAX_YEAR}
    for y in years:
        # A named year weighs like one more shared entity: reports of one event share it.
        entities[key(f"YEAR:{y}")] += 1
    return ArticleFeatures(
        id=article.id,
        day=day_of(article.published),
        content=content_key(article),
        terms=dict(terms),
        entities=dict(entities),
        years=frozenset(years),
        names=tuple(sorted({key(w) for w in lead_words if w in named})),
        lead=lead_vector,
        weekday=weekday_named(lead),
    )


def weekday_named(text: str) -> int:
    """The days of the week ``text`` names, as a bit mask (bit ``i``: ``WEEKDAYS[i]``)."""
    mask = 0
    for m in _WEEKDAY.finditer(text):
        mask |= 1 << WEEKDAYS.index(m.group(1).lower())
    return mask


def lead_text(article: Article) -> str:
    """The title and lead whose words are an article's ``terms``, as one text."""
    return _lead(article, _prose(article))


def lead_vectors(articles: Sequence[Article], embedder: Any) -> dict[str, np.ndarray]:
    """Article id -> the unit-length vector ``embedder`` (``storyline.embed``'s, or the
    store's ``CachedEmbedder``) gives its ``lead_text``, as ``ArticleFeatures.lead`` keeps it."""
    if not articles:
        return {}
    vectors = embedder.encode([lead_text(a) for a in articles], normalize_embeddings=True)
    return {a.id: np.asarray(v, dtype=np.float16) for a, v in zip(articles, vectors, strict=True)}
