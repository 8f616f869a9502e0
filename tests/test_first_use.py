"""What a new user trips on, on real AllSides articles: the report's conflict values, the
progress of `analyze`, the `stories` table, a truncated JSONL line (#15, #17)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.ingest import read_paths
from storyline.models import ReadError
from storyline.pipeline import analyze
from storyline.report.view import Links
from storyline.store import Store

PAGE = Links()  # the static report's page names

ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "allsides" / "articles.jsonl"
#: Three reports of one Sunday interview, published on the Monday after it: one says "on
#: Sunday" of the interview and another, of a day ahead, resolves to the Sunday after.
MANCHIN = ("cnbc.com/2021/06/06/manchin", "cnn.com/2021/06/06/politics/joe-manchin",
           "nypost.com/2021/06/06/sen-joe-manchin")  # fmt: skip


@dataclass
class Run:
    doc: dict[str, Any]  # the briefing
    report: Path
    db: Path
    progress: list[tuple[str, int, int]]  # every (stage, done, total) analyze reported


@pytest.fixture(scope="module")
def manchin(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("manchin")
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    picked = [ln for m in MANCHIN for ln in lines if m in json.loads(ln)["url"]]
    assert len(picked) == 3
    # Two of them analysed first, then the third added to the stored story (new_since).
    (root / "first.jsonl").write_text("\n".join(picked[:2]) + "\n", encoding="utf-8")
    (root / "later.jsonl").write_text(picked[2] + "\n", encoding="utf-8")
    calls: list[tuple[str, int, int]] = []
    with Store(root / "s.duckdb") as store:
        analyze(root / "first.jsonl", store)
        result = analyze(
            root / "later.jsonl",
            store,
            out=root / "report",
            progress=lambda *call: calls.append(call),
        )
    return Run(result.briefing.to_json(), root / "report", root / "s.duckdb", calls)


def _weekday_conflict(doc: dict[str, Any], word: str, days: list[str]) -> dict[str, Any]:
    """A date conflict of one weekday ``word`` in two of ``doc``'s articles, resolved to
    ``days``: each side cites its article's own span of the word."""
    values = []
    for art, day in zip(doc["articles"], days, strict=False):
        start = art["text"].index(word)
        span = {"article_id": art["id"], "text": word, "start": start, "end": start + len(word)}
        values.append(
            {"value": word, "normalized": day, "attributed_to": None,
             "article_ids": [art["id"]], "sources": [span]}
        )  # fmt: skip
    return {"id": "c-weekday", "kind": "date", "subject": "the vote", "values": values}


def test_a_date_conflict_of_one_weekday_shows_the_two_days(manchin: Run, tmp_path: Path) -> None:
    """Two reports once resolved "Sunday" to two Sundays (one of them wrongly: the date
    extractor no longer does, 4347494), and the report showed "Sunday" against "Sunday". Such
    a conflict, built from the reports' own spans of the word, shows the day each means."""
    from storyline.report import write_reports

    doc = json.loads(json.dumps(manchin.doc))
    [story] = doc["stories"]
    assert sum("Sunday" in a["text"] for a in doc["articles"]) >= 2
    days = ["2021-06-06", "2021-06-13"]
    story["conflicts"] = [_weekday_conflict(doc, "Sunday", days)]
    report = tmp_path / "report"
    write_reports(doc, report)
    md = (report / "briefing.md").read_text(encoding="utf-8")
    page = (report / PAGE.story(story["id"])).read_text(encoding="utf-8")
    buttons = re.findall(r'<button class="value"[^>]*>([^<]*)</button>', page)
    for day in days:  # not the same word twice: the reader sees which day each means
        assert f"“Sunday ({day})”" in md  # parentheses need no escape in Markdown
        assert f"Sunday ({day})" in buttons


def test_every_stage_of_the_progress_ends_complete(manchin: Run) -> None:
    last = {stage: (done, total) for stage, done, total in manchin.progress}
    assert list(last) == ["extract", "cluster", "reconcile", "report"]
    assert all(done == total for done, total in last.values()), last
    assert last["reconcile"] == (1, 1)  # the one story briefed


def test_counts_of_one_are_singular(manchin: Run) -> None:
    [story] = manchin.doc["stories"]
    new = story["new_since"]
    assert len(new["articles"]) == 1
    md = (manchin.report / "briefing.md").read_text(encoding="utf-8")
    page = (manchin.report / PAGE.story(story["id"])).read_text(encoding="utf-8")
    assert "New since" in md and "1 article (" in md
    assert re.search(r"1 article\s*\(", page)
    assert not re.search(r"\b1 (article|claim|conflict|quote card|independent source)s\b", md)


def table_column(out: str, columns: int) -> list[str]:
    """The last column of a rich table, each row's wrapped lines joined."""
    rows: list[list[str]] = []
    for line in out.splitlines():
        if line.count("│") == columns + 1:
            cells = [c.strip() for c in line.split("│")[1:-1]]
            if cells[0] or not rows:
                rows.append([])
            rows[-1].append(cells[-1])
    return [" ".join(c for c in row if c) for row in rows]


def test_the_stories_table_cuts_a_long_headline_at_a_word(tmp_path: Path) -> None:
    """CNN's report of the three alone: its 93-character title is the story's headline."""
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    (tmp_path / "cnn.jsonl").write_text(
        "".join(ln + "\n" for ln in lines if MANCHIN[1] in json.loads(ln)["url"]), "utf-8"
    )
    with Store(tmp_path / "s.duckdb") as store:
        doc = analyze(tmp_path / "cnn.jsonl", store).briefing.to_json()
    headline = doc["stories"][0]["headline"]
    assert len(headline) > 70
    for args, columns in ((["stories"], 6), (["stories", "--storylines"], 4)):
        result = CliRunner().invoke(app, [*args, "--db", str(tmp_path / "s.duckdb")])
        assert result.exit_code == 0, result.output
        [shown] = table_column(result.stdout, columns)
        assert shown.endswith("…") and headline.startswith(shown[:-1])
        assert headline[len(shown) - 1] == " "  # the last word shown is whole


def test_a_jsonl_line_cut_short_names_the_column_where_it_stops(tmp_path: Path) -> None:
    line = ALLSIDES.read_text(encoding="utf-8").splitlines()[0]
    cut = line[: line.index('"text": ') + len('"text": ')]
    path = tmp_path / "cut.jsonl"
    path.write_text(line + "\n" + cut + "\n" + line.replace("Facebook", "Meta") + "\n", "utf-8")
    items = list(read_paths([path]))
    [error] = [i for i in items if isinstance(i, ReadError)]
    assert len(items) == 3 and error.record == "line 2"
    assert f"at column {len(cut) + 1})" in str(error)  # where the value is missing, not 1


def test_listings_print_whole_ids_and_show_a_whole_url(manchin: Run) -> None:
    db = str(manchin.db)
    [story] = manchin.doc["stories"]
    arts = manchin.doc["articles"]
    for args, ids in (
        (["list"], [a["id"] for a in arts]),
        (["stories"], [story["id"]]),
        (["stories", "--storylines"], [story["storyline"]["id"]]),
    ):
        result = CliRunner().invoke(app, [*args, "--db", db])  # 80 columns, as in a pipe
        assert result.exit_code == 0, result.output
        for i in ids:  # each id whole on its row, to give to `show` or `story`
            assert re.search(rf"│ {re.escape(i)} +│", result.stdout), (i, result.stdout)
    longest = max(arts, key=lambda a: len(a["url"]))
    assert len(longest["url"]) > 80
    result = CliRunner().invoke(app, ["show", longest["id"], "--db", db])
    assert f"url: {longest['url']}\n" in result.stdout


def test_an_out_that_is_a_file_is_one_line_before_any_work(tmp_path: Path) -> None:
    src, db = tmp_path / "one.jsonl", tmp_path / "s.duckdb"
    src.write_text(ALLSIDES.read_text(encoding="utf-8").splitlines()[0] + "\n", "utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    for out, said in (("notes.txt", "is a file"), ("notes.txt/report", "notes.txt is a file")):
        result = CliRunner().invoke(app, ["analyze", str(src), "--db", str(db), "--out",
                                          str(tmp_path / out)])  # fmt: skip
        assert result.exit_code == 1 and result.exception is not None
        [line] = result.stderr.splitlines()
        assert line.startswith("storyline: error: ") and said in line, result.stderr
    with Store(db) as store:
        assert store.articles() == []  # refused before reading anything
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_one_article_story_page_counts_in_the_singular(tmp_path: Path) -> None:
    src = tmp_path / "one.jsonl"
    src.write_text(ALLSIDES.read_text(encoding="utf-8").splitlines()[0] + "\n", "utf-8")
    result = analyze(src, out=tmp_path / "report")
    [story] = result.briefing.stories
    page = (tmp_path / "report" / PAGE.story(story.id)).read_text(encoding="utf-8")
    assert "1 article · 1 independent" in page and "1 independent source ·" in page
    assert f"{len(story.claims)} claims × 1 article<" in page
    assert not re.search(r"\b1 (article|claim|conflict|speaker|name|independent source)s\b", page)


def test_a_title_of_two_words_is_the_role_in_the_text_order(tmp_path: Path) -> None:
    """Reuters on Harris in Guatemala: quotes of "Vice President Kamala Harris" (a card of the
    report's "Who said what" read "Kamala Harris (president vice)")."""
    from storyline.clean import clean
    from storyline.extract import extract_articles
    from storyline.nlp import load_nlp

    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    [line] = [ln for ln in lines if "reuters.com/world/americas/harris-meet" in ln]
    (tmp_path / "one.jsonl").write_text(line + "\n", encoding="utf-8")
    [article] = [clean(a) for a in read_paths([tmp_path / "one.jsonl"])]
    [ex] = extract_articles([article], load_nlp()).extractions
    roles = {q.speaker_role for q in ex.quotes if q.speaker_name == "Kamala Harris"}
    # the title as written ("Vice President"), its words in the text's order
    assert "Vice President" in roles and not {
        r for r in roles if r and "president vice" in r.lower()
    }


def test_a_plural_noun_by_a_name_is_no_role(tmp_path: Path) -> None:
    """The WSJ on the Geneva summit and the New York Post on Fauci's emails: their quote
    cards read "Joe Biden (cyberattacks)" and "Anthony S. Fauci (months)" (a plural noun the
    parse hung on the speaker's name); Biden's title stays his role."""
    from storyline.clean import clean
    from storyline.extract import extract_articles
    from storyline.nlp import load_nlp

    keys = ("biden-putin-prepare-for-tense-talks", "fauci-emails-all-the-more-reason")
    lines = [
        ln for ln in ALLSIDES.read_text(encoding="utf-8").splitlines() if any(k in ln for k in keys)
    ]
    assert len(lines) == 2
    (tmp_path / "two.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = [clean(a) for a in read_paths([tmp_path / "two.jsonl"])]
    exs = extract_articles(articles, load_nlp()).extractions
    roles = {(q.speaker_name, q.speaker_role) for ex in exs for q in ex.quotes}
    assert ("Biden", "President") in roles  # "President Biden", the title as written
    assert not {r for _, r in roles} & {"cyberattacks", "months"}


def test_a_role_keeps_the_bare_nouns_compounded_onto_it(tmp_path: Path) -> None:
    """Reuters on the White House and Facebook: "White House press secretary Jen Psaki" is
    Psaki the press secretary (the card read "secretary"), speaking for the White House."""
    from storyline.clean import clean
    from storyline.extract import extract_articles
    from storyline.nlp import load_nlp

    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    [line] = [ln for ln in lines if "us-surgeon-general-warns-over-covid-19" in ln]
    (tmp_path / "one.jsonl").write_text(line + "\n", encoding="utf-8")
    [article] = [clean(a) for a in read_paths([tmp_path / "one.jsonl"])]
    [ex] = extract_articles([article], load_nlp()).extractions
    psaki = {(q.speaker_role, q.speaker_org) for q in ex.quotes if q.speaker_name == "Jen Psaki"}
    assert psaki == {("press secretary", "White House")}


def test_a_pronoun_is_no_speaker_on_a_card(tmp_path: Path) -> None:
    """A Fox News opinion piece in the first person: its card was headed "I — 1 quotation"
    (the writer's 'I said', unresolved); a pronoun names no one the reader can see, so the
    card is unattributed, and its quotation is still on it."""
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    [line] = [ln for ln in lines if "opinion/mothers-day-covid-struggle" in ln]
    (tmp_path / "one.jsonl").write_text(line + "\n", encoding="utf-8")
    result = analyze(tmp_path / "one.jsonl", out=tmp_path / "report")
    [story] = result.briefing.stories
    speakers = [q.speaker for q in story.quotes]
    assert None in speakers
    assert not {s for s in speakers if s} & {"I", "he", "she", "they", "They", "we"}
    text = (tmp_path / "report" / "briefing.md").read_text(encoding="utf-8")
    assert "#### I —" not in text and "Unattributed" in text


def test_a_stage_with_nothing_to_do_shows_no_bar(manchin: Run, monkeypatch: Any) -> None:
    """The same articles again: no story to brief, so no reconcile bar (it read "0/?")."""
    import io

    from rich.console import Console

    import storyline.cli.common as common

    screen = io.StringIO()
    monkeypatch.setattr(common, "err", Console(file=screen, force_terminal=True, width=100))
    src = manchin.db.parent / "later.jsonl"
    result = CliRunner().invoke(app, ["analyze", str(src), "--db", str(manchin.db), "--out",
                                      str(manchin.db.parent / "again")])  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert "extract" in shown and "report" in shown  # the bars a terminal sees
    assert "reconcile" not in shown and "/?" not in shown
