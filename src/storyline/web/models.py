"""Pydantic models of the JSON API, so that ``/openapi.json`` describes every response.

The briefing's own models are ``storyline.briefing``'s (the one typed briefing):
``/api/stories/{id}`` returns a one-story briefing document that any consumer of
``briefing.json`` can read as is. What is here are the UI's lists and details around it.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from storyline.briefing import Article, Briefing, Storyline


class StoryBriefing(Briefing):
    """A briefing document holding one story and the articles it covers."""


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
