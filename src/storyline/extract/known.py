"""Names no spelling rule joins or types, from the shipped tables: the alias table of
well-known places and bodies (``data/aliases.json``: US / U.S. / United States, the Pentagon)
and the outlet table's news outlets (``data/outlets.json``, through the ingest stage's
``OutletRegistry``), both package data read once."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from storyline.extract.names import DETERMINERS, name_tokens, normalise


@lru_cache(maxsize=1)
def alias_forms() -> dict[str, tuple[str, str]]:
    """Each form of the shipped ``data/aliases.json`` as written -> (canonical name, type)
    (read once; it is package data, not state)."""
    raw = resources.files("storyline").joinpath("data", "aliases.json").read_text("utf-8")
    items = json.loads(raw)["entities"]
    return {f: (i["name"], i["type"]) for i in items for f in [i["name"], *i["variants"]]}


@lru_cache(maxsize=1)
def outlet_keys() -> frozenset[str]:
    """The names of the shipped outlet table (``data/outlets.json``), as mention keys: a news
    outlet is an organisation, whatever label the model gives it, unless the run names a
    person so. Names that open with "The" are left out: without it they are common words or
    groups ("Atlantic", "Hindu", "Independent"). Read through ``OutletRegistry``, the one
    reader of that file, imported here so that extraction's start-up does not pay for it."""
    from storyline.ingest.registry import OutletRegistry

    outlets = OutletRegistry.load().outlets.values()
    forms = (f for o in outlets for f in (o.name, *o.aliases))
    return frozenset(" ".join(name_tokens(f, "ORG")) for f in forms if not f.startswith("The "))


@lru_cache(maxsize=1)
def alias_table() -> dict[str, tuple[str, str]]:
    """Alias key (``alias_key``) -> (canonical name, type), of ``alias_forms``."""
    return {alias_key(form): known for form, known in alias_forms().items()}


def alias_key(text: str) -> str:
    """How alias forms compare: accents, case, dots, spaces and a leading "the" ignored."""
    words = normalise(text).replace(".", "").split()
    if words and words[0] in DETERMINERS:
        words = words[1:]
    return "".join(words)
