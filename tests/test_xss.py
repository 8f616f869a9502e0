"""Article text is untrusted: script tags and event-handler attributes in an article's title,
body, outlet and URL, and in every briefing field quoted from it, must run nothing in the static
report or the web UI, and must be shown as text. Checked in chromium, where it counts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.briefing import SCHEMA_VERSION, Briefing
from storyline.models import Article, Family, Story
from storyline.report import write_reports
from storyline.store import Store
from test_browser import CHROMIUM, CHROMIUM_ARGS, serve_in_thread

pytestmark = pytest.mark.browser

#: Sets a flag, changes the title and opens a dialog: any one of them proves a script ran.
RUN = "window.__xss=1;document.title='pwned';alert(1)"
SCRIPT = f"<script>{RUN}</script>"
HANDLER = f'<img src=x onerror="{RUN}">'
BREAKOUT = f'"><svg onload="{RUN}">'
TITLE = f"Storm {SCRIPT} warning {HANDLER}"
BODY = (
    f"Officials said {SCRIPT} the storm hit at dawn. Residents said {HANDLER} "
    f"the road was closed {BREAKOUT}. Later, 40 homes lost power.\n"
)
OTHER = "Storm hits coast. Officials said 35 homes lost power overnight.\n"
LATER = "Power was restored to the coast on Sunday.\n"


def _span(aid: str, text: str, sub: str) -> dict[str, Any]:
    start = text.index(sub)
    return {"article_id": aid, "text": sub, "start": start, "end": start + len(sub)}


def hostile_briefing() -> dict[str, Any]:
    """A briefing whose every text field carries markup taken from the hostile article."""
    evil_sentence = BODY[: BODY.index("dawn.") + 5]
    evil, calm = _span("x1", BODY, evil_sentence), _span("x2", OTHER, "Storm hits coast.")
    forty, thirty_five = (
        _span("x1", BODY, "Later, 40 homes lost power."),
        _span("x2", OTHER, "Officials said 35 homes lost power overnight."),
    )
    articles = [
        {
            "id": "x1",
            "source_path": "evil.html",
            "title": TITLE,
            "outlet": f"Evil {BREAKOUT}",
            "url": f"javascript:{RUN}",
            "published": "2025-01-02",
            "byline": HANDLER,
            "wire": None,
            "family": "f1",
            "text": BODY,
        },
        {
            "id": "x2",
            "source_path": "calm.txt",
            "title": "Storm hits coast",
            "outlet": "Calm",
            "url": None,
            "published": "2025-01-02",
            "byline": None,
            "wire": None,
            "family": "f2",
            "text": OTHER,
        },
        {
            "id": "x3",
            "source_path": "later.txt",
            "title": TITLE,
            "outlet": "Calm",
            "url": None,
            "published": "2025-01-05",
            "byline": None,
            "wire": None,
            "family": "f3",
            "text": LATER,
        },
    ]
    line = {"id": "sx", "story_ids": ["sx", "sy"]}
    story = {
        "id": "sx",
        "headline": TITLE,
        "article_ids": ["x1", "x2"],
        "date_span": ["2025-01-02", "2025-01-02"],
        "storyline": line,
        "families": [
            {"id": "f1", "article_ids": ["x1"], "wire": None},
            {"id": "f2", "article_ids": ["x2"], "wire": None},
        ],
        "entities": [
            {
                "id": "e1",
                "name": SCRIPT,
                "type": "PERSON",
                "aliases": [HANDLER],
                "article_ids": ["x1"],
            }
        ],
        "quotes": [
            {
                "id": "q1",
                "speaker": HANDLER,
                "speaker_entity": None,
                "text": SCRIPT,
                "renderings": [evil, calm],
            }
        ],
        "claims": [
            {
                "id": "c1",
                "text": evil_sentence,
                "date": "2025-01-01",
                "sources": [evil, calm],
                "independent_sources": 2,
            },
            {
                "id": "c2",
                "text": forty["text"],
                "date": None,
                "sources": [forty],
                "independent_sources": 1,
            },
        ],
        "conflicts": [
            {
                "id": "k1",
                "kind": "number",
                "subject": SCRIPT,
                "values": [
                    {
                        "value": f"40 {HANDLER}",
                        "normalized": 40,
                        "attributed_to": SCRIPT,
                        "article_ids": ["x1"],
                        "sources": [forty],
                    },
                    {
                        "value": "35",
                        "normalized": 35,
                        "attributed_to": None,
                        "article_ids": ["x2"],
                        "sources": [thirty_five],
                    },
                ],
            }
        ],
        "unique": {"x1": ["c2"]},
        "omissions": {"x2": ["c2"]},
        "timeline": [{"date": "2025-01-01", "claim_ids": ["c1"], "text": evil_sentence}],
        "framing": {SCRIPT: {"x1": [HANDLER]}},
        "summary": [{"text": evil_sentence, "claim_ids": ["c1"]}],
    }
    follow_up = {  # the same storyline, three days later: its page and links carry TITLE
        "id": "sy",
        "headline": TITLE,
        "article_ids": ["x3"],
        "date_span": ["2025-01-05", "2025-01-05"],
        "storyline": line,
        "families": [{"id": "f3", "article_ids": ["x3"], "wire": None}],
        "entities": [],
        "quotes": [],
        "claims": [],
        "conflicts": [],
        "unique": {},
        "omissions": {},
        "timeline": [],
        "framing": {},
        "summary": [],
    }
    storylines = [{**line, "date_span": ["2025-01-02", "2025-01-05"], "headline": TITLE}]
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": articles,
        "stories": [story, follow_up],
        "storylines": storylines,
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """The hostile briefing written as a static report and stored for the web UI."""
    root = tmp_path_factory.mktemp("xss")
    briefing = hostile_briefing()
    write_reports(briefing, root / "report")
    fields = ("id", "source_path", "title", "outlet", "url", "published", "byline", "wire", "text")
    with Store(root / "x.duckdb") as store:
        store.add_articles(
            [Article(fmt="html", **{k: a[k] for k in fields}) for a in briefing["articles"]]
        )
        store.put_stories(
            [
                Story(
                    s["id"],
                    s["article_ids"],
                    [Family(**f) for f in s["families"]],
                    s["headline"],
                    tuple(s["date_span"]),
                    s["storyline"]["id"],
                )
                for s in briefing["stories"]
            ],
            Briefing.read(briefing),
        )
    return root / "report", root / "x.duckdb", briefing


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pg = browser.new_page()
        pg.dialogs = []  # type: ignore[attr-defined]
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
        yield pg
        browser.close()


def assert_inert(page: Any, url: str) -> None:
    """Load ``url``, press every button and hover every link; no script of ours may run."""
    page.goto(url)
    page.wait_for_load_state("load")
    for button in page.locator("button[data-group]").all():
        button.click()
    assert page.evaluate("typeof window.__xss") == "undefined", url
    assert page.title() != "pwned", url
    assert page.dialogs == [], url
    assert page.locator("img, svg[onload], [onerror]").count() == 0, url
    assert page.locator("a[href^='javascript:' i]").count() == 0, url


def test_static_report_runs_no_article_script(page: Any, hostile: tuple[Path, Path, Any]) -> None:
    out, _, _ = hostile
    for name in (
        "index.html",
        "story-sx.html",
        "story-sy.html",
        "storyline-sx.html",
        "article-x1.html",
    ):
        assert_inert(page, (out / name).as_uri())
    page.goto((out / "article-x1.html").as_uri() + "#span-0-10")
    assert page.locator("#text").text_content() == BODY
    assert page.locator("h1").text_content() == TITLE
    page.goto((out / "story-sx.html").as_uri())
    assert page.locator("h1").text_content() == TITLE
    assert page.locator("#conflict-k1 button.value").first.text_content() == f"40 {HANDLER}"
    page.goto((out / "storyline-sx.html").as_uri())
    assert page.locator("h1").text_content() == TITLE


def test_web_ui_runs_no_article_script(page: Any, hostile: tuple[Path, Path, Any]) -> None:
    _, db, _ = hostile
    for base in serve_in_thread(db):
        for path in (
            "/",
            "/?q=storm",
            "/stories/sx",
            "/stories/sy",
            "/storylines/sx",
            "/articles/x1",
            "/articles/x1#span-0-10",
        ):
            assert_inert(page, base + path)
        page.goto(base + "/articles/x1")
        assert page.locator("#text").text_content() == BODY
        assert page.locator("h1").text_content() == TITLE
        page.goto(base + "/?q=storm")
        assert TITLE in page.locator("h2 + ul").text_content()
        page.goto(base + "/stories/sx")
        assert page.locator("h1").text_content() == TITLE
        page.goto(base + "/storylines/sx")
        assert page.locator("h1").text_content() == TITLE


def test_markdown_shows_markup_as_text(hostile: tuple[Path, Path, Any]) -> None:
    md = (hostile[0] / "briefing.md").read_text("utf-8")
    assert not re.search(r"(?<!\\)<", md), "an unescaped < reaches the Markdown"
    assert r"\<script>" in md and r"\<img src=x onerror=" in md


def test_storyline_pages_show_markup_as_text(hostile: tuple[Path, Path, Any]) -> None:
    """Without a browser: the storyline page and the storyline links of the story pages hold
    the hostile headline as text, and no element of it."""
    from fastapi.testclient import TestClient
    from lxml import html as lxml_html

    from storyline.web import create_app

    out, db, _ = hostile
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        pages = [
            (out / name).read_text("utf-8")
            for name in ("storyline-sx.html", "story-sx.html", "story-sy.html", "index.html")
        ]
        pages += [
            client.get(path).text for path in ("/storylines/sx", "/stories/sx", "/stories/sy", "/")
        ]
    for html in pages:
        doc = lxml_html.fromstring(html)
        assert not doc.xpath("//main//script | //img | //svg[@onload] | //*[@onerror]")
        named = doc.xpath(
            "//a[contains(@href, 'storyline') and contains(@href, 'sx')]"
            " | //ol[@class='storyline-timeline']//a | //nav//a[@rel]"
        )
        assert named
        for a in named:  # every link to the storyline or one of its stories: the headline
            assert TITLE in a.text_content()
