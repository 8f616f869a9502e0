"""Validate a briefing against its published schema and check every span it cites.

The schema (``schema/briefing.schema.json``) is generated from the model
(``storyline.briefing.briefing_schema``); ``load_schema`` builds it from the model, so an
installed package needs no copy of the file.

The schema says what shape the JSON has; it cannot say that a span's ``text`` is really what
sits at ``start:end`` of its article, which is the promise a briefing makes to its reader. So
``validate_briefing`` checks both, and raises one error listing what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from storyline.briefing import Briefing
from storyline.errors import StorylineError

# How many problems one error message lists before it stops (the rest are counted).
MAX_REPORTED = 10


class BriefingError(StorylineError, ValueError):
    """A briefing that breaks the schema or cites a span its article does not hold."""


@cache
def load_schema() -> dict[str, Any]:
    """The published JSON Schema (draft 2020-12) of ``briefing.json``."""
    from storyline.briefing import briefing_schema

    return briefing_schema()


def all_spans(doc: Briefing | dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every cited span of every story: claim sources, quote renderings, conflict values."""
    if isinstance(doc, Briefing):
        doc = doc.to_json()
    for story in doc.get("stories", []):
        for claim in story.get("claims", []):
            yield from claim.get("sources", [])
        for quote in story.get("quotes", []):
            yield from quote.get("renderings", [])
        for conflict in story.get("conflicts", []):
            for value in conflict.get("values", []):
                yield from value.get("sources", [])


def validate_briefing(doc: Briefing | dict[str, Any]) -> None:
    """Raise ``BriefingError`` unless ``doc`` matches the schema and every span is exact."""
    import jsonschema

    if isinstance(doc, Briefing):
        doc = doc.to_json()
    validator = jsonschema.Draft202012Validator(load_schema())
    problems = [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in validator.iter_errors(doc)
    ]
    texts = {a["id"]: a["text"] for a in doc.get("articles", []) if isinstance(a, dict)}
    for span in all_spans(doc):
        text = texts.get(span.get("article_id", ""))
        if text is None:
            problems.append(f"span cites unknown article {span.get('article_id')!r}")
        elif text[span["start"] : span["end"]] != span["text"]:
            problems.append(
                f"span {span['article_id']}[{span['start']}:{span['end']}] "
                f"does not hold {span['text'][:40]!r}"
            )
    if problems:
        more = len(problems) - MAX_REPORTED
        tail = f"; and {more} more" if more > 0 else ""
        raise BriefingError("; ".join(problems[:MAX_REPORTED]) + tail)
