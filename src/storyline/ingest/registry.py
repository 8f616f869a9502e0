"""The outlet registry: which outlet a domain belongs to, and which names are wire agencies.

Outlet names come from a data file rather than from code so that users can add the local or
specialist outlets they read (``OutletRegistry.load(extra=Path("my_outlets.json"))``) without
touching storyline. The shipped file, ``storyline/data/outlets.json``, has two tables:

``outlets``: ``domain -> {name, country, owner, wires, aliases, domains}`` where ``wires`` are the
agencies the outlet is affiliated with or commonly runs, ``aliases`` other spellings of its
name (used to recognise a masthead or a byline), ``domains`` further domains it publishes on.

``wires``: ``name -> {aliases, country}`` for news agencies; an alias is matched with its case
as written ("AP" but not "ap") because short agency names collide with ordinary words.

A user file has the same shape; its entries override the shipped ones key by key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from storyline.errors import StorylineError


class RegistryError(StorylineError, ValueError):
    """An outlet registry file that cannot be read or is not one; the message names it."""


@dataclass(frozen=True)
class Outlet:
    """One outlet of the registry."""

    domain: str
    name: str
    country: str | None = None
    owner: str | None = None
    wires: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


def domain_of(url: str) -> str | None:
    """The host of ``url``, lower-cased, without ``www.`` and port; None when there is none."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


@dataclass
class OutletRegistry:
    """Domain → outlet, outlet names and wire agency names; see the module docstring."""

    outlets: dict[str, Outlet] = field(default_factory=dict)
    wires: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> aliases

    @classmethod
    def load(cls, extra: Path | str | None = None) -> OutletRegistry:
        """The shipped registry, extended (and overridden key by key) by ``extra`` if given.

        Raises ``RegistryError`` (a ``ValueError``) with the file's name when ``extra`` is not
        a registry file, so the CLI can turn it into a one-line error.
        """
        shipped = resources.files("storyline").joinpath("data", "outlets.json").read_text("utf-8")
        reg = cls()
        reg._merge(json.loads(shipped), "outlets.json")
        if extra is not None:
            path = Path(extra)
            try:
                data = json.loads(path.read_text("utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise RegistryError(f"{path}: not a readable outlet registry ({exc})") from exc
            reg._merge(data, str(path))
        return reg

    def _merge(self, data: Any, source: str) -> None:
        if not isinstance(data, dict):
            raise RegistryError(f"{source}: an outlet registry is a JSON object")
        for domain, entry in (data.get("outlets") or {}).items():
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise RegistryError(f'{source}: outlet {domain!r} needs a "name"')
            outlet = Outlet(
                domain=domain.lower(),
                name=entry["name"],
                country=entry.get("country"),
                owner=entry.get("owner"),
                wires=tuple(entry.get("wires") or ()),
                aliases=tuple(entry.get("aliases") or ()),
            )
            for dom in [domain, *(entry.get("domains") or ())]:
                self.outlets[dom.lower()] = outlet
        for name, entry in (data.get("wires") or {}).items():
            aliases = (entry or {}).get("aliases") or () if isinstance(entry, dict) else ()
            self.wires[name] = tuple(dict.fromkeys([name, *aliases]))
        self.__dict__.pop("_wire_re", None)
        self.__dict__.pop("_names", None)

    def by_domain(self, domain: str | None) -> Outlet | None:
        """The outlet for ``domain`` or any parent domain (``edition.cnn.com`` → CNN)."""
        if not domain:
            return None
        parts = domain.lower().split(".")
        for i in range(len(parts) - 1):
            hit = self.outlets.get(".".join(parts[i:]))
            if hit is not None:
                return hit
        return None

    def by_url(self, url: str | None) -> Outlet | None:
        return self.by_domain(domain_of(url)) if url else None

    def by_name(self, text: str) -> Outlet | None:
        """The outlet whose name or alias is exactly ``text`` (case-insensitive, trimmed)."""
        if "_names" not in self.__dict__:
            names: dict[str, Outlet] = {}
            for outlet in self.outlets.values():
                for n in (outlet.name, *outlet.aliases):
                    names.setdefault(n.casefold(), outlet)
            self.__dict__["_names"] = names
        return self.__dict__["_names"].get(text.strip().casefold())

    def outlet_in(self, text: str) -> Outlet | None:
        """The first outlet named (as a whole phrase) inside ``text``, longest names first."""
        for outlet in self.outlets.values():
            for n in sorted((outlet.name, *outlet.aliases), key=len, reverse=True):
                if len(n) > 3 and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text):
                    return outlet
        return None

    @property
    def wire_pattern(self) -> re.Pattern[str]:
        """One regex alternation of every wire alias, longest first, as a named group ``w``."""
        if "_wire_re" not in self.__dict__:
            aliases = sorted({a for al in self.wires.values() for a in al}, key=len, reverse=True)
            alt = "|".join(re.escape(a) for a in aliases) or r"(?!x)x"
            self.__dict__["_wire_re"] = re.compile(rf"(?<![\w-])(?P<w>{alt})(?![\w-])")
        return self.__dict__["_wire_re"]

    def wire_name(self, alias: str) -> str | None:
        """The canonical wire name for an alias as written ("Agence France-Presse" → "AFP")."""
        for name, aliases in self.wires.items():
            if alias in aliases:
                return name
        return None
