"""The reports of a run written batch by batch, as its stories are briefed (archive scale).

A run over a whole archive briefs its stories a batch at a time (``storyline.stream``) and
does not hold their briefings: each batch's stories go to disk as they are briefed, in the
per-story layout of ``storyline.report.per_story`` (``stories/<id>.json``, a line each in
``briefing.jsonl``), with their pages and their articles' pages, and their sections of
``briefing.md``. What spans the run is known before any story is briefed, from the stories
as clustered: the storylines and each story's entry (headline, dates, article count), so
each page places its story in its storyline as ``write_reports`` does. ``close`` writes the
index ``briefing.json``, ``index.html`` and the storyline pages from the rows kept per story
(a few numbers each), and removes what an earlier run wrote there and this one did not
(``storyline.report.prune``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from storyline.briefing import Briefing, IndexEntry
from storyline.briefing import Storyline as BriefStoryline
from storyline.report import write_pages
from storyline.report.html import environment, render_index_rows, render_storyline, story_rows
from storyline.report.markdown import MARKDOWN_TITLE, story_sections
from storyline.report.per_story import JSONL, STORY_DIR, dump, entry, index_json, story_briefings
from storyline.report.prune import prune_reports
from storyline.report.storylines import StoryEntry, storyline_pages
from storyline.report.view import Links


class StreamedReports:
    """Writes the reports of ``add``-ed briefings into ``out``; ``close`` finishes them.

    ``storylines`` are the run's storylines and ``entries`` every story of the run
    (``storyline.report.storylines.StoryEntry``), both known from the clustering."""

    def __init__(
        self, out: Path, storylines: Sequence[BriefStoryline], entries: Mapping[str, StoryEntry]
    ) -> None:
        self.out = out
        # Every file written into ``out``, by name: ``close`` removes the rest of an
        # earlier run's (``storyline.report.prune``).
        self._written: set[str] = {JSONL, "briefing.md"}
        (out / STORY_DIR).mkdir(parents=True, exist_ok=True)
        self._lines = [line.model_dump(mode="json") for line in storylines]
        self._entries = entries
        self._env, self._links = environment(), Links()
        self._jsonl: IO[str] = (out / JSONL).open("w", encoding="utf-8")
        self._md: IO[str] = (out / "briefing.md").open("w", encoding="utf-8")
        self._md.write(MARKDOWN_TITLE + "\n\n")
        self._index: list[IndexEntry] = []
        self._rows: list[dict[str, Any]] = []
        self._made_by: Any = None

    def add(self, briefing: Briefing) -> None:
        """Write one batch's stories: JSON, JSON Lines, pages, Markdown sections."""
        for story, doc in story_briefings(briefing):
            file = f"{STORY_DIR}/{story.id}.json"
            dump(self.out / file, doc)
            self._written.add(file)
            self._jsonl.write(json.dumps(doc, ensure_ascii=False) + "\n")
            self._index.append(entry(story, file))
        doc = briefing.to_json()
        self._made_by = doc.get("made_by")
        write_pages(doc, self.out, self._entries, self._env, self._links, written=self._written)
        if sections := story_sections(doc, self._entries):
            self._md.write("\n".join(sections) + "\n")
        self._rows += story_rows(doc)

    def close(self) -> dict[str, Path]:
        """The index ``briefing.json``, ``index.html`` and the storyline pages; returns the
        files to name to the user."""
        self._jsonl.close()
        self._md.close()
        path = self.out / "briefing.json"
        dump(path, index_json(self._made_by, self._lines, self._index))
        pages = storyline_pages({"storylines": self._lines}, self._entries)
        index = self.out / "index.html"
        html = render_index_rows(self._env, self._rows, pages, self._links)
        index.write_text(html, encoding="utf-8")
        for line in pages:
            page = self.out / self._links.storyline(line.id)
            page.write_text(render_storyline(self._env, line, self._links), encoding="utf-8")
            self._written.add(page.name)
        self._written |= {path.name, index.name}
        prune_reports(self.out, self._written)
        return {
            "json": path,
            "jsonl": self.out / JSONL,
            "stories": self.out / STORY_DIR,
            "markdown": self.out / "briefing.md",
            "html": index,
        }
