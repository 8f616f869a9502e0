"""The commands a user runs after ``analyze``, as a new user's audit used them on the seeds
(#17): what a story gained is shown, cut lists say so, mistyped input makes no store, and
every refusal is one line."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from storyline.cli import app
from storyline.web import create_app

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A store of seeds 000-002, then 003-004 added by a second run; the story's id."""
    root = tmp_path_factory.mktemp("grown")
    db, out = str(root / "s.duckdb"), ["--out", str(root / "report")]
    seeds = sorted(str(p) for p in SEEDS.iterdir() if p.is_file())
    assert run("analyze", *seeds[:3], "--db", db, *out)[0] == 0
    code, printed, _ = run("analyze", *seeds[3:], "--db", db, *out)
    assert code == 0
    story_id = next(w for w in printed.split() if w.startswith("story-")).rstrip(":")
    return root / "s.duckdb", story_id


def test_story_shows_its_dates_conflicts_and_what_is_new(grown: tuple[Path, str]) -> None:
    """The text of ``story`` held the headline, families and summary only: what the added
    run brought and the conflicts were in its JSON and on its page alone."""
    db, story_id = grown
    code, out, _ = run("story", story_id, "--db", str(db))
    lines = out.splitlines()
    assert code == 0 and lines[1].startswith(f"{story_id} · ") and " · storyline " in lines[1]
    (conflicts,) = [ln for ln in lines if ln.startswith("conflicts: ")]
    assert int(conflicts.split()[1]) >= 1
    (new,) = [ln for ln in lines if ln.startswith("new since ")]
    assert " UTC: 2 articles, " in new
    assert not any(ln.startswith("  ") and "  –  –" in ln for ln in lines)  # every article named
    # a headline conflict's kind once (a new user read "headline: headline: Dozens ...")
    (heading,) = [ln for ln in lines if ln.startswith("  headline: ")]
    assert not heading.startswith("  headline: headline:")
    # each value with who gives it, as the page and the JSON show it (a new user's trial:
    # "number: passengers: seven | seven | Nine", no outlet named)
    from storyline.report.view import article_label
    from storyline.store import Store

    with Store(db) as store:
        briefing = store.get_briefing(story_id)
        label = {a.id: article_label(a.to_dict()) for a in store.articles()}
    assert briefing is not None and briefing.conflicts
    shown = [ln for ln in lines if ln.startswith("  ") and ": " in ln and " | " in ln]
    for c in briefing.conflicts:
        for v in c.values:
            names = ", ".join(dict.fromkeys(label[a] for a in v.article_ids))
            assert any(f"({names})" in ln for ln in shown), (names, shown)


def test_a_cut_list_says_so_and_a_limit_under_one_is_refused(grown: tuple[Path, str]) -> None:
    db = str(grown[0])
    code, out, err = run("list", "--db", db, "--limit", "2")
    assert code == 0 and "showing 2 of 5 articles" in err and "showing" not in out
    assert run("list", "--db", db, "--limit", "0")[0] == 2


@pytest.mark.parametrize("command", ["story", "show"])
def test_an_empty_id_is_refused(grown: tuple[Path, str], command: str) -> None:
    code, _, err = run(command, "", "--db", str(grown[0]))
    assert code == 1 and "empty" in err and err.count("\n") == 1


@pytest.mark.parametrize("command", ["ingest", "analyze"])
def test_a_mistyped_path_makes_no_store(tmp_path: Path, command: str) -> None:
    db = tmp_path / "t.duckdb"
    code, _, err = run(command, str(tmp_path / "nofile.txt"), "--db", str(db))
    assert code == 1 and "no such file or folder" in err and err.count("\n") == 1
    assert not db.exists()


def test_stories_of_an_unanalysed_store_say_what_to_run(tmp_path: Path) -> None:
    db = str(tmp_path / "i.duckdb")
    assert run("ingest", str(SEEDS), "--db", db)[0] == 0
    code, _, err = run("stories", "--db", db)
    assert code == 0 and "5 articles stored, no stories yet" in err and "storyline analyze" in err


def test_a_folder_given_as_the_store_is_named_as_one(tmp_path: Path) -> None:
    code, _, err = run("stories", "--db", str(tmp_path))
    assert code == 1 and "a folder, not a store file" in err and "Is a directory" not in err


def test_serve_refuses_before_serving(grown: tuple[Path, str], tmp_path: Path) -> None:
    """A port out of range, a file that is no store and a port in use: each refused in one
    line, before "serving ... on" (a traceback, a server answering 503 to every page, and the
    server's own bind error over several lines before)."""
    db = str(grown[0])
    assert run("serve", "--db", db, "--port", "99999")[0] == 2
    news = tmp_path / "news.jsonl"
    news.write_text('{"text": "x"}\n', encoding="utf-8")
    code, out, err = run("serve", "--db", str(news))
    assert code == 1 and "not a storyline store" in err and "new name" not in err and not out
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = str(held.getsockname()[1])
        code, out, err = run("serve", "--db", db, "--port", port)
    assert code == 1 and "cannot listen on 127.0.0.1:" in err and not out


def test_extract_prints_the_entities_it_found(tmp_path: Path) -> None:
    """``extract`` said it extracts entities, and printed none of them without --json."""
    seed = sorted(p for p in SEEDS.iterdir() if p.is_file())[3]
    code, out, _ = run("extract", str(seed), "--db", str(tmp_path / "e.duckdb"))
    assert code == 0 and any(ln.startswith("  entity [PERSON] ") for ln in out.splitlines())


def test_extract_to_a_pipe_prints_one_line_per_item(tmp_path: Path) -> None:
    """Piped, ``extract`` broke a long alias list or quote at 80 columns, so that grep found
    half of it; each entity, quote, quantity and date is one whole line, and so is each of
    the article's paragraphs that ``show`` prints."""
    seed = sorted(p for p in SEEDS.iterdir() if p.is_file())[0]
    db = str(tmp_path / "e.duckdb")
    code, out, _ = run("extract", str(seed), "--db", db)
    lines = out.splitlines()
    items = ("  entity [", "  quote [", "  quantity ", "  date ")
    assert code == 0 and [ln for ln in lines if len(ln) > 80]  # a long line stays long
    assert all(ln.startswith(items) for ln in lines[1:]), lines
    article_id = lines[0].rsplit("(", 1)[1].rstrip(")")
    code, shown, _ = run("show", article_id, "--db", db)
    text = seed.read_text(encoding="utf-8")
    paragraphs = [ln for ln in shown.split("\n\n", 1)[1].splitlines() if ln]  # after the keys
    assert code == 0 and paragraphs and all(p in text for p in paragraphs)
    assert any(len(p) > 80 for p in paragraphs)


def test_an_untitled_article_page_is_named_as_the_report_names_it(
    grown: tuple[Path, str],
) -> None:
    """The seeds have no headline: their page's title was the bare id."""
    db = grown[0]
    code, out, _ = run("list", "--db", str(db), "--json")
    first = next(a for a in json.loads(out) if a["title"] is None)
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        page = client.get(f"/articles/{first['id']}").text
    title = page.split("<title>")[1].split("</title>")[0]
    assert first["id"] not in title and "Untitled article" not in page


def test_ids_are_read_in_any_case_and_articles_listed_by_date(grown: tuple[Path, str]) -> None:
    """ "STORY-0134D" and "4B96" were no story and no article; ``list`` ran in id order."""
    db, story_id = grown
    code, out, _ = run("story", story_id.upper()[:12], "--db", str(db))
    assert code == 0 and out.splitlines()[1].startswith(story_id)
    code, out, _ = run("list", "--db", str(db), "--json")
    days = [a["published"] for a in json.loads(out)]
    dated = [d for d in days if d]
    assert dated == sorted(dated) and days == dated + [None] * (len(days) - len(dated))
    assert run("show", json.loads(out)[0]["id"][:6].upper(), "--db", str(db))[0] == 0


def test_a_path_under_home_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "~/news/*.txt" is read as ``read_paths`` reads it, not refused as missing."""
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "news").mkdir()
    seed = sorted(p for p in SEEDS.iterdir() if p.is_file())[3]
    (tmp_path / "news" / seed.name).write_bytes(seed.read_bytes())
    code, out, _ = run("ingest", "~/news/*.txt", "--db", str(tmp_path / "h.duckdb"))
    assert code == 0 and "1 added" in out


def test_serve_does_not_wait_for_a_writer(grown: tuple[Path, str]) -> None:
    """The check that the store is one reads its header: a store another run is writing is
    served (from a snapshot), not refused after the lock's wait."""
    from storyline.store import Store

    with Store(grown[0]), socket.socket() as held:  # a writer holds the store
        held.bind(("127.0.0.1", 0))
        held.listen()
        code, _, err = run("serve", "--db", str(grown[0]), "--port", str(held.getsockname()[1]))
    assert code == 1 and "cannot listen" in err  # past the store's check, at the port's


def test_an_id_made_in_python_is_found_as_written(tmp_path: Path) -> None:
    from dataclasses import replace

    from storyline import article_from_text, clean
    from storyline.store import Store

    seed = sorted(p for p in SEEDS.iterdir() if p.is_file())[3]
    given = replace(article_from_text(seed.read_text("utf-8")), id="Seed-003")
    with Store(tmp_path / "up.duckdb") as store:
        store.add_articles([clean(given)])
    assert run("show", "Seed-003", "--db", str(tmp_path / "up.duckdb"))[0] == 0


def test_story_json_names_the_storyline_the_story_is_in_now(
    grown: tuple[Path, str], tmp_path: Path
) -> None:
    """A later run may link a stored story into another storyline without briefing it again
    (``Store.move_storylines``): a new user's archive trial found ``story --json`` naming one
    storyline at its top and another in its briefing."""
    import shutil

    from storyline.store import Store

    db, story_id = grown
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    with Store(copy) as store:
        store.move_storylines({story_id: "story-earlier"})
    code, out, _ = run("story", story_id, "--db", str(copy), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["storyline"] == "story-earlier"
    assert doc["briefing"]["storyline"]["id"] == "story-earlier"
    assert story_id in doc["briefing"]["storyline"]["story_ids"]


def test_stories_count_each_briefings_conflicts_as_the_api_does(grown: tuple[Path, str]) -> None:
    """``stories`` had no conflicts where ``/api/stories`` and the web index have them (a new
    user's trial); an empty list of storylines says so instead of an empty table."""
    db, story_id = grown
    rows = {r["id"]: r for r in json.loads(run("stories", "--db", str(db), "--json")[1])}
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        api = {r["id"]: r for r in client.get("/api/stories").json()}
    assert rows[story_id]["conflicts"] >= 1
    assert {k: r["conflicts"] for k, r in rows.items()} == {
        k: r["conflicts"] for k, r in api.items()
    }
    code, out, err = run("stories", "--storylines", "--min-stories", "50", "--db", str(db))
    assert code == 0 and not out and "no storyline of 50 or more stories" in err
