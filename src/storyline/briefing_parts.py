"""The sections of a story's briefing: spans, quotation cards, claims, conflicts, timeline
and summary lines, and what changed since the previous briefing.

``storyline.briefing`` assembles them into a ``Story`` and a ``Briefing`` (and re-exports
every name, so ``from storyline.briefing import Claim`` keeps working); the published schema
is generated from both modules' classes together.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Day = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
#: A resolved date: a day, a month, a year or an ISO week.
DateValue = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?$")]
DateSpan = Annotated[
    list[Day] | None,
    Field(
        min_length=2,
        max_length=2,
        description="First and last publication day (YYYY-MM-DD), null when no article is dated.",
    ),
]
#: Claim ids (or other ids) per family or article id.
IdMap = dict[str, list[str]]


def _absent_if_none(value: Any) -> bool:
    return value is None


class _Model(BaseModel):
    """Every part of the briefing: no key the model does not name, in or out."""

    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """An exact span of an article: ``article.text[start:end] == text``."""

    article_id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    hedges: list[str] | None = Field(
        default=None,
        exclude_if=_absent_if_none,
        description="Words that hedge the sentence (a claim's sources only).",
    )


Stance = Literal["assert", "deny", "dispute"]


class Rendering(Span):
    """One article's rendering of a quotation, with its own stance: ``deny`` when the speaker
    says a claim is false, ``dispute`` when they contest it or its reading without calling it
    false, ``assert`` otherwise; ``cue`` is the cue word as the article writes it; ``quoted``
    false for reported speech, which the reports show without quotation marks."""

    stance: Stance = "assert"
    cue: str | None = None
    quoted: bool = Field(
        default=True,
        description="The speaker's own words, in quotation marks in the article (a direct or "
        "partial quote); false for reported speech, the writer's words for what was said.",
    )
    narration: list[tuple[int, int]] | None = Field(
        default=None,
        exclude_if=_absent_if_none,
        description="The writer's words inside the span, between the pieces of a quotation its "
        "attribution cuts in two ('Ms. Pelosi told reporters.'), as [start, end] offsets of the "
        "article; the reports set each apart from the words said. Absent when there are none.",
    )


class Counterclaim(Span):
    """A sentence in which someone denies or disputes a claim: its span, who, and the cue."""

    speaker: str | None = None
    cue: str | None = None


class Source(Span):
    """A sentence that states a claim. ``stance`` ``deny``/``dispute`` marks a sentence that
    reports a denial ("Beijing rejected the idea that ..."): the claim it states is that
    denial, and the claim it denies lists it in ``denied_by``; ``cue`` is its cue word and
    ``speaker`` who denies."""

    stance: Stance = "assert"
    cue: str | None = Field(default=None, exclude_if=_absent_if_none)
    speaker: str | None = Field(default=None, exclude_if=_absent_if_none)


class Family(_Model):
    """Articles that are one source: one wire text and its copies, or one agency's or one
    outlet's reports of the story."""

    id: str
    article_ids: list[str] = Field(min_length=1)
    wire: str | None


class Entity(_Model):
    """A canonical entity: one name for every way the story's articles name it."""

    id: str
    name: str
    type: str
    aliases: list[str]
    article_ids: list[str]


class Quote(_Model):
    """A quotation and every outlet's rendering of it."""

    id: str
    speaker: str | None = Field(
        description="The speaker's canonical name: exactly the name of speaker_entity."
    )
    speaker_entity: str | None = Field(description="Id of the speaker's entity.")
    speaker_role: str | None = Field(
        default=None, description="The speaker's role as the articles give it (spokesman)."
    )
    speaker_org: str | None = Field(
        default=None,
        description="Canonical name of the organisation the speaker speaks for, kept apart "
        "from the speaker (Lin Jian, spokesman of China's foreign ministry).",
    )
    speaker_org_entity: str | None = Field(default=None, description="Its entity id.")
    stance: Stance = Field(default="assert", description="The quotation's stance.")
    cue: str | None = Field(default=None, description="The cue word of its stance.")
    text: str
    renderings: list[Rendering] = Field(min_length=1)


class Claim(_Model):
    """A statement, with every sentence that states it and how many independent families."""

    id: str
    text: str
    date: DateValue | None
    sources: list[Source] = Field(min_length=1, description="The sentences that assert it.")
    independent_sources: int = Field(
        ge=1,
        description="Families whose sentences assert it (a denial of it never counts); for "
        "a claim that is itself a denial, the families that report the denial. A family whose "
        "every sentence of it credits another of them (told X, according to X) does not count.",
    )
    denied_by: list[Counterclaim] = Field(
        default_factory=list, description="Sentences that deny it (never corroboration)."
    )
    disputed_by: list[Counterclaim] = Field(
        default_factory=list, description="Sentences that dispute it without denying it."
    )
    detail_of: str | None = Field(
        default=None,
        exclude_if=_absent_if_none,
        description="A detail claim: the id of the claim whose sentences it comes from. Its "
        "sources are the sentences of that claim that name a place, person or count (detail) "
        "that one family alone states (a unique detail) or that an article of the claim "
        "leaves out (an omission).",
    )
    detail: list[str] | None = Field(
        default=None, exclude_if=_absent_if_none, description="The detail's words as written."
    )


class ConflictValue(_Model):
    """One side of a conflict: a value as some articles give it."""

    value: str
    normalized: float | int | str | list[float | int | None] | None = Field(
        description="A number, a [low, high] interval (either bound may be open), a date, or null."
    )
    attributed_to: str | None
    article_ids: list[str] = Field(min_length=1)
    sources: list[Span]


class WordDiff(_Model):
    """How one rendering of a quotation differs from the first: words removed and added."""

    article_id: str
    removed: list[str]
    added: list[str]


class Conflict(_Model):
    id: str
    kind: Literal["number", "date", "quote", "attribution", "headline"]
    subject: str
    values: list[ConflictValue] = Field(min_length=2)
    diff: list[WordDiff] | None = Field(
        default=None, exclude_if=_absent_if_none, description="Quote conflicts only."
    )


class TimelineItem(_Model):
    date: DateValue
    claim_ids: list[str] = Field(min_length=1)
    text: str


class SummaryLine(_Model):
    text: str
    claim_ids: list[str] = Field(min_length=1)


class Changes(_Model):
    """What a story's briefing holds that its previous briefing did not: the archive grew
    and new articles joined the story (``storyline.changes``)."""

    since: str = Field(description="When the previous briefing was written (ISO 8601, UTC).")
    articles: list[str] = Field(description="Ids of the articles new to the story.")
    articles_left: list[str] = Field(
        default_factory=list,
        description="Ids of the articles the previous briefing held that the story no longer "
        "holds: grouped again with the articles that came since, they joined another story.",
    )
    claims: list[str] = Field(description="Ids of claims citing no sentence cited before.")
    conflicts: list[str] = Field(
        description="Ids of conflicts the previous briefing did not hold: none of their kind set "
        "two of their values against each other."
    )
    quotes: list[str] = Field(description="Ids of quote cards with no rendering seen before.")
    claims_joined: list[str] = Field(
        default_factory=list,
        description="Ids of claims cited before that a new article now states too: one more "
        "source for something already reported.",
    )
    quotes_joined: list[str] = Field(
        default_factory=list,
        description="Ids of quote cards seen before that a new article now renders too.",
    )
    conflicts_joined: list[str] = Field(
        default_factory=list,
        description="Ids of conflicts seen before that a new article now gives a value of.",
    )
