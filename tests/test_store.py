"""The DuckDB store: re-adding adds nothing, wire copies stay two rows, writes are atomic."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline.briefing import Briefing, StorylineRef
from storyline.briefing import Story as BriefedStory
from storyline.models import Article, Family, Story
from storyline.store import Store, StoreError

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _article(path: Path, source: str) -> Article:
    text = path.read_text(encoding="utf-8")
    digest = hashlib.sha256((source + "\0" + " ".join(text.split())).encode()).hexdigest()[:16]
    return Article(id=digest, source_path=source, text=text, fmt="txt", prose=[(0, len(text))])


def test_same_article_twice_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    arts = [_article(p, str(p)) for p in sorted(SAMPLES.glob("*.txt"))]
    with Store(db) as store:
        added, skipped = store.add_articles(arts)
        assert len(added) == len(arts) and not skipped
    with Store(db) as store:  # a second process opening the same file
        added, skipped = store.add_articles(arts)
        assert not added and len(skipped) == len(arts)
        assert store.count_articles() == len(arts)
        back = store.get_article(arts[0].id)
        assert back is not None and back.text == arts[0].text and back.prose == arts[0].prose


def test_same_text_from_two_outlets_stays_two_articles(tmp_path: Path) -> None:
    path = SAMPLES / "lakeside-post.txt"
    a, b = _article(path, "https://one.example/a"), _article(path, "https://two.example/b")
    a.url, b.url = a.source_path, b.source_path  # (a file with neither is a copy of a file)
    with Store(tmp_path / "s.duckdb") as store:
        added, _ = store.add_articles([a, b])
        assert len(added) == 2 and store.count_articles() == 2


def test_a_copy_is_known_by_its_words_and_outlet(tmp_path: Path) -> None:
    """A file with no URL, nor outlet and title, is known by its words (``copy_key``): a copy
    of it under another name is the stored article. Two outlets' records of one wire text
    with no URL or title are two articles, two sources (a review of the rule)."""
    path = SAMPLES / "lakeside-post.txt"
    one, copy = _article(path, "one.txt"), _article(path, "copy.txt")
    a, b = _article(path, "a.jsonl:1"), _article(path, "a.jsonl:2")
    a.outlet, b.outlet = "Radio Ostrel", "Valley Herald"
    with Store(tmp_path / "s.duckdb") as store:
        added, skipped = store.add_articles([one, copy])
        assert added == [one.id] and skipped == [one.id]
        added, _ = store.add_articles([a, b])
        assert added == [a.id, b.id] and store.count_articles() == 3


def test_failed_batch_is_rolled_back_and_earlier_rows_kept(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    first = [_article(p, str(p)) for p in sorted(SAMPLES.glob("*.txt"))]
    with Store(db) as store:
        store.add_articles(first)
    good = _article(SAMPLES / "northwind-daily.md", "new")
    broken = _article(SAMPLES / "radio-ostrel.jsonl", "broken")
    broken.prose = [object()]  # type: ignore[list-item]  # fails mid-transaction
    with Store(db) as store, pytest.raises(TypeError):
        store.add_articles([good, broken])
    with Store(db, read_only=True) as store:
        assert {a.id for a in store.articles()} == {a.id for a in first}


def test_stories_round_trip(tmp_path: Path) -> None:
    story = Story(
        id="s1",
        article_ids=["a", "b"],
        families=[Family("f1", ["a", "b"], "AFP")],
        headline="h",
        date_span=("2025-04-08", "2025-04-10"),
    )
    with Store(tmp_path / "s.duckdb") as store:
        briefing = _briefing(story)
        store.put_stories([story], briefing)
        assert store.stories() == [story]
        assert store.get_briefing("s1") == briefing.stories[0]


def _briefing(*stories: Story) -> Briefing:
    """A briefing of ``stories`` with every section empty."""
    refs = [StorylineRef(id=s.id, story_ids=[s.id]) for s in stories]
    briefed = [BriefedStory.unbriefed(s, ref) for s, ref in zip(stories, refs, strict=True)]
    return Briefing(articles=[], stories=briefed, storylines=[])


def test_a_briefing_stored_by_another_version_is_not_read(tmp_path: Path) -> None:
    """A stored briefing of an older schema version (or one the model refuses) is reported
    stale for re-briefing and never handed out as if it were current."""
    story = Story(id="s1", article_ids=["a"])
    with Store(tmp_path / "s.duckdb") as store:
        store.put_stories([story, Story(id="s2", article_ids=["b"])], _briefing(story))
        assert store.stale_briefings() == [] and store.get_briefing("s1") is not None
        store.con.execute("UPDATE briefings SET schema_version = 1 WHERE story_id = 's1'")
        assert store.get_briefing("s1") is None and store.stale_briefings() == ["s1"]
        store.con.execute("UPDATE briefings SET schema_version = NULL, data = '{\"id\": 1}'")
        assert store.get_briefing("s1") is None and store.stale_briefings() == ["s1"]


def test_a_briefing_another_model_wrote_is_stale_by_its_fingerprint(tmp_path: Path) -> None:
    """Each stored briefing carries the briefing model's fingerprint: one another model wrote
    (a field added without a version bump) is stale, found without reading its JSON; one
    stored before the fingerprint (NULL) is read through the model as before."""
    from storyline.store.stories import model_fingerprint

    story = Story(id="s1", article_ids=["a"])
    with Store(tmp_path / "s.duckdb") as store:
        store.put_stories([story], _briefing(story))
        row = store.con.execute("SELECT model FROM briefings").fetchone()
        assert row == (model_fingerprint(),)
        store.con.execute("UPDATE briefings SET model = 'another model'")
        assert store.stale_briefings() == ["s1"] and store.get_briefing("s1") is None
        store.con.execute("UPDATE briefings SET model = NULL")
        assert store.stale_briefings() == [] and store.get_briefing("s1") is not None


def test_current_briefings_are_those_get_briefing_returns(tmp_path: Path) -> None:
    """Told by fingerprint, without reading them: not a briefing another model or schema
    version wrote, nor a story with none; one stored before the fingerprint is read through
    the model, as ``get_briefing`` reads it."""
    stories = [Story(id=f"s{i}", article_ids=[f"a{i}"]) for i in range(4)]
    with Store(tmp_path / "s.duckdb") as store:
        store.put_stories(stories, _briefing(*stories[:3]))  # s3 has no briefing
        store.con.execute("UPDATE briefings SET model = 'another' WHERE story_id = 's1'")
        store.con.execute("UPDATE briefings SET schema_version = 1 WHERE story_id = 's2'")
        ids = [*(s.id for s in stories), "unknown"]
        assert store.current_briefings(ids) == {"s0"}
        assert {sid for sid in ids if store.get_briefing(sid) is not None} == {"s0"}
        store.con.execute("UPDATE briefings SET model = NULL")
        assert store.current_briefings(ids) == {"s0", "s1"}
        assert store.current_briefings([]) == set()


def test_articles_by_id_are_the_stored_ones_each_once_in_id_order(tmp_path: Path) -> None:
    arts = [_article(p, str(p)) for p in sorted(SAMPLES.glob("*.txt"))]
    with Store(tmp_path / "s.duckdb") as store:
        store.add_articles(arts)
        first, second = sorted(a.id for a in arts)[:2]
        got = store.articles([second, "unknown", first, second])
        assert [a.id for a in got] == [first, second]
        assert got == [a for a in sorted(store.articles(), key=lambda a: a.id) if a in got]
        assert got[0].text == next(a.text for a in arts if a.id == first)
        assert store.articles([]) == [] and store.articles(["unknown"]) == []


def _linked_stories() -> list[Story]:
    """Two stories of one storyline (a follow-up a week later) and a lone story."""
    return [
        Story(
            id="s2",
            article_ids=["c"],
            headline="Follow-up",
            storyline="s1",
            date_span=("2025-04-15", "2025-04-16"),
        ),
        Story(
            id="s1",
            article_ids=["a", "b"],
            headline="First",
            storyline="s1",
            date_span=("2025-04-08", "2025-04-10"),
        ),
        Story(id="s3", article_ids=["d"], headline="Other", date_span=("2025-04-09",) * 2),
    ]


def test_storylines_round_trip_in_date_order(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.put_stories(_linked_stories())
        assert store.get_story("s2").storyline == "s1"  # type: ignore[union-attr]
        assert store.get_story("s3").storyline is None  # type: ignore[union-attr]
        lines = store.storylines()
        assert [(ln.id, ln.story_ids) for ln in lines] == [("s1", ["s1", "s2"]), ("s3", ["s3"])]
        assert lines[0].date_span == ("2025-04-08", "2025-04-16")
        assert lines[0].headline == "First"
        assert [s.id for s in store.storyline_stories("s1")] == ["s1", "s2"]
        assert store.get_storyline("s3").story_ids == ["s3"]  # type: ignore[union-attr]
        assert store.get_storyline("s2") is None and store.storyline_stories("nope") == []


def _old_store(db: Path) -> None:
    """A store file as written before stories had a storyline column."""
    import duckdb

    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE stories (id VARCHAR PRIMARY KEY, headline VARCHAR, "
        "article_ids JSON, families JSON, first_date VARCHAR, last_date VARCHAR)"
    )
    con.execute("""INSERT INTO stories VALUES ('s1', 'h', '["a"]', '[]', '2025-04-08',
                   '2025-04-08')""")
    con.close()


def test_a_store_from_before_storylines_reads_and_migrates(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    _old_store(db)
    with Store(db, read_only=True) as store:  # the web UI: no migration, each story alone
        assert store.stories()[0].storyline is None
        assert [ln.story_ids for ln in store.storylines()] == [["s1"]]
    with Store(db) as store:  # a writer adds the column and keeps the rows
        assert store.get_story("s1").headline == "h"  # type: ignore[union-attr]
        store.put_stories(_linked_stories())
        assert [ln.story_ids for ln in store.storylines()][0] == ["s1", "s2"]


def test_id_prefixes_take_like_wildcards_literally(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.put_stories([Story(id="sa", article_ids=["a"])])
        assert store.get_story("s").id == "sa"  # type: ignore[union-attr]
        for pattern in ("%", "%a", "_a", "s_", "\\"):
            assert store.get_story(pattern) is None, pattern
        store.put_stories([Story(id="x_1", article_ids=["b"]), Story(id="xy1", article_ids=["c"])])
        assert store.get_story("x_").id == "x_1"  # type: ignore[union-attr]
        store.put_stories(
            [Story(id="p\\%", article_ids=["d"]), Story(id="p\\q", article_ids=["e"])]
        )
        assert store.get_story("p\\%").id == "p\\%"  # type: ignore[union-attr]
        store.add_articles([_article(SAMPLES / "lakeside-post.txt", "one")])
        assert store.get_article("%") is None and store.get_article("_") is None


def test_analysing_again_replaces_the_stories_of_those_articles(tmp_path: Path) -> None:
    """A grown archive analysed again regroups its articles: the earlier stories of those
    articles go, with their briefings; stories of other articles stay."""
    first = [Story(id="s1", article_ids=["a", "b"]), Story(id="s2", article_ids=["c"])]
    other = Story(id="s9", article_ids=["x"])
    with Store(tmp_path / "s.duckdb") as store:
        store.put_stories(first + [other], _briefing(*first))
        s3 = Story(id="s3", article_ids=["a", "b", "c", "d"])
        store.put_stories([s3], _briefing(s3))
        assert [s.id for s in store.stories()] == ["s3", "s9"]
        assert store.get_briefing("s1") is None and store.get_briefing("s2") is None
        assert store.get_briefing("s3") == _briefing(s3).stories[0]
        store.put_stories(
            [Story(id="s3", article_ids=["a", "b"]), Story(id="s4", article_ids=["c"])]
        )
        ids = [aid for s in store.stories() for aid in s.article_ids]
        assert sorted(ids) == ["a", "b", "c", "x"]


_HOLD = """
import sys, time
from storyline.store import Store, StoreError
store = Store(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
store.close()
"""


def _hold(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process that holds the store for writing for ``seconds``."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline() == "holding\n"
    return proc


def test_a_store_held_by_another_process_is_waited_for(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    holder = _hold(db, 1.0)
    try:
        with Store(db, wait=30) as store:  # opens once the other process is done
            assert store.count_articles() == 0
    finally:
        holder.wait()


def test_a_store_held_too_long_is_a_one_line_error(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    holder = _hold(db, 30)
    try:
        for read_only in (False, True):
            started = time.monotonic()
            with pytest.raises(StoreError) as caught:
                Store(db, read_only=read_only, wait=0.5)
            assert 0.5 <= time.monotonic() - started < 5
            message = str(caught.value)
            assert "\n" not in message and "in use by another process" in message
            assert f"PID {holder.pid}" in message and str(db) in message
    finally:
        holder.kill()
        holder.wait()


def test_a_store_killed_right_after_it_was_created_opens_read_only(tmp_path: Path) -> None:
    """DuckDB cannot replay an ``ALTER TABLE`` of a table with a DEFAULT read-only: a store
    (with its fetch tables) is created without one, so a reader meets a killed run's log."""
    import subprocess
    import sys

    db = tmp_path / "s.duckdb"
    code = (
        "import os\nfrom storyline.store import Store\nfrom storyline.store.web import WebState\n"
        f"store = Store({str(db)!r})\nWebState(store)\nos._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert Path(f"{db}.wal").exists()  # left unreplayed, as after a kill
    with Store(db, read_only=True) as store:
        assert store.count_articles() == 0


def test_an_older_store_gains_the_new_columns_and_checkpoints(tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE articles (id VARCHAR PRIMARY KEY, source_path VARCHAR, fmt VARCHAR,"
                " record VARCHAR, title VARCHAR, outlet VARCHAR, url VARCHAR, byline VARCHAR,"
                " wire VARCHAR, published VARCHAR, text VARCHAR, prose JSON, title_span JSON,"
                " ingested_at TIMESTAMP DEFAULT current_timestamp)")  # fmt: skip
    con.close()
    with Store(db) as store:
        assert store._column_or_null("articles", "language") == "language"
    assert not Path(f"{db}.wal").exists() or Path(f"{db}.wal").stat().st_size == 0


def test_a_news_file_given_as_the_store_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    """DuckDB opens a ``.jsonl`` given as a database as an in-memory one over it: a store
    pointed at the user's news file took every write and kept none (a new user's trial)."""
    from allsides_pick import pick_allsides

    news = pick_allsides(tmp_path, ["surgeon-general-vaccine-misinformation"], "news.jsonl")
    before = news.read_bytes()
    for read_only in (False, True):
        with pytest.raises(StoreError) as caught:
            Store(news, read_only=read_only)
        # a reader (``serve``, ``stories``) never creates a store: no hint that a name does
        hint = "" if read_only else " (a new name creates one)"
        assert str(caught.value) == (
            f"{news}: not a storyline store (not a DuckDB database file); give a storyline "
            "store's path" + hint
        )
    assert news.read_bytes() == before
