"""``--help`` of every command reads as a user expects: a flag shows no value, an argument
its name, a number its type; each paragraph of a command's description is wrapped as one,
and help text shows whole (typer 0.29 labelled flags ``<bool>``, lists ``<list[str]>``,
bounded numbers ``<int range>``, kept the docstring's line breaks, which the terminal then
broke again mid-sentence, and read square brackets in a help as rich markup)."""

from __future__ import annotations

import inspect

import pytest
import typer
from typer.testing import CliRunner

from storyline.cli import app

runner = CliRunner()


def commands() -> list[tuple[list[str], object]]:
    """Every command and group, as the arguments that reach it, with its click object."""
    root = typer.main.get_command(app)
    found: list[tuple[list[str], object]] = [([], root)]
    for path, group in found:
        for name, sub in getattr(group, "commands", {}).items():
            found.append(([*path, name], sub))
    return found


def help_of(path: list[str], columns: int = 100) -> str:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("path", [p for p, _ in commands()], ids=lambda p: " ".join(p) or "-")
def test_help_shows_no_python_type_labels(path: list[str]) -> None:
    text = help_of(path)
    assert "<bool>" not in text and "<list[" not in text and " range>" not in text


def test_analyze_help_labels_what_each_option_takes() -> None:
    """Each option's row: its names, then what it takes (nothing for a flag), then its help."""
    rows = {}
    for line in help_of(["analyze"]).splitlines():
        if line.startswith("│ --"):
            words = line.strip("│ ").split()
            rows[words[0]] = " ".join(words[1:3])
    assert rows["--out"].startswith("<path> Where") and rows["--workers"] == "<int> [x>=0]"
    assert rows["--scheduler"].startswith("ADDRESS The")
    assert rows["--cache"] == "--no-cache Keep" and rows["--per-story"] == "--one-file Write"
    assert rows["--follow-links"] == "Follow symbolic" and rows["--help"] == "Show this"


@pytest.mark.parametrize("path", [p for p, _ in commands()], ids=lambda p: " ".join(p) or "-")
def test_each_paragraph_of_a_description_is_wrapped_as_one(path: list[str]) -> None:
    """On a terminal wide enough, every paragraph of the description is one line."""
    command = dict((tuple(p), c) for p, c in commands())[tuple(path)]
    lines = [" ".join(line.split()) for line in help_of(path, columns=400).splitlines()]
    for paragraph in inspect.cleandoc(getattr(command, "help", "") or "").split("\n\n"):
        flat = " ".join(paragraph.replace("\\[", "[").split())
        assert any(flat in line for line in lines), flat


@pytest.mark.parametrize("path", [p for p, _ in commands()], ids=lambda p: " ".join(p) or "-")
def test_every_option_help_is_shown_whole(path: list[str]) -> None:
    """Square brackets in a help are text: "[default: the store's name, .warc.gz]" on
    ``ingest --warc`` was read as rich markup and vanished."""
    command = dict((tuple(p), c) for p, c in commands())[tuple(path)]
    lines = [" ".join(line.split()) for line in help_of(path, columns=400).splitlines()]
    for param in getattr(command, "params", []):
        if getattr(param, "help", None):
            flat = " ".join(param.help.replace("\\[", "[").split())
            assert any(flat in line for line in lines), flat


def test_help_loads_neither_the_store_nor_the_parser() -> None:
    """``storyline --help`` in a fresh process imports no DuckDB, spaCy or encoder: the help is
    on screen without the start-up those cost (issue #17: cold ``--help`` under 0.5 s)."""
    import subprocess
    import sys

    probe = (
        "import sys, runpy; sys.argv = ['storyline', '--help']\n"
        "try:\n    runpy.run_module('storyline.cli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('duckdb', 'spacy', 'onnxruntime') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "Usage" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "[]"
