"""``storyline watch``: the followed feeds polled on a schedule, and what arrives analysed.

Each poll, in steps, with the store open only for the poll (other commands, and the web UI's
copy, see the new state between polls):

1. ``recover``: the pages a stopped run fetched but did not store are read back from the WARC
   archive (``storyline.fetch.recover``), never fetched again;
2. ``fetch``: every followed feed and sitemap, and the pages it lists that the store lacks,
   through the polite client (``storyline.pipeline.ingest``); stored pages still young are
   asked again, conditionally, so that a page changed since is kept as its next version;
3. ``analyze``: the fetched pages in no story yet (those of this poll, and any a stopped run
   left) go through the incremental ``storyline.pipeline.analyze``: they join the stored
   stories they belong to, and only the stories they change are briefed again.

A stop (``Watcher.stop``: Ctrl+C or SIGTERM on the command line) is honoured between two
URLs and between steps; nothing is lost whenever it comes, even a kill: each step writes in
transactions, and the next poll picks up what the stopped one left (steps 1 and 3).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from storyline.errors import StorylineError
from storyline.fetch.archive import warc_path
from storyline.fetch.client import FetchOptions
from storyline.fetch.recover import recover
from storyline.models import ReadError
from storyline.store import Store

__all__ = ["Poll", "Watcher"]

#: Seconds between polls by default: news feeds change every few minutes, and a site asked
#: every 15 minutes for its feed (one request) is not burdened.
EVERY = 15 * 60.0
#: Seconds a pause between polls sleeps at a time before looking whether it was stopped.
TICK = 0.2


@dataclass
class Poll:
    """What one poll did."""

    number: int
    recovered: int = 0  # pages read back from the WARC archive
    added: int = 0  # new articles, new versions included
    versions: int = 0  # new versions of stored pages
    stored: int = 0  # pages listed that the store had
    errors: int = 0
    analysed: int = 0  # articles analysed
    stories: list[tuple[str, int]] = field(default_factory=list)  # (story id, new articles)
    stopped: bool = False  # the stop came before the poll's end

    def line(self) -> str:
        """The poll on one line: what arrived, and which stories it changed."""
        when = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        parts = [f"{self.added} new article{_s(self.added)}"]
        if self.versions == 1:
            parts[0] += " (1 a new version of a stored page)"
        elif self.versions:
            parts[0] += f" ({self.versions} of them new versions of stored pages)"
        if self.recovered:
            parts.append(f"{self.recovered} read back from the WARC archive")
        parts += [f"{self.stored} already stored", f"{self.errors} failed"]
        head = f"{when} poll {self.number}: " + ", ".join(parts)
        if self.stopped:
            return head + "; stopped before the analysis (the next start analyses them)"
        if not self.stories:
            return head + "; no story changed"
        n = len(self.stories)
        briefed = ", ".join(f"{sid[:12]} (+{k})" for sid, k in self.stories)
        return head + f"; {n} stor{'y' if n == 1 else 'ies'} briefed: {briefed}"


def _s(n: int) -> str:
    return "" if n == 1 else "s"


@dataclass
class Watcher:
    """Polls the followed feeds of the store at ``db`` (see the module docstring)."""

    db: Path
    options: FetchOptions = field(default_factory=FetchOptions)
    every: float = EVERY
    out: Path | None = None  # where each poll's analysis writes its reports
    on_error: Callable[[ReadError], None] | None = None
    say: Callable[[str], None] = print
    analyze_options: dict[str, Any] = field(default_factory=dict)  # nlp, embedder, workers
    stopping: bool = False
    polls: int = 0

    def stop(self) -> None:
        """Stop between steps (callable from a signal handler)."""
        self.stopping = True

    def run(self, *, once: bool = False) -> list[Poll]:
        """Poll until stopped (or once); returns each poll's report."""
        done: list[Poll] = []
        while not self.stopping:
            start = time.monotonic()
            try:
                done.append(self.poll())
                self.say(done[-1].line())
            except StorylineError as exc:  # a store busy past its wait: the next poll tries
                if once:
                    raise
                self.say(f"poll {self.polls} failed: {exc}")
            if once:
                break
            self._pause(start + self.every)
        return done

    def _pause(self, until: float) -> None:
        while not self.stopping and (left := until - time.monotonic()) > 0:
            time.sleep(min(TICK, left))

    def _fetch_options(self) -> FetchOptions:
        o = self.options
        warc = o.warc or warc_path(self.db)
        after = o.revisit_after if o.revisit_after is not None else self.every
        return replace(o, warc=warc, revisit_after=after, stop=lambda: self.stopping)

    def poll(self) -> Poll:
        """One poll: recover, fetch, analyze (see the module docstring)."""
        from storyline.fetch.feeds import followed
        from storyline.ingest import OutletRegistry
        from storyline.pipeline import ingest

        self.polls += 1
        report = Poll(self.polls)
        options = self._fetch_options()
        registry = self.analyze_options.get("registry") or OutletRegistry.load()
        with Store(self.db) as store:
            assert options.warc is not None
            found = recover(store, options.warc, registry, options.max_bytes)
            report.recovered = len(found.added)
            urls = [f.url for f in followed(store)]
            if not urls:
                raise StorylineError("no followed feeds (add one with `storyline feeds add URL`)")
            if not self.stopping:
                result = ingest(urls, store, fetch=options, on_error=self._error(report),
                                registry=registry, max_bytes=options.max_bytes)  # fmt: skip
                report.added, report.stored = len(result.added), len(result.skipped)
                report.versions = len(result.versions) + len(found.versions)
            report.added += len(found.added)
            if self.stopping:
                report.stopped = True
                return report
            self._analyze(store, report, registry)
        return report

    def _error(self, report: Poll) -> Callable[[ReadError], None]:
        def on_error(error: ReadError) -> None:
            report.errors += 1
            if self.on_error is not None:
                self.on_error(error)

        return on_error

    def _analyze(self, store: Store, report: Poll, registry: Any) -> None:
        """Step 3: the fetched pages in no story, through the incremental analysis."""
        from storyline.pipeline import analyze
        from storyline.store.web import WebState

        todo = WebState(store).unanalysed()
        if not todo:
            return
        if self.analyze_options.get("nlp") is None:  # loaded once, for every poll
            from storyline.nlp import load_nlp

            self.analyze_options["nlp"] = load_nlp()
        opts = {**self.analyze_options, "registry": registry}
        result = analyze([], store, out=self.out, stored_ids=todo, **opts)
        report.analysed = len(todo)
        for failure in result.failed:  # one line each; the next poll that touches it retries
            self.say(f"failed {failure}")
        for s in result.briefing.stories:
            new = len(s.new_since.articles) if s.new_since else len(s.article_ids)
            if new:
                report.stories.append((s.id, new))
