"""A run's canonical entities, indexed once for every story the run briefs.

Each story's briefing reads the run's entities: by id (speakers, places), by alias (who
states a number) and by article (the story's own entity list). A whole archive is briefed
batch by batch (``storyline.stream``), each batch against the whole run's entities, so
whatever is made of them per batch, or read of them per story, grows with the archive
times its batches or stories: quadratic. At 30,000 generated articles the story entity
lists alone read every article id of the run's common entities (a president's name is in a
third of the archive) for each of 11,000 stories. ``RunEntities.of`` makes the indexes
once; each story then reads only its own articles' entries.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.extract.names import surname
from storyline.models import Entity

#: An entry of ``RunEntities.by_article`` packs an entity's position in the run's list
#: above the article's position in that entity's ``article_ids`` (these low bits): one
#: machine word per mention pair instead of a Python tuple, which at 100,000 articles and
#: ~30 entities each is the difference between ~25 MB and ~200 MB.
_POS_BITS = 32
_POS_MASK = (1 << _POS_BITS) - 1


def alias_names(entities: Sequence[Entity]) -> dict[str, str]:
    """Surname / alias (lower-cased) -> canonical name, to name the speaker of a number."""
    out: dict[str, str] = {}
    for e in entities:
        for alias in [e.name, *e.aliases]:
            out.setdefault(alias.lower(), e.name)
            out.setdefault(surname(alias.lower().split()) if alias.split() else "", e.name)
    return out


@dataclass
class RunEntities:
    """A run's entities (in the run's order) with what each story looks up in them."""

    entities: Sequence[Entity]
    ents: dict[str, Entity]  # by id (the last of an id, as a dict of the list gives)
    names: dict[str, str]  # ``alias_names``
    # article id -> packed (entity position, article's position in its ``article_ids``),
    # entity positions ascending; an article an entity lists twice counts at its first
    by_article: dict[str, array[int]]

    @classmethod
    def of(cls, entities: Sequence[Entity] | RunEntities) -> RunEntities:
        """The index of ``entities`` (itself when it already is one)."""
        if isinstance(entities, RunEntities):
            return entities
        by_article: dict[str, array[int]] = {}
        for k, e in enumerate(entities):
            for i, aid in enumerate(dict.fromkeys(e.article_ids)):
                entry = by_article.get(aid)
                if entry is None:
                    entry = by_article[aid] = array("Q")
                entry.append(k << _POS_BITS | i)
        ents = {e.id: e for e in entities}
        return cls(entities, ents, alias_names(entities), by_article)

    def positions(self, article_ids: Iterable[str]) -> list[int]:
        """Positions in the run's list of the entities these articles mention, ascending."""
        return sorted({v >> _POS_BITS for aid in article_ids for v in self.by_article.get(aid, ())})

    def story_json(self, article_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The entities of a story's articles in the run's order, each with those of its
        articles that are the story's, in the entity's own order."""
        found: dict[int, list[tuple[int, str]]] = {}
        for aid in set(article_ids):
            for v in self.by_article.get(aid, ()):
                found.setdefault(v >> _POS_BITS, []).append((v & _POS_MASK, aid))
        out = []
        for k in sorted(found):
            e = self.entities[k]
            out.append(
                {
                    "id": e.id,
                    "name": e.name,
                    "type": e.type,
                    "aliases": list(e.aliases),
                    "article_ids": [aid for _, aid in sorted(found[k])],
                }
            )
        return out
