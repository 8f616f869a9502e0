"""Metadata of the five real seed articles, read through ``read_paths`` as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.ingest import read_paths
from storyline.models import Article

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not available")


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    items = list(read_paths([SEEDS]))
    assert all(isinstance(a, Article) for a in items), [str(a) for a in items]
    return {Path(a.source_path).name[:3]: a for a in items}


def test_five_articles_with_their_text_unchanged(seeds: dict[str, Article]) -> None:
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]
    for key, art in seeds.items():
        raw = next(SEEDS.glob(f"{key}_*.txt")).read_text("utf-8")
        assert art.text == raw
        assert art.fmt == "txt"
        assert len(art.id) == 16


def test_publication_dates(seeds: dict[str, Article]) -> None:
    assert seeds["000"].published == "2025-04-10"  # "date 2025-04-10" opening the text
    assert seeds["001"].published == "2025-04-09"  # "April 09, 2025" line under the byline
    for key in ("002", "003", "004"):  # 004 names "8 April 2025" only in a photo caption
        assert seeds[key].published is None, key


def test_moscow_times_outlet_wire_and_url(seeds: dict[str, Article]) -> None:
    mt = seeds["001"]
    assert mt.outlet == "The Moscow Times"
    assert mt.wire == "AFP"
    assert mt.byline == "AFP"
    assert mt.url is not None and mt.url.startswith("https://www.themoscowtimes.com/2025/04/09/")


def test_wire_only_from_bylines_not_from_prose_or_photo_credits(
    seeds: dict[str, Article],
) -> None:
    # 000 says "shared with AFP" and 001 "told AFP" inside sentences; 004 has an EPA-EFE
    # photo credit: none of them is a byline.
    assert seeds["000"].wire is None
    assert seeds["004"].wire is None
    for key in ("000", "002", "003", "004"):
        assert seeds[key].outlet is None and seeds[key].url is None, key


def test_titles_where_the_file_has_a_heading(seeds: dict[str, Article]) -> None:
    mt, kyiv = seeds["001"], seeds["002"]
    assert mt.title is not None and mt.title.startswith("Beijing Rejects Zelensky")
    assert kyiv.title is not None and kyiv.title.startswith("Ukraine Claims Dozens")
    for art in (mt, kyiv):  # the span points at the headline itself, without "# "
        assert art.title_span is not None
        assert art.text[slice(*art.title_span)] == art.title
    for key in ("000", "003", "004"):  # these open straight into prose or a photo caption
        assert seeds[key].title is None, key


def test_ids_are_stable_and_distinct(seeds: dict[str, Article]) -> None:
    again = {Path(a.source_path).name[:3]: a.id for a in read_paths([SEEDS])}
    assert again == {k: a.id for k, a in seeds.items()}
    assert len(set(again.values())) == 5
