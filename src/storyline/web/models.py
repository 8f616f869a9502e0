"""Pydantic models of the JSON API, so that ``/openapi.json`` describes every response.

They mirror the briefing contract (``schema/briefing.schema.json``): ``/api/stories/{id}``
returns a one-story briefing document that any consumer of ``briefing.json`` can read as is.
Unknown keys are kept (``extra="allow"``) so a field added to the briefing later reaches API
clients without a release of the UI.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Span(_Open):
    """An exact span of an article: ``article.text[start:end] == text``."""

    article_id: str
    text: str
    start: int
    end: int


class Family(_Open):
    id: str
    article_ids: list[str]
    wire: str | None = None


class Entity(_Open):
    id: str
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)
    article_ids: list[str] = Field(default_factory=list)


class Quote(_Open):
    id: str
    speaker: str | None = None
    speaker_entity: str | None = None
    text: str
    renderings: list[Span] = Field(default_factory=list)


class Claim(_Open):
    id: str
    text: str
    date: str | None = None
    sources: list[Span] = Field(default_factory=list)
    independent_sources: int = 0


class ConflictValue(_Open):
    value: str
    #: A number, a ``[low, high]`` interval (either bound may be open), a date, or null.
    normalized: int | float | list[int | float | None] | str | None = None
    attributed_to: str | None = None
    article_ids: list[str] = Field(default_factory=list)
    sources: list[Span] = Field(default_factory=list)


class Conflict(_Open):
    id: str
    kind: str = Field(description="number | date | quote | attribution | headline")
    subject: str | None = None
    values: list[ConflictValue] = Field(default_factory=list)


class TimelineItem(_Open):
    date: str
    claim_ids: list[str] = Field(default_factory=list)
    text: str


class SummaryLine(_Open):
    text: str
    claim_ids: list[str] = Field(default_factory=list)


class StorylineRef(_Open):
    """The storyline a story belongs to; a lone story is its own (``id`` = the story's)."""

    id: str
    story_ids: list[str] = Field(description="the storyline's stories in date order")


class Storyline(StorylineRef):
    """A storyline as ``briefing.json`` lists it."""

    date_span: list[str] | None = Field(None, description="[first, last] YYYY-MM-DD or null")
    headline: str | None = Field(None, description="its first story's headline")


class Story(_Open):
    id: str
    headline: str | None = None
    article_ids: list[str]
    date_span: list[str] | None = Field(None, description="[first, last] YYYY-MM-DD or null")
    storyline: StorylineRef | None = None
    families: list[Family] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    unique: dict[str, list[str]] = Field(default_factory=dict)
    omissions: dict[str, list[str]] = Field(default_factory=dict)
    timeline: list[TimelineItem] = Field(default_factory=list)
    framing: dict[str, dict[str, list[str]]] = Field(default_factory=dict)
    summary: list[SummaryLine] = Field(default_factory=list)


class Article(_Open):
    id: str
    source_path: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD or null")
    byline: str | None = None
    wire: str | None = None
    family: str | None = None
    text: str


class StoryBriefing(BaseModel):
    """A briefing document holding one story and the articles it covers."""

    schema_version: int = 2
    articles: list[Article]
    stories: list[Story]
    storylines: list[Storyline] = Field(default_factory=list)


class StorySummary(BaseModel):
    """One row of the story list."""

    id: str
    headline: str | None
    articles: int
    independent_sources: int
    conflicts: int
    first_date: str | None
    last_date: str | None
    url: str = Field(description="the story's page in this UI")


class StorylineSummary(Storyline):
    """One row of the storyline list."""

    url: str = Field(description="the storyline's page in this UI")


class StorylineStory(BaseModel):
    """One story of a storyline, in date order."""

    id: str
    headline: str | None
    articles: int
    independent_sources: int
    date_span: list[str] | None
    url: str = Field(description="the story's page in this UI")


class StorylineDetail(StorylineSummary):
    """A storyline with its stories in date order."""

    stories: list[StorylineStory]


class CitedSpan(BaseModel):
    start: int
    end: int
    text: str


class ArticleDetail(Article):
    """An article with the story it belongs to and every span the briefing cites in it."""

    story_id: str | None = None
    cited: list[CitedSpan] = Field(default_factory=list)


class ErrorDetail(BaseModel):
    """An error of the JSON API: what was not found, or why the store cannot be read."""

    detail: str
