"""A date a comparison gives is not the date of the event it is compared with (#15 point 4:
the timeline agrees with what the sources say).

AllSides dev, reports of May 2021's prices (a new user's second trial): CNBC's "Consumer
prices jumped more than expected in May" was filed under May 2022 (the expectation read as a
plan, so the month as the coming one), and Fox Business's "core inflation rose 3.8% from a
year earlier" under 2020 (the base of the change, not the change).
"""

from __future__ import annotations

import pytest

from allsides_pick import ALLSIDES, pick_allsides

pytestmark = pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")

CNBC = "cnbc.com/2021/06/10/inflation-hotter-than-expected"
FOX = "foxbusiness.com/economy/inflation-spike-federal-reserve"


@pytest.fixture(scope="module")
def dates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, list]]:  # type: ignore[type-arg]
    from storyline.clean import clean
    from storyline.extract import extract_articles
    from storyline.ingest import read_paths
    from storyline.models import Article

    src = pick_allsides(tmp_path_factory.mktemp("prices"), [CNBC, FOX])
    arts = [clean(a) for a in read_paths([src]) if isinstance(a, Article)]
    exs = {ex.article_id: ex.dates for ex in extract_articles(arts).extractions}
    return {k: (a.text, exs[a.id]) for a in arts for k in (CNBC, FOX) if k in (a.url or "")}


def test_more_than_expected_in_may_is_the_past_may(dates) -> None:  # type: ignore[no-untyped-def]
    text, found = dates[CNBC]
    at = text.index("jumped more than expected in May")
    (may,) = [d for d in found if d.text == "May" and at <= d.start < at + 40]
    assert may.value == "2021-05"


def test_the_base_of_a_change_dates_no_claim(dates) -> None:  # type: ignore[no-untyped-def]
    text, found = dates[FOX]
    at = text.index("rose 3.8% from a year earlier")
    (base,) = [d for d in found if d.text == "a year earlier" and at <= d.start < at + 40]
    assert base.aside_start is not None and text[base.aside_start :].startswith("from")


def test_a_change_s_own_period_still_dates_it() -> None:
    """A review's case: "rose 4% from January to March" gives the change's period, not a base."""
    from storyline.clean import clean
    from storyline.extract import extract_articles
    from storyline.models import Article

    text = "Retail sales rose 4% from January to March, the Commerce Department said on Tuesday."
    article = clean(Article("a", "t", text, "txt", published="2021-06-10"))
    (ex,) = extract_articles([article]).extractions
    (january,) = [d for d in ex.dates if d.text == "January"]
    assert january.value == "2021-01" and january.aside_start is None
