"""The command line: a thin layer over the library.

Each command calls library functions; no command holds logic of its own beyond formatting.
Errors are turned into one-line messages in one place, ``common._Group.invoke``: every error
storyline raises on purpose is a ``StorylineError`` (``storyline.errors``), and the commands
raise one too (``_fail``) for what they check themselves. ``storyline COMMAND --help`` shows
an example. The commands live in ``articles``, ``stories`` and ``run``; ``common`` holds what
they share.

Text that comes from input (titles, outlets, quotes, file and store names, error messages) is
printed as plain text, never parsed as rich markup: a title such as ``[/x]`` is text.
"""

from __future__ import annotations

import sys

# Each module registers its commands on ``app`` when imported.
from storyline.cli import articles, stories, run, fetch  # noqa: F401  # isort: skip
from storyline.cli.common import ERROR_PREFIX, app

__all__ = ["ERROR_PREFIX", "app", "main"]


def main() -> None:
    """Console entry point.

    storyline never uses torch (its MiniLM encoder is ``storyline.embed``, in numpy), but
    torch is installed as a dependency of the model package, and thinc (spaCy's backend)
    imports it at start-up just to probe for GPUs: about 2.5 s of every command. Marking it
    unavailable in this process, before spaCy is imported, makes the probe fail fast.
    """
    sys.modules.setdefault("torch", None)  # type: ignore[arg-type]
    app()


if __name__ == "__main__":
    main()
