"""The briefing: one typed model of what storyline writes, reads and shows.

``storyline.reconcile.build_briefing`` builds a ``Briefing``; ``briefing.json`` is its JSON
(``Briefing.to_json``); the store keeps each ``Story`` of it and reads it back through the same
model; the reports and the web UI render it, and the web API answers with it. The published
JSON Schema, ``schema/briefing.schema.json``, is generated from these classes
(``python -m storyline.briefing``), and a test keeps the committed file current.
The sections of a story (spans, quote cards, claims, conflicts, timeline, summary) are
``storyline.briefing_parts``'s; this module re-exports them and holds the document.

Every span's ``start``/``end`` is a character offset into its article's ``text`` and
``article.text[start:end] == text``: that is the promise a briefing makes to its reader, which
``storyline.reconcile.schema.validate_briefing`` checks beyond the schema.

``SCHEMA_VERSION`` rises with every change a reader of the old JSON would misread. A document of
another version does not validate (``schema_version`` is a constant): ``Briefing.read`` refuses
an older ``briefing.json`` with a one-line ``BriefingError`` (its quotes carry no stance, so a
denial would read as an assertion: analyse the articles again), and the store re-briefs what it
kept from an older version instead of reading it (``storyline.store.Store.get_briefing``).
"""

from __future__ import annotations

import json
import sys
from typing import Any, Final, Literal

from pydantic import Field

from storyline import models
from storyline.briefing_parts import (
    Changes,
    Claim,
    Conflict,
    ConflictValue,
    Counterclaim,
    DateSpan,
    DateValue,
    Day,
    Entity,
    Family,
    IdMap,
    Quote,
    Rendering,
    Source,
    Span,
    Stance,
    SummaryLine,
    TimelineItem,
    WordDiff,
    _absent_if_none,
    _Model,
)

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "Briefing",
    "Changes",
    "Claim",
    "Conflict",
    "ConflictValue",
    "Counterclaim",
    "DateSpan",
    "DateValue",
    "Day",
    "Entity",
    "Family",
    "IdMap",
    "MadeBy",
    "Quote",
    "Rendering",
    "Source",
    "Span",
    "Stance",
    "Story",
    "Storyline",
    "StorylineRef",
    "SummaryLine",
    "TimelineItem",
    "WordDiff",
    "BriefingIndex",
    "IndexEntry",
    "briefing_schema",
    "document",
    "index_schema",
    "schema_text",
    "storyline_json",
]


#: 2: every story names its storyline and date span; the document lists its storylines.
#: 3: a quote card and each rendering keep their stance and cue word (a denial is no longer
#: shown as an assertion), a card names its speaker's role and organisation apart, and a claim
#: lists who denies or disputes it apart from its sources.
#: 4: a rendering says whether it is the speaker's words in quotation marks (``quoted``) or
#: reported speech, the writer's words, which the reports no longer put in quotation marks.
#: 5: a rendering names the writer's words between the pieces of a quotation its attribution
#: cuts in two (``narration``), which the reports set apart from the words said.
SCHEMA_VERSION: Final = 5

#: The ``layout`` an index names, so that no reader takes it for a whole briefing.
PER_STORY: Final = "per-story"


class Article(_Model):
    id: str
    source_path: str
    title: str | None
    outlet: str | None
    url: str | None
    published: Day | None = Field(description="Publication day, YYYY-MM-DD, or null.")
    byline: str | None
    wire: str | None = Field(description="The wire service whose text this is, if any.")
    family: str | None = Field(description="Id of its wire family in its story.")
    text: str

    @classmethod
    def of(cls, article: models.Article, family: str | None) -> Article:
        """A stored article as the briefing lists it, in wire family ``family``."""
        keys = ("id", "source_path", "title", "outlet", "url", "published", "byline", "wire")
        return cls(**{k: getattr(article, k) for k in keys}, family=family, text=article.text)


class StorylineRef(_Model):
    """The storyline a story belongs to: stories about the same people and subject over time.
    A lone story is its own storyline (id = the story's id, story_ids = [that id])."""

    id: str
    story_ids: list[str] = Field(
        min_length=1,
        description="The storyline's stories in date order (first publication day, then id).",
    )


class Storyline(StorylineRef):
    """A storyline as the document lists it."""

    date_span: DateSpan
    headline: str | None = Field(description="The first story's headline.")


def storyline_json(line: models.Storyline, *, brief: bool = False) -> dict[str, Any]:
    """A storyline as the briefing writes it: id and story ids in date order, and unless
    ``brief`` (the reference each story carries) its date span and headline."""
    out: dict[str, Any] = {"id": line.id, "story_ids": list(line.story_ids)}
    if not brief:
        out["date_span"] = list(line.date_span) if line.date_span else None
        out["headline"] = line.headline
    return out


class Story(_Model):
    """One event and its coverage: the briefing of one story."""

    id: str
    headline: str | None
    article_ids: list[str] = Field(min_length=1)
    date_span: DateSpan
    storyline: StorylineRef
    families: list[Family]
    entities: list[Entity]
    quotes: list[Quote]
    claims: list[Claim]
    conflicts: list[Conflict]
    unique: IdMap = Field(
        description="Article id -> ids of claims only that article's family states."
    )
    omissions: IdMap = Field(
        description="Article id -> ids of claims that at least two other families and a "
        "majority of the story's families state, and it does not."
    )
    timeline: list[TimelineItem]
    framing: dict[str, IdMap] = Field(description="Family id -> framing verb -> claim ids.")
    summary: list[SummaryLine]
    new_since: Changes | None = Field(
        default=None,
        description="What changed since the story's previous briefing; null for a story "
        "briefed for the first time.",
    )

    @classmethod
    def unbriefed(cls, story: models.Story, storyline: StorylineRef) -> Story:
        """A stored story that has no briefing of this version: its articles and families,
        every section empty."""
        families = [Family(id=f.id, article_ids=f.article_ids, wire=f.wire) for f in story.families]
        return cls(
            id=story.id,
            headline=story.headline,
            article_ids=story.article_ids,
            date_span=list(story.date_span) if story.date_span else None,
            storyline=storyline,
            families=families,
            entities=[],
            quotes=[],
            claims=[],
            conflicts=[],
            unique={},
            omissions={},
            timeline=[],
            framing={},
            summary=[],
        )


class MadeBy(_Model):
    """What made this briefing, so that two briefings can be told apart or reproduced."""

    storyline: str = Field(description="storyline's version (storyline.__version__).")
    extractor: str = Field(
        description="Id of the extraction code and spaCy model "
        "(storyline.extract.parts.extractor_id): any change to what extraction yields gives "
        "a new id."
    )
    encoder: str | None = Field(
        description="Id of the sentence vectors (storyline.embed.model_id); null for an "
        "encoder that names none."
    )
    options: dict[str, Any] = Field(description="The options of the run, as the caller named them.")


class Briefing(_Model):
    """Per-story briefings in which every line cites exact spans of its sources."""

    schema_version: Literal[5] = SCHEMA_VERSION
    made_by: MadeBy | None = Field(
        default=None,
        exclude_if=_absent_if_none,
        description="Written by analyze (briefing.json); a document rebuilt from the store "
        "(the web API) leaves it out.",
    )
    articles: list[Article]
    stories: list[Story]
    storylines: list[Storyline] = Field(
        description="Every storyline of the stories, in date order of its first story."
    )

    def to_json(self) -> dict[str, Any]:
        """The document as ``briefing.json`` holds it (plain JSON values)."""
        return self.model_dump(mode="json")

    @classmethod
    def read(cls, doc: dict[str, Any]) -> Briefing:
        """A briefing from its JSON; ``BriefingError`` for one another version wrote."""
        version = doc.get("schema_version")
        if doc.get("layout") == PER_STORY:
            from storyline.reconcile.schema import BriefingError

            raise BriefingError(
                "an index of per-story briefings (storyline.report.per_story): read the "
                "files it lists, or briefing.jsonl, one briefing per line"
            )
        if version != SCHEMA_VERSION:
            from storyline.reconcile.schema import BriefingError

            raise BriefingError(
                f"a briefing of schema version {version}, not {SCHEMA_VERSION}: it would be "
                "misread (run `storyline analyze` on its articles again)"
            )
        from pydantic import ValidationError

        try:
            return cls.model_validate(doc)
        except ValidationError as exc:  # one line, as every error storyline raises
            from storyline.reconcile.schema import BriefingError

            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "the document"
            more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
            raise BriefingError(f"not a briefing: {where}: {first['msg']}{more}") from exc


def document(briefing: Briefing | dict[str, Any]) -> dict[str, Any]:
    """The JSON of a briefing, as the renderers read it; a dict (a ``briefing.json`` read
    back) goes through the model first, so an older or broken document is refused
    (``BriefingError``), never misread."""
    if isinstance(briefing, Briefing):
        return briefing.to_json()
    return Briefing.read(briefing).to_json()


#: The published schema's identity; the rest comes from the models.
SCHEMA_HEADER = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://storyline.invalid/schema/briefing.schema.json",
    "title": "storyline briefing",
}


def briefing_schema() -> dict[str, Any]:
    """The JSON Schema of ``briefing.json``, generated from ``Briefing`` (serialisation
    mode: what a reader of the file sees)."""
    schema = Briefing.model_json_schema(mode="serialization")
    schema.pop("title", None)
    # Always written, though Python callers need not pass it (it has a default).
    schema["required"] = ["schema_version", *schema["required"]]
    schema["description"] = (
        f"{Briefing.__doc__} Every start/end is a character offset into the article's text, "
        f"and article.text[start:end] == text. Version {SCHEMA_VERSION}."
    )
    return {**SCHEMA_HEADER, **schema}


class IndexEntry(_Model):
    """One story's line in the index of a run written per story."""

    id: str
    headline: str | None
    date_span: DateSpan
    articles: int = Field(ge=1, description="How many articles the story holds.")
    path: str = Field(
        description="The file of the story's own briefing (briefing.schema.json, one story), "
        "relative to the index: stories/<story id>.json."
    )


class BriefingIndex(_Model):
    """The ``briefing.json`` of a run written per story (archive scale, or ``--per-story``):
    what made it, the storylines, and per story the file holding its briefing."""

    schema_version: Literal[5] = SCHEMA_VERSION
    layout: Literal["per-story"] = PER_STORY
    made_by: MadeBy | None = Field(
        description="As in a whole briefing; null when the run wrote no story."
    )
    jsonl: str = Field(description="The file holding the same briefings, one per line.")
    stories: list[IndexEntry]
    storylines: list[Storyline] = Field(
        description="Every storyline of the stories, in date order of its first story."
    )


#: The published schemas' identity; the rest comes from the models.
INDEX_SCHEMA_HEADER = {
    **SCHEMA_HEADER,
    "$id": "https://storyline.invalid/schema/briefing-index.schema.json",
    "title": "storyline briefing index (per-story layout)",
}


def index_schema() -> dict[str, Any]:
    """The JSON Schema of the index ``briefing.json`` of a run written per story."""
    schema = BriefingIndex.model_json_schema(mode="serialization")
    schema.pop("title", None)
    schema["required"] = ["schema_version", "layout", *schema["required"]]
    schema["description"] = f"{BriefingIndex.__doc__} Version {SCHEMA_VERSION}."
    return {**INDEX_SCHEMA_HEADER, **schema}


def schema_text(index: bool = False) -> str:
    """``briefing_schema()`` (or, with ``index``, ``index_schema()``) as the committed file
    holds it."""
    schema = index_schema() if index else briefing_schema()
    return json.dumps(schema, indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    # python -m storyline.briefing > schema/briefing.schema.json
    # python -m storyline.briefing index > schema/briefing-index.schema.json
    sys.stdout.write(schema_text(index=sys.argv[1:] == ["index"]))
