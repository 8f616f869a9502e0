"""Clearing a reused report folder of what an earlier run wrote and this one did not.

``storyline analyze --out DIR`` into a folder an earlier run wrote overwrites the pages of the
stories and articles it has again, but those of stories no longer there (regrouped, or another
store's) would stay, linked from nowhere and read as current by anyone who opens them; so
would an earlier ``--per-story`` run's JSON next to a whole ``briefing.json``. The run knows
the files it wrote (``write_reports``, ``write_json`` and ``StreamedReports`` collect their
names): after writing, the files of the run's own kinds and names (``REPORT_FILES``) that are
not among them are removed, whenever they were written (no clock is read: a file system's
coarse timestamps cannot tell an earlier run's file from this run's); nothing else in the
folder is touched.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

#: The files a run writes into its report folder, relative to it: the pages
#: (``storyline.report.view.Links``) and the per-story JSON (``storyline.report.per_story``),
#: matched with the shape of their ids (articles: 16 hex digits; stories and storylines: a
#: 16-digit hash, perhaps an article id and a count after it; earlier versions named the pages
#: ``story-story-<hash>.html``), so that a user's own files in a folder used as ``--out`` (a
#: ``story-1.html`` of theirs, an input ``.jsonl``) are never taken for them.
REPORT_FILES = re.compile(
    r"(story|storyline)-(story-)?[0-9a-f]{16}(-[0-9a-f]{16}(-[0-9]+)?)?\.html"
    r"|article-[0-9a-f]{16}\.html"
    r"|stories/story-[0-9a-z-]+\.json|briefing\.jsonl"
)


def prune_reports(out_dir: Path, written: Collection[str]) -> list[Path]:
    """Remove the files of ``REPORT_FILES`` in ``out_dir`` that this run did not write
    (``written``: the names, relative to ``out_dir`` with ``/``, of every file it wrote there),
    and the per-story folder when that leaves it empty; return what was removed."""
    removed = []
    for path in sorted(
        [*out_dir.glob("*.html"), *out_dir.glob("*.jsonl"), *out_dir.glob("stories/*")]
    ):
        name = path.relative_to(out_dir).as_posix()
        if REPORT_FILES.fullmatch(name) and name not in written and path.is_file():
            path.unlink()
            removed.append(path)
    stories = out_dir / "stories"
    if removed and stories.is_dir() and not any(stories.iterdir()):
        stories.rmdir()
    return removed
