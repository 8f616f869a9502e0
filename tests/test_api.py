"""The Python API: ``from storyline import ...``, ``analyze`` without a store, one error base,
and the README's "Use from Python" example, run as written."""

from __future__ import annotations

import importlib
import math
import os
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import storyline
from storyline import Analysis, StorylineError, analyze
from storyline.reconcile.schema import validate_briefing

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

#: The names issue #14 asks ``storyline`` to export, and the module each comes from.
API = {
    "analyze": "storyline.pipeline", "Store": "storyline.store", "read_paths": "storyline.ingest",
    "clean": "storyline.clean", "extract_articles": "storyline.extract",
    "cluster_articles": "storyline.cluster", "build_briefing": "storyline.reconcile",
    "write_reports": "storyline.report", "StorylineError": "storyline.errors",
}  # fmt: skip


def readme_examples() -> list[str]:
    """The Python code blocks of the README's "Use from Python" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Use from Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```python\n(.*?)^```$", section, re.M | re.S)
    assert len(blocks) == 2, "the section holds two Python examples"
    return [str(b) for b in blocks]


@pytest.fixture(scope="module")
def in_memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Analysis, Path]]:
    """``analyze(SAMPLES)`` with no store and no ``out``, run in an empty working directory."""
    cwd = tmp_path_factory.mktemp("cwd")
    before = Path.cwd()
    os.chdir(cwd)
    try:
        result = analyze(SAMPLES)  # one path, not a list: read as one folder
    finally:
        os.chdir(before)
    yield result, cwd


def test_the_api_names_import_from_storyline() -> None:
    for name, module in API.items():
        assert name in storyline.__all__, name
        assert getattr(storyline, name) is getattr(importlib.import_module(module), name), name
    # ``clean`` is also the name of its module, imported by now; the package gives the function.
    from storyline import clean

    assert (clean.__module__, clean.__name__) == ("storyline.clean", "clean")
    assert set(storyline.__all__) <= set(dir(storyline))
    with pytest.raises(AttributeError, match="no_such_name"):
        storyline.no_such_name  # noqa: B018


def test_import_storyline_loads_no_heavy_package() -> None:
    """The names are imported on first use: ``import storyline`` stays cheap."""
    code = (
        "import sys, storyline; heavy = ('spacy', 'duckdb', 'numpy', 'typer', "
        "'storyline.pipeline'); print(','.join(m for m in heavy if m in sys.modules)); "
        "from storyline import Store; print('duckdb' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.split("\n")[:2] == ["", "True"]


def test_analyze_without_a_store_runs_in_memory_and_writes_nothing(
    in_memory: tuple[Analysis, Path],
) -> None:
    result, cwd = in_memory
    assert list(cwd.iterdir()) == []  # no store file, no report
    assert result.reports == {} and result.ingest.errors == []
    assert len(result.articles) == len(list(SAMPLES.iterdir())) == 5
    briefing = result.briefing.to_json()
    validate_briefing(briefing)
    assert sorted(a["id"] for a in briefing["articles"]) == sorted(a.id for a in result.articles)
    in_stories = {aid for s in briefing["stories"] for aid in s["article_ids"]}
    assert in_stories == {a.id for a in result.articles}
    # The sample's differences (seven against nine missing, Sunday against Saturday) are found.
    assert any(s["claims"] and s["conflicts"] for s in briefing["stories"])


def test_readme_example_runs_and_prints_each_story(
    in_memory: tuple[Analysis, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(ROOT)  # the example reads "samples/"
    exec(compile(readme_examples()[0], "README.md", "exec"), {"__name__": "readme"})
    printed = capsys.readouterr().out.splitlines()
    expected = [
        f"{s['headline']}: {len(s['article_ids'])} articles, {len(s['claims'])} claims, "
        f"{len(s['conflicts'])} conflicts"
        for s in in_memory[0].briefing.to_json()["stories"]
    ]
    assert printed == expected and expected


def test_readme_example_of_articles_made_in_python_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The second example: records made into Articles, given with a path, read as files."""
    monkeypatch.chdir(ROOT)
    exec(compile(readme_examples()[1], "README.md", "exec"), {"__name__": "readme"})
    files = analyze([SAMPLES / "radio-ostrel.jsonl", SAMPLES / "lakeside-post.txt"])
    n_stories = len(files.briefing.stories)
    assert capsys.readouterr().out == f"2 articles, {n_stories} stories\n"


def _error_classes() -> Iterator[type[BaseException]]:
    """Every exception class defined in a storyline module."""
    for info in pkgutil.walk_packages(storyline.__path__, "storyline."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
            ):
                yield value


def test_every_error_class_is_a_storyline_error() -> None:
    found = {cls.__name__: cls for cls in _error_classes()}
    known = {
        "StorylineError",
        "StoreError",
        "EmbedError",
        "EngineError",
        "BriefingError",
        "SearchUnavailable",
        "Unreadable",
    }
    assert known <= set(found)
    assert [n for n, cls in found.items() if not issubclass(cls, StorylineError)] == []
    # ... and keeps the built-in base that callers may already catch.
    for name, base in (
        ("EmbedError", RuntimeError),
        ("EngineError", RuntimeError),
        ("SearchUnavailable", RuntimeError),
        ("BriefingError", ValueError),
    ):
        assert issubclass(found[name], base), name
    for name in ("StoreError", "EmbedError", "EngineError", "BriefingError"):
        assert getattr(storyline, name) is found[name]


def test_articles_made_in_python_analyse_as_the_same_records_read_from_a_file(
    tmp_path: Path,
) -> None:
    """A data journalist's own articles (strings and fields, as from a DataFrame) go into
    ``analyze`` as ``Article`` objects: the same stories as the same records in a JSONL
    file, with the fields given (a new user's trial: ``analyze`` took paths only, and a list
    of Articles failed with a bare TypeError)."""
    import json

    from allsides_pick import pick_allsides

    keys = ["schumer-marijuana-proposal", "surgeon-general-vaccine-misinformation"]
    path = pick_allsides(tmp_path, keys)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    made = [
        storyline.article_from_text(
            r["text"], title=r["title"], url=r["url"], outlet=r["outlet"], published=r["published"]
        )
        for r in rows
    ]
    assert [a.published for a in made] == [r["published"][:10] for r in rows]
    assert all(
        isinstance(a, storyline.Article) and a.outlet == r["outlet"]
        for a, r in zip(made, rows, strict=True)
    )
    from_file = analyze([path]).briefing.to_json()
    from_python = analyze(made).briefing.to_json()
    assert sorted(a["id"] for a in from_python["articles"]) == sorted(a.id for a in made)
    assert sorted(s["headline"] for s in from_python["stories"]) == sorted(
        s["headline"] for s in from_file["stories"]
    )
    written = storyline.write_reports(from_python, str(tmp_path / "report"))  # a str will do
    assert written and (tmp_path / "report" / "index.html").is_file()
    with pytest.raises(StorylineError, match="'yesterday' is not a date"):
        storyline.article_from_text(rows[0]["text"], published="yesterday")
    with pytest.raises(StorylineError, match="not dict"):
        analyze([rows[0]])  # type: ignore[list-item]
    with pytest.raises(StorylineError, match="not bytes"):
        analyze(b"news/")  # type: ignore[arg-type]
    # one Article, and a table's values: a date object, a missing date, text that is none
    one = analyze(made[0]).briefing.to_json()
    assert [a["id"] for a in one["articles"]] == [made[0].id]
    day = date.fromisoformat(rows[0]["published"][:10])
    when = storyline.article_from_text(rows[0]["text"], url=rows[0]["url"], published=day)
    assert when.published == day.isoformat() and when.id == made[0].id
    assert storyline.article_from_text(rows[0]["text"], published=math.nan).published is None
    with pytest.raises(StorylineError, match="text is NoneType, not a string"):
        storyline.article_from_text(None)  # type: ignore[arg-type]


def test_documented_names_and_forms_a_developer_tried(tmp_path: Path) -> None:
    """A developer's trial of the README: ``StoryError`` (named beside ``ReadError``) did not
    import from ``storyline``; ``write_outputs`` refused a folder given as a string (an
    AttributeError, where ``analyze`` and ``write_reports`` take one); ``python -m
    storyline`` was no command."""
    from storyline import StoryError, write_outputs

    assert {"story_id", "article_ids", "reason"} <= set(StoryError.__dataclass_fields__)
    result = analyze([SAMPLES])
    written = write_outputs(result.briefing, str(tmp_path / "out"))
    assert (
        all(p.is_file() for p in written.values())
        and (tmp_path / "out" / "briefing.json").is_file()
    )
    run = subprocess.run(
        [sys.executable, "-m", "storyline", "--help"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0 and "Usage: python -m storyline" in " ".join(run.stdout.split())


def test_the_nlp_stage_s_docs_feed_the_extract_stage() -> None:
    """A developer's trial: the nlp stage's ``Doc``s could not be handed on, ``extract_articles``
    parsed again. Given the seeds' parses it extracts what it extracts parsing them itself,
    and a doc that is not its article's parse is an ``ExtractError`` (a ``StorylineError``)."""
    from storyline import clean, extract_articles, read_paths
    from storyline.extract import ExtractError
    from storyline.models import Article
    from storyline.nlp import load_nlp, parse

    seeds = ROOT.parent / "shared" / "seeds"
    arts = [clean(a) for a in read_paths([seeds]) if isinstance(a, Article)]
    nlp = load_nlp()
    docs = [doc for _, doc in parse(nlp, arts)]
    given = extract_articles(arts, docs=docs)
    assert given.extractions == extract_articles(arts, nlp).extractions
    assert issubclass(ExtractError, StorylineError)
    with pytest.raises(ExtractError, match="not the parse of its text"):
        extract_articles(arts, docs=docs[::-1])
