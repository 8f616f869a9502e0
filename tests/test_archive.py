"""The store as a living archive (issue #17): articles added by a later run join the stored
stories they belong to, those stories keep their ids and say what is new, and the other
stored stories are left as they were."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from allsides_pick import pick_allsides
from seedrun import SEEDS
from storyline.pipeline import analyze
from storyline.report.view import Links
from storyline.store import Store

PAGE = Links()  # the static report's page names

ROOT = Path(__file__).resolve().parents[1]


def _comparable(doc: dict[str, Any]) -> dict[str, Any]:
    """A briefing without what differs by design between runs: who made it, what is new."""
    out = {**doc, "stories": [{**s, "new_since": None} for s in doc["stories"]]}
    out.pop("made_by", None)
    return out


@pytest.fixture(scope="module")
def split_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """Seeds 000-002 analysed first, then 003-004 into the same store."""
    seeds = sorted(SEEDS.iterdir())
    db = tmp_path_factory.mktemp("archive") / "s.duckdb"
    with Store(db) as store:
        docs = [analyze(seeds[:3], store).briefing.to_json()]
        docs.append(analyze(seeds[3:], store).briefing.to_json())
    return db, docs


def test_later_articles_join_the_stored_story_which_keeps_its_id(
    split_run: tuple[Path, list[dict[str, Any]]], seed_analysis: Any
) -> None:
    db, (first, second) = split_run
    assert [len(s["article_ids"]) for s in first["stories"]] == [3]
    (story,) = second["stories"]
    assert story["id"] == first["stories"][0]["id"] and len(story["article_ids"]) == 5
    with Store(db, read_only=True) as store:
        listed = [aid for s in store.stories() for aid in s.article_ids]
        assert sorted(listed) == sorted(set(listed)) and len(listed) == 5
    # split over two runs, the seeds give the briefing of one run over all five
    assert _comparable(second) == _comparable(seed_analysis.briefing)


def test_the_grown_story_keeps_the_extractions_of_one_run_over_all(
    split_run: tuple[Path, list[dict[str, Any]]], seed_analysis: Any
) -> None:
    """The second run writes the extractions of every article of the story it briefs again,
    the stored ones too (their entities are canonicalised with the new articles')."""
    db, _ = split_run
    with Store(db, read_only=True) as split, Store(seed_analysis.db, read_only=True) as one:
        ids = [aid for s in one.stories() for aid in s.article_ids]
        assert len(ids) == 5
        for aid in ids:
            kept, whole = split.get_extraction(aid), one.get_extraction(aid)
            assert kept is not None and whole is not None
            assert kept.to_dict() == whole.to_dict()


def test_the_grown_story_lists_what_is_new_since_its_first_briefing(
    split_run: tuple[Path, list[dict[str, Any]]],
) -> None:
    _, (first, second) = split_run
    assert first["stories"][0]["new_since"] is None
    (story,) = second["stories"]
    new = story["new_since"]
    names = {a["id"]: Path(a["source_path"]).name[:3] for a in second["articles"]}
    assert sorted(names[a] for a in new["articles"]) == ["003", "004"]
    old_claims = {c["id"] for c in first["stories"][0]["claims"]}
    claims = {c["id"]: c for c in story["claims"]}
    assert new["claims"] and not set(new["claims"]) & old_claims
    for cid in new["claims"]:  # a new claim cites only the new articles' sentences
        assert {names[s["article_id"]] for s in claims[cid]["sources"]} <= {"003", "004"}
    quotes = {q["id"]: q for q in story["quotes"]}
    for qid in new["quotes"]:
        assert {names[r["article_id"]] for r in quotes[qid]["renderings"]} <= {"003", "004"}
    assert new["since"].endswith("Z") and new["since"][:4].isdigit()


def test_claims_the_new_articles_corroborate_are_listed(
    split_run: tuple[Path, list[dict[str, Any]]],
) -> None:
    """A claim the first run cited that 003 or 004 now state too: one more source for it, which
    an editor wants to see as much as a new claim (a new user's second run)."""
    _, (first, second) = split_run
    (story,) = second["stories"]
    new = story["new_since"]
    names = {a["id"]: Path(a["source_path"]).name[:3] for a in second["articles"]}
    old_spans = {
        (s["article_id"], s["start"], s["end"])
        for c in first["stories"][0]["claims"]
        for s in c["sources"]
    }
    claims = {c["id"]: c for c in story["claims"]}
    assert new["claims_joined"] and not set(new["claims_joined"]) & set(new["claims"])
    for cid in new["claims_joined"]:
        cited = {(s["article_id"], s["start"], s["end"]) for s in claims[cid]["sources"]}
        assert cited & old_spans
        assert {names[a] for a, _, _ in cited} & {"003", "004"}
    joined = [
        c["id"]
        for c in story["claims"]
        if c["id"] not in new["claims"]
        and {names[s["article_id"]] for s in c["sources"]} & {"003", "004"}
    ]
    assert sorted(joined) == sorted(new["claims_joined"])


def test_stories_a_run_does_not_touch_are_left_as_they_were(tmp_path: Path) -> None:
    """The seeds, then the bundled samples (another event): the seeds' story is neither
    briefed again nor changed; analysing with no path briefs every story again."""
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        (seeds,) = analyze([SEEDS], store).briefing.stories
        before = (store.get_briefing(seeds.id), store.briefed_at(seeds.id))
        ran = analyze([ROOT / "samples"], store).briefing
        assert seeds.id not in {s.id for s in ran.stories}
        assert (store.get_briefing(seeds.id), store.briefed_at(seeds.id)) == before
        everything = analyze([], store).briefing
        assert seeds.id in {s.id for s in everything.stories}
        assert len(everything.articles) == store.count_articles() == 10


def test_the_report_and_the_ui_show_what_is_new(
    split_run: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    from lxml import html as lxml_html
    from starlette.testclient import TestClient

    from storyline.report import render_markdown, write_reports
    from storyline.web.app import create_app

    db, (_, second) = split_run
    (story,) = second["stories"]
    new = story["new_since"]
    write_reports(second, tmp_path)
    pages = [(tmp_path / PAGE.story(story["id"])).read_text("utf-8")]
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        pages.append(client.get(f"/stories/{story['id']}").text)
    for text in pages:
        page = lxml_html.fromstring(text)
        (line,) = page.xpath("//*[@id='new-since']")
        assert f"{len(new['claims'])} claims" in line.text_content()
        badges = page.xpath("//span[contains(@class, 'badge') and contains(@class, 'new')]")
        marked = len(new["claims"]) + len(new["conflicts"]) + len(new["quotes"])
        assert len(badges) == marked + 2  # and the two in the line itself
        more = page.xpath("//span[contains(@class, 'badge') and contains(@class, 'more')]")
        joined = len(new["claims_joined"]) + len(new["quotes_joined"])
        joined += len(new["conflicts_joined"])
        assert joined and len(more) == joined + 2 + bool(new["conflicts_joined"])
    assert f"{len(new['articles'])} articles (" in render_markdown(second)


def test_a_conflict_a_new_article_gives_a_value_of_is_not_new(
    split_run: tuple[Path, list[dict[str, Any]]],
) -> None:
    """A new user's split of the seeds: the conflict of the four counts of Chinese citizens,
    seen in the first run, was listed as new in the second because 003 gives one of its
    values too (its id, a hash of what it cites, is another). It cites sentences cited
    before: one with a new value's source, not a new conflict."""
    _, (first, second) = split_run
    (story,) = second["stories"]
    new = story["new_since"]
    seen = {
        (s["article_id"], s["start"], s["end"])
        for c in first["stories"][0]["conflicts"]
        for v in c["values"]
        for s in v["sources"]
    }
    grown = [
        c["id"]
        for c in story["conflicts"]
        if any(
            (s["article_id"], s["start"], s["end"]) in seen
            for v in c["values"]
            for s in v["sources"]
        )
        and any(s["article_id"] in new["articles"] for v in c["values"] for s in v["sources"])
    ]
    assert grown and set(grown) <= set(new["conflicts_joined"])
    assert not set(grown) & set(new["conflicts"])


def test_analysing_the_store_again_keeps_what_was_new(
    split_run: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    """Analysing the whole store again (no path) briefs every story again with nothing new:
    each keeps what its last briefing listed as new, instead of an empty list (a new user's
    run lost the "3 new articles" of a story that way)."""
    import shutil

    db, (_, second) = split_run
    copy = tmp_path / "again.duckdb"
    shutil.copy(db, copy)
    with Store(copy) as store:
        (story,) = analyze([], store).briefing.to_json()["stories"]
    assert story["new_since"] == second["stories"][0]["new_since"]


def test_a_copy_of_a_stored_file_under_another_name_is_stored_already(tmp_path: Path) -> None:
    """A new user copied seed 000 (renamed) and 003 into today's folder and analysed it into
    the store holding all five seeds: the story grew to 7 articles, two of them byte-for-byte
    copies (a file with no URL is known by where it lies). The copies are the articles stored
    already; a copy twice in one folder is read once."""
    import shutil

    seeds = sorted(p for p in SEEDS.iterdir() if p.is_file())
    today = tmp_path / "today"
    today.mkdir()
    shutil.copy(seeds[0], today / "renamed.txt")
    shutil.copy(seeds[0], today / "again.txt")
    shutil.copy(seeds[3], today / seeds[3].name)
    with Store(tmp_path / "s.duckdb") as store:
        first = analyze(seeds, store)
        ids = {a.id for a in first.articles}
        run = analyze([today], store)
        assert store.count_articles() == len(seeds)
        assert not run.ingest.added and set(run.ingest.skipped) <= ids
        assert len(set(run.ingest.skipped)) == 2
        (story,) = run.briefing.stories
        assert set(story.article_ids) == ids


def test_a_story_with_no_title_is_headed_by_its_summary(tmp_path: Path) -> None:
    """Seeds 003 and 004 alone, plain text with no title line: their story had no headline
    ("Untitled story" on its page, "-" in ``storyline stories``). It is headed by its
    summary's first line, a sentence its sources agree on, in the briefing and the store."""
    seeds = sorted(p for p in SEEDS.iterdir() if p.is_file())[3:]
    with Store(tmp_path / "s.duckdb") as store:
        (story,) = analyze(seeds, store).briefing.stories
        assert story.headline is not None and story.headline == story.summary[0].text
        (stored,) = store.stories()
        assert stored.headline == story.headline
    # and where stories are briefed and written one at a time (archive scale), as well
    with Store(tmp_path / "per-story.duckdb") as store:
        analyze(seeds, store, out=tmp_path / "out", per_story=True)
        (stored,) = store.stories()
        assert stored.headline == story.headline


def test_the_windows_of_a_run_are_queried_as_few_stretches_of_days() -> None:
    """Articles of nearby days share one query of the stored stories; a far day has its own."""
    from storyline.archive import _merged, _window

    days = ["2021-07-15", "2021-07-13", "2021-07-15", "2021-09-30"]
    merged = _merged(_window(d) for d in days)
    assert merged == [(_window(days[1])[0], _window(days[0])[1]), _window(days[3])]


def test_a_window_at_the_calendar_s_ends_does_not_overflow() -> None:
    """A store written before feed dates were checked may hold a story of "01 Jan 0001" (a
    new user's feed): every later run that read its window crashed with OverflowError."""
    from storyline.archive import _window

    assert _window("0001-01-01") == ("0001-01-01", _window("0001-01-01")[1])
    assert _window("9999-12-31")[1] == "9999-12-31"
    assert _window("2021-07-15")[0] < "2021-07-15" < _window("2021-07-15")[1]


#: AllSides coverage of one day (2021-05-05): three reports of a birth-rate figure, three of
#: an eviction ruling (their URLs' pieces).
BIRTHS = [
    "npr.org/2021/05/05/993817146",
    "cbsnews.com/news/birth-rate-42",
    "dailywire.com/news/us-birth",
]
EVICTIONS = [
    "cnbc.com/2021/05/05/federal-judge",
    "bloomberg.com/news/articles/2021-05-05/u-s-judge",
]
LATER = ["washingtonexaminer.com/news/judge-overturns"]


def test_an_added_run_reads_the_briefings_only_of_the_stories_it_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A third report of the eviction ruling joins its story, which is briefed again (its
    stored briefing read for what is new); the birth-rate story of the same day is clustered
    again with it, unchanged, and neither its stored briefing nor the story is read or
    written again."""
    first = pick_allsides(tmp_path, BIRTHS + EVICTIONS, "first.jsonl")
    with Store(tmp_path / "s.duckdb") as store:
        analyze([first], store)
        stories = {tuple(sorted(s.article_ids)): s.id for s in store.stories()}
        assert sorted(map(len, stories)) == [2, 3]  # the two events, apart
        births = next(sid for ids, sid in stories.items() if len(ids) == 3)
        kept = (store.get_briefing(births), store.briefed_at(births))
        read: list[str] = []
        written: list[str] = []
        get_briefings, put_stories = store.get_briefings, store.put_stories
        monkeypatch.setattr(
            store, "get_briefings", lambda ids: read.extend(ids) or get_briefings(ids)
        )
        monkeypatch.setattr(
            store,
            "put_stories",
            lambda ss, b=None: written.extend(s.id for s in ss) or put_stories(ss, b),
        )
        (grown,) = analyze([pick_allsides(tmp_path, LATER, "later.jsonl")], store).briefing.stories
        assert len(grown.article_ids) == 3 and grown.new_since is not None
        assert grown.id in stories.values() and read == [grown.id]
        assert written == [grown.id]  # the birth-rate story is not written again either
        monkeypatch.undo()
        assert (store.get_briefing(births), store.briefed_at(births)) == kept


def test_a_story_that_loses_an_article_to_a_later_run_says_so(tmp_path: Path) -> None:
    """The AllSides dev articles of 07-10..07-15 but one, then that one (Heavy's report of the
    White House's vaccine text messages): grouped again with it, a stored story (reports of
    the surgeon general's warning on misinformation) gives up an article (Politico's on the
    door-to-door vaccination drive) to another story, and its briefing says so
    (``new_since.articles_left``; the report's "new since" line), where before it read
    "0 articles ... new" and said nothing of the loss."""
    import json

    from allsides_pick import ALLSIDES

    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    late = [ln for ln in lines if json.loads(ln)["published"][:10] >= "2021-07-10"]
    last = next(ln for ln in late if "heavy.com/news/white-house-vaccine-text" in ln)
    (tmp_path / "a.jsonl").write_text("\n".join(x for x in late if x != last) + "\n")
    (tmp_path / "b.jsonl").write_text(last + "\n")
    with Store(tmp_path / "s.duckdb") as store:
        analyze([tmp_path / "a.jsonl"], store)
        before = {s.id: set(s.article_ids) for s in store.stories()}
        res = analyze([tmp_path / "b.jsonl"], store, out=tmp_path / "out")
        after = {s.id: set(s.article_ids) for s in store.stories()}
    losers = [s for s in res.briefing.stories if s.new_since and s.new_since.articles_left]
    assert losers
    for s in losers:
        gone = set(s.new_since.articles_left)  # type: ignore[union-attr]
        assert gone <= before[s.id] and not gone & after[s.id]
        assert all(any(a in ids for ids in after.values()) for a in gone)  # kept, elsewhere
    page = (tmp_path / "out" / "briefing.md").read_text(encoding="utf-8")
    assert "gone to another story" in page
    # named by its outlet, as the new articles are, not by its id
    outlet = {a.id: a.outlet for a in res.articles}
    moved = [a for s in losers for a in s.new_since.articles_left]  # type: ignore[union-attr]
    named = [
        ln.split("gone to another story (", 1)[1] for ln in page.splitlines() if "gone to" in ln
    ]
    assert moved and all(any(outlet[a] in line for line in named) for a in moved)
    pages = (p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("story-*.html"))
    assert any("gone to another story" in html for html in pages)
    # the web UI names it by its outlet too (it showed the id), each a link to its page,
    # which shows the story that holds it now
    from starlette.testclient import TestClient

    from storyline.web.app import create_app

    with TestClient(create_app(tmp_path / "s.duckdb"), base_url="http://127.0.0.1") as client:
        for s in losers:
            html = client.get(f"/stories/{s.id}").text
            line = html.split("gone to another story", 1)[1].split("</p>", 1)[0]
            for a in s.new_since.articles_left:  # type: ignore[union-attr]
                assert outlet[a] in line and f'href="/articles/{a}"' in line


ALLSIDES = ROOT.parent / "shared" / "eval" / "allsides" / "articles.jsonl"


def _story_sets(db: Path) -> set[frozenset[str]]:
    with Store(db, read_only=True) as store:
        return {frozenset(s.article_ids) for s in store.stories()}


@pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")
def test_allsides_split_over_two_runs_gives_the_stories_of_one_run(tmp_path: Path) -> None:
    """40 of AllSides dev's 731 articles, drawn at random, added by a second run: the store
    holds the stories one run over all of them makes. Before the store kept its articles'
    word counts (``storyline.store.keys``), the second run weighed words by the 40 and the
    stored stories near them alone, and two stories of three merged into one of six."""
    import random

    lines = [x for x in ALLSIDES.read_text("utf-8").splitlines() if x.strip()]
    order = list(range(len(lines)))
    random.Random(7).shuffle(order)
    later = set(order[:40])
    files = {}
    for name, keep in (("all", lambda i: True), ("first", lambda i: i not in later)):
        files[name] = tmp_path / f"{name}.jsonl"
        files[name].write_text("".join(x + "\n" for i, x in enumerate(lines) if keep(i)))
    files["later"] = tmp_path / "later.jsonl"
    files["later"].write_text("".join(lines[i] + "\n" for i in sorted(later)))
    with Store(tmp_path / "one.duckdb") as store:
        analyze([files["all"]], store)
    with Store(tmp_path / "split.duckdb") as store:
        analyze([files["first"]], store)
        analyze([files["later"]], store)
    one, split = _story_sets(tmp_path / "one.duckdb"), _story_sets(tmp_path / "split.duckdb")
    assert len(one) > 200 and sum(map(len, one)) == len(lines)
    assert split == one


def test_a_story_that_takes_no_stored_id_never_shares_one() -> None:
    """A stored story's articles now in two stories: the larger keeps the stored id, and the
    other, whose own id comes from the same first article, gets an id of its own (two
    stories under one id lost the articles of one of them from the store)."""
    from storyline.archive import keep_ids
    from storyline.models import Story

    stored = [Story(id="story-k", article_ids=["k", "a", "b"])]
    larger = Story(id="story-m", article_ids=["a", "b", "x"], storyline="story-k")
    smaller = Story(id="story-k", article_ids=["k", "y"], storyline="story-k")
    kept = keep_ids([smaller, larger], stored)
    assert [s.id for s in kept] == ["story-k-k", "story-k"]
    assert [s.storyline for s in kept] == ["story-k-k", "story-k-k"]


def test_a_split_story_leaves_its_id_to_the_part_with_most_of_its_articles() -> None:
    """A new user's weekly runs over AllSides (days jittered): a stored G7 story of three
    vaccine reports and one report of the origins inquiry split when the inquiry's reports
    came; the inquiry's part, as large and first by id, took the id, so a bookmark of the
    vaccine story opened the inquiry. One run over all gives the vaccine story that id."""
    from storyline.archive import keep_ids
    from storyline.models import Story

    stored = [Story(id="story-g7", article_ids=["v1", "v2", "v3", "o1"])]
    inquiry = Story(id="story-a", article_ids=["o1", "n1", "n2"])
    vaccines = Story(id="story-z", article_ids=["v1", "v2", "v3"])
    kept = keep_ids([inquiry, vaccines], stored)
    assert [s.id for s in kept] == ["story-a", "story-g7"]


def test_a_fallback_id_an_earlier_run_left_to_a_stored_story_is_not_reused() -> None:
    """The id a story falls back to may already be a stored story's (an earlier run's
    fallback), taken again now: the story gets yet another, and no two share one."""
    from storyline.archive import keep_ids
    from storyline.models import Story

    stored = [
        Story(id="story-x", article_ids=["c1", "c2", "c3"]),
        Story(id="story-x-a1", article_ids=["a1", "a2", "a3", "a4"]),
    ]
    new = [
        Story(id="story-c", article_ids=["c1", "c2", "c3"]),
        Story(id="story-a", article_ids=["a2", "a3", "a4"]),
        Story(id="story-x", article_ids=["a1", "b"]),
    ]
    ids = [s.id for s in keep_ids(new, stored)]
    assert ids[:2] == ["story-x", "story-x-a1"] and len(set(ids)) == 3
