"""The JSON of a run: one ``briefing.json``, or per story at archive scale.

A small run writes one ``briefing.json`` holding every article and story. Past
``ARCHIVE_SCALE_STORIES`` stories that file stops being something a reader can open, so the
run writes instead, into the same folder:

- ``stories/<story id>.json``: one briefing per story, in the published schema: its story,
  the articles it cites, its storyline (``storyline.briefing.Briefing``, so every span is
  checked by ``storyline.reconcile.schema.validate_briefing`` as for a whole briefing);
- ``briefing.jsonl``: the same per-story briefings, one per line, in the stories' order;
- ``briefing.json``: an index (``layout: "per-story"``): ``made_by``, the storylines, and per
  story its id, headline, date span, article count and file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic_core

from storyline.briefing import Briefing, BriefingIndex, IndexEntry, Story

#: Above this many stories a run's JSON is written per story. A story's briefing, with the
#: full text of its articles, is 160 KB for the seeds' story (five long articles) and 49 KB for
#: the bundled sample's (five short ones). A whole ``briefing.json`` is also what scripts and
#: scorers read (``json.load`` of one file), so it stays whole as long as one process reads it
#: in seconds: up to 2,000 stories, 100-300 MB, a few months of a few hundred outlets. Past
#: that, a file no editor opens and a parse that holds gigabytes: per story. ``--per-story``
#: asks for that layout at any size (200 stories already make 10-30 MB, past VS Code's 20 MB).
ARCHIVE_SCALE_STORIES = 2000

STORY_DIR = "stories"
JSONL = "briefing.jsonl"


def write_json(
    briefing: Briefing,
    out: Path,
    per_story: bool | None = None,
    written: set[str] | None = None,
) -> dict[str, Path]:
    """Write the run's JSON into ``out``: per story when ``per_story`` is true, or when it is
    None and the briefing holds more than ``ARCHIVE_SCALE_STORIES`` stories; else one
    ``briefing.json``. Returns the files to name to the user; adds the name (relative to
    ``out``) of every file written to ``written`` (``storyline.report.prune``)."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "briefing.json"
    names = written if written is not None else set()
    names.add(path.name)
    if per_story is None:
        per_story = len(briefing.stories) > ARCHIVE_SCALE_STORIES
    if not per_story:
        dump(path, briefing.to_json())
        return {"json": path}
    (out / STORY_DIR).mkdir(exist_ok=True)
    entries = []
    names.add(JSONL)
    with (out / JSONL).open("w", encoding="utf-8") as lines:
        for story, doc in story_briefings(briefing):
            file = f"{STORY_DIR}/{story.id}.json"
            dump(out / file, doc)
            names.add(file)
            lines.write(json.dumps(doc, ensure_ascii=False) + "\n")
            entries.append(entry(story, file))
    dump(path, _index(briefing, entries))
    return {"json": path, "jsonl": out / JSONL, "stories": out / STORY_DIR}


def story_briefings(briefing: Briefing) -> Iterator[tuple[Story, dict[str, Any]]]:
    """Each story with its own briefing's JSON: the story, the articles it cites, its
    storyline, and the run's ``made_by``."""
    articles = {a.id: a for a in briefing.articles}
    lines = {line.id: line for line in briefing.storylines}
    for story in briefing.stories:
        line = lines.get(story.storyline.id)
        part = Briefing(
            made_by=briefing.made_by,
            articles=[articles[a] for a in story.article_ids if a in articles],
            stories=[story],
            storylines=[line] if line else [],
        )
        yield story, part.to_json()


def entry(story: Story, file: str) -> IndexEntry:
    """One story's line in the index: id, headline, date span, article count, file."""
    return IndexEntry(
        id=story.id,
        headline=story.headline,
        date_span=story.date_span,
        articles=len(story.article_ids),
        path=file,
    )


def _index(briefing: Briefing, entries: list[IndexEntry]) -> dict[str, Any]:
    doc = briefing.model_dump(mode="json", include={"made_by", "storylines"})
    return index_json(doc.get("made_by"), doc["storylines"], entries)


def index_json(
    made_by: Any, storylines: list[dict[str, Any]], entries: list[IndexEntry]
) -> dict[str, Any]:
    """The index ``briefing.json`` of a run written per story (see the module docstring), in
    its published schema (``storyline.briefing.BriefingIndex``)."""
    index = BriefingIndex.model_validate(
        {"made_by": made_by, "jsonl": JSONL, "stories": entries, "storylines": storylines}
    )
    return index.model_dump(mode="json")


def dump(path: Path, doc: dict[str, Any]) -> None:
    """``doc`` as the JSON files of a run are written: indented by one space, UTF-8 as it is.

    Written by pydantic's serialiser (Rust), not ``json.dumps``: with an indent ``json`` runs
    its pure-Python encoder, 1.3 CPU s for the 42 MB ``briefing.json`` of 1,000 articles
    against 0.4. The text is the same but for a float's exponent form (1e-05 / 0.00001)."""
    path.write_bytes(pydantic_core.to_json(doc, indent=1))
