"""The seeds' report in a real browser (Debian's chromium through Playwright): from disk and
served by the web UI, a click on a conflict value or a citation chip highlights the cited
sentence, and its link opens the article with exactly that sentence highlighted.

Screenshots go to ``test-artifacts/`` for a person to look at when a test fails.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seedrun import SeedReport

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
#: Seconds to wait for uvicorn to accept connections: it starts in well under one.
SERVER_START_TIMEOUT = 15.0

pytestmark = pytest.mark.browser


def _require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make browser)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def seeds(seed_analysis: SeedReport) -> SeedReport:
    return seed_analysis


def serve_in_thread(db: Path) -> Iterator[str]:
    """Run the UI with uvicorn on a free port of 127.0.0.1; yield its base URL."""
    import uvicorn

    from storyline.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(SERVER_START_TIMEOUT)


@pytest.fixture(scope="module")
def server(seeds: SeedReport) -> Iterator[str]:
    yield from serve_in_thread(seeds.db)


def _story(seeds: SeedReport) -> dict[str, Any]:
    return max(seeds.briefing["stories"], key=lambda s: len(s["article_ids"]))


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def click_and_follow(page: Any, button: Any, expected: list[str], name: str) -> None:
    """Click ``button``; its cited sentences must show highlighted, in order; then the first
    one's link must open the article with exactly that sentence highlighted."""
    group = button.get_attribute("data-group")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    items = page.locator(f'ul[data-for="{group}"] li.highlight')
    assert items.count() == len(expected)
    for i, text in enumerate(expected):
        item = items.nth(i)
        assert item.is_visible()
        assert item.locator("a").text_content() == text
    _shot(page, f"{name}-highlighted")
    items.first.locator("a").click()
    page.wait_for_load_state()
    marked = page.locator(".seg.hl")
    assert marked.count() > 0
    assert "".join(marked.all_text_contents()) == expected[0]
    assert marked.first.is_visible()
    _shot(page, f"{name}-article")
    page.go_back()
    page.wait_for_load_state()


def exercise_story(page: Any, url: str, story: dict[str, Any], name: str) -> None:
    page.goto(url)
    assert page.locator("h1").text_content() == (story["headline"] or "Untitled story")
    _shot(page, f"{name}-story")
    conflict = next(c for c in story["conflicts"] if c["values"] and c["values"][0]["sources"])
    value = page.locator(f"#conflict-{conflict['id']} button.value").first
    assert value.inner_text().strip() == conflict["values"][0]["value"].strip()
    click_and_follow(
        page, value, [s["text"] for s in conflict["values"][0]["sources"]], f"{name}-conflict"
    )
    claims = {c["id"]: c for c in story["claims"]}
    line = next(
        i
        for i, ln in enumerate(story["summary"])
        if ln["claim_ids"] and ln["claim_ids"][0] in claims
    )
    cid = story["summary"][line]["claim_ids"][0]
    chip = page.locator(f'button.chip[data-group="sum-{line}-{cid}"]')
    click_and_follow(page, chip, [s["text"] for s in claims[cid]["sources"]], f"{name}-chip")


def test_static_report_from_disk(browser: Any, seeds: SeedReport) -> None:
    story = _story(seeds)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        exercise_story(page, (seeds.out / f"story-{story['id']}.html").as_uri(), story, "static")
        page.goto((seeds.out / "index.html").as_uri())
        page.click(f"a[href='story-{story['id']}.html']")
        assert page.url.endswith(f"story-{story['id']}.html")
    finally:
        page.close()


def test_served_ui(browser: Any, seeds: SeedReport, server: str) -> None:
    story = _story(seeds)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(server + "/")
        page.fill("form.search input[name=q]", "Mandarin")
        page.click("form.search button")
        page.wait_for_load_state()
        hits = page.locator("h2 + ul li a")
        assert hits.count() >= 1
        _shot(page, "served-search")
        page.click(f"a[href='/stories/{story['id']}']")
        assert page.url == f"{server}/stories/{story['id']}"
        exercise_story(page, page.url, story, "served")
    finally:
        page.close()
