"""Versions of a page: fetched again with changed text (a correction, an updated toll), a page
is a new version of one article, not a second source. The store keeps which article each
version is (``storyline.store.web``); this module says what changed between two of them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from storyline.store import Store
from storyline.store.web import Version, WebState

__all__ = ["Change", "PageVersion", "changes", "page_versions", "versions_view"]


@dataclass(frozen=True)
class Change:
    """A paragraph replaced (``old`` and ``new``), removed (``new`` empty) or added (``old``
    empty) between two versions."""

    old: str
    new: str


@dataclass
class PageVersion:
    """One version and what changed since the version before it (empty for the first)."""

    version: Version
    changes: list[Change] = field(default_factory=list)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.splitlines() if p.strip()]


def changes(old: str, new: str) -> list[Change]:
    """The paragraphs that differ between two texts, in the order of the texts."""
    a, b = _paragraphs(old), _paragraphs(new)
    out: list[Change] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            out.append(Change(olds[k] if k < len(olds) else "", news[k] if k < len(news) else ""))
    return out


def page_versions(store: Store, url: str) -> list[PageVersion]:
    """Every version of the page at ``url``, oldest first, each with its changes."""
    found = WebState(store).versions(url)
    texts = {a.id: a.text for a in store.articles([v.article_id for v in found])}
    out: list[PageVersion] = []
    for before, v in zip([None, *found], found, strict=False):
        diff = []
        if before is not None and before.article_id in texts and v.article_id in texts:
            diff = changes(texts[before.article_id], texts[v.article_id])
        out.append(PageVersion(v, diff))
    return out


def versions_view(store: Store, url: str | None) -> list[dict[str, object]]:
    """The versions of the page at ``url`` as the article page shows them (plain values),
    oldest first; empty for a page with one version, or an article not fetched from a URL."""
    found = page_versions(store, url) if url else []
    if len(found) < 2:
        return []
    return [{**p.version.__dict__, "changes": [c.__dict__ for c in p.changes]} for p in found]
