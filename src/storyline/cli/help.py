"""How ``--help`` shows a command: each option with what it takes, each paragraph wrapped.

Typer (0.29) labels every parameter with its Python type in the help: a flag reads
``--follow-links <bool>``, and ``--help <bool>``, though it takes no value; the paths an
``analyze`` takes read ``paths... <list[str]>``; a count with a floor ``--workers <int range>
[x>=0]``. And it keeps the line breaks of a docstring's later paragraphs, which the terminal
then wraps again, so that they break mid-sentence; and it reads help text as rich markup, so
that a "[default: ...]" written in a help vanished. Every command is a ``Command`` and every
group a ``Group`` (``storyline.cli.common.app``, ``storyline.cli.fetch.feeds_app``), which show
a flag with no value, an argument by its name alone, a bounded number as its type (the bound
follows, as ``[x>=0]``), each paragraph as one, and help text as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.markup import escape
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


class _Option(TyperOption):
    """An option as ``--help`` names what it takes."""

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None  # a flag takes no value
        label = super().display_type_rich(ctx)
        # "<int range>": the range itself follows ("[x>=0]")
        return label.replace(" range>", ">") if label else label


class _Argument(TyperArgument):
    """An argument as ``--help`` names it: by its name ("paths...", "url"); its help says
    what it takes."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


def labelled(params: Sequence[Any]) -> list[Any]:
    """``params`` as ``--help`` shows them (``_Option``, ``_Argument``: the same parameters,
    help labels apart)."""
    for param in params:
        if type(param) is TyperOption:
            param.__class__ = _Option
        elif type(param) is TyperArgument:
            param.__class__ = _Argument
    return list(params)


def reflow(text: str | None) -> str | None:
    """A docstring's paragraphs each on one line (the terminal wraps them), the paragraphs
    apart; a paragraph that starts with ``\\b`` keeps its lines, as click's help does. Its
    square brackets are text, not rich markup (which ate "[default: ...]" whole)."""
    if not text:
        return text
    paragraphs = text.split("\n\n")
    flat = "\n\n".join(p if p.startswith("\b") else " ".join(p.split()) for p in paragraphs)
    return escape(flat)


def _as_text(params: Sequence[Any]) -> None:
    """Each parameter's help as plain text: square brackets shown, not read as markup."""
    for param in params:
        if getattr(param, "help", None):
            param.help = escape(param.help)


class _Readable:
    """``--help`` shows flags, arguments and paragraphs as a reader expects (a mixin for
    typer's command and group classes)."""

    help: str | None
    params: list[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = reflow(self.help)
        _as_text(self.params)

    def get_params(self, ctx: Any) -> list[Any]:
        return labelled(super().get_params(ctx))  # type: ignore[misc]


class Command(_Readable, TyperCommand):
    """A command whose ``--help`` reads as a reader expects."""


class Group(_Readable, TyperGroup):
    """A group of commands whose ``--help`` reads as a ``Command``'s."""
