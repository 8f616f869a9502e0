"""Articles in another language are told apart and kept out of claims, quotes and headlines.

The French report (``tests/data/language_fr.txt``, written for this project) covers the same
kind of event as the seeds; analysed beside them, it is listed and clustered, but no claim,
quote or conflict of the briefing cites it, and the CLI says so on one line. The seeds and the
bundled samples, all English, are never taken for another language.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from storyline.cli import app
from storyline.ingest import read_paths
from storyline.language import is_english, language_of
from storyline.models import Article
from storyline.pipeline import analyze
from storyline.reconcile.schema import all_spans

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
FRENCH = ROOT / "tests" / "data" / "language_fr.txt"


def _articles(*paths: Path) -> list[Article]:
    return [a for a in read_paths(paths) if isinstance(a, Article)]


def test_english_articles_are_english_and_french_is_french() -> None:
    english = _articles(SEEDS, ROOT / "samples")
    assert len(english) == 10 and all(is_english(a) for a in english)
    (french,) = _articles(FRENCH)
    assert language_of(french) == "fr" and not is_english(french)


def test_a_french_report_is_listed_but_never_cited(tmp_path: Path) -> None:
    for p in SEEDS.iterdir():
        shutil.copy(p, tmp_path / p.name)
    shutil.copy(FRENCH, tmp_path / "fr.txt")
    doc: dict[str, Any] = analyze([tmp_path]).briefing.to_json()
    by_name = {Path(a["source_path"]).name: a["id"] for a in doc["articles"]}
    fr = by_name["fr.txt"]
    assert len(by_name) == 6
    cited = {span["article_id"] for span in all_spans(doc)}
    assert fr not in cited
    assert {by_name[n] for n in by_name if n != "fr.txt"} & cited  # the seeds are read
    for story in doc["stories"]:
        assert fr not in {a for q in story["quotes"] for a in q.get("article_ids", [])}
        for per_article in (story["unique"], story["omissions"]):
            assert fr not in per_article


def test_the_cli_names_the_article_on_one_line(tmp_path: Path) -> None:
    shutil.copy(FRENCH, tmp_path / "fr.txt")
    shutil.copy(
        ROOT / "samples" / sorted(p.name for p in (ROOT / "samples").iterdir())[0], tmp_path
    )
    result = CliRunner().invoke(
        app,
        [
            "analyze",
            str(tmp_path),
            "--db",
            str(tmp_path / "s.duckdb"),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.output.splitlines() if "not English" in ln]
    assert len(lines) == 1 and "fr.txt" in lines[0] and "'fr'" in lines[0]


def test_the_language_is_identified_once_stored_and_nothing_foreign_is_parsed(
    tmp_path: Path,
) -> None:
    """``clean`` identifies the language once; the store keeps it; the parser sees only
    blanks for the French report, so its extraction holds nothing, while the English
    sample beside it is parsed as before."""
    from storyline.clean import clean
    from storyline.extract import extract_articles
    from storyline.nlp import load_nlp
    from storyline.store import Store

    french, english = (clean(a) for a in _articles(FRENCH, ROOT / "samples" / "lakeside-post.txt"))
    assert (french.language, english.language) == ("fr", "en")
    with Store(tmp_path / "s.duckdb") as store:
        store.add_articles([french, english])
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        stored = {a.id: a.language for a in store.articles([french.id, english.id])}
        assert stored == {french.id: "fr", english.id: "en"}
    fr_ex, en_ex = extract_articles([french, english], nlp=load_nlp()).extractions
    assert not (fr_ex.quotes or fr_ex.quantities or fr_ex.dates or fr_ex.mentions)
    assert en_ex.quotes and en_ex.mentions


def test_a_story_of_untitled_foreign_text_is_headed_by_its_first_words(tmp_path: Path) -> None:
    """A new user's Spanish text alone, with no title line: its story had no headline ("–" in
    ``storyline stories``, "Untitled story" in the UI), since no sentence of it is read for a
    summary. Its first line's first words head it, as written."""
    text = (
        "El gobierno anunció el martes un nuevo plan para reducir las emisiones de carbono "
        "en un treinta por ciento antes de 2030.\n\nEl ministro dijo que el plan costará mil "
        "millones de euros y que las obras empezarán en otoño.\n"
    )
    (tmp_path / "es.txt").write_text(text, "utf-8")
    (story,) = analyze([tmp_path / "es.txt"]).briefing.to_json()["stories"]
    assert story["headline"] == " ".join(text.split()[:14]) + "…"
