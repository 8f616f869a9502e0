"""What a page says of itself, as a new user's trial of the extraction benchmark's pages read
it: its URL is the one it declares (``<link rel="canonical">``, ``og:url``) where the
extractor's metadata misses it (13 of the 181 pages had none, so no link to the original, no
outlet and no identity by URL), and its byline is names, not the date the line runs on to."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from storyline.ingest import read_paths
from storyline.models import Article

PAGES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "article-extraction"
#: Rolling Stone and BGR pages of the benchmark (file name prefixes).
PICKED = ("ac1bfdd4c510", "e7d77f186980")


def test_a_page_takes_the_url_it_declares(tmp_path: Path) -> None:
    truth = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    for prefix in PICKED:
        (name,) = [k for k in truth if k.startswith(prefix)]
        page = tmp_path / f"{prefix}.html"
        page.write_bytes(gzip.decompress((PAGES / "html" / f"{name}.html.gz").read_bytes()))
        (article,) = [a for a in read_paths([page]) if isinstance(a, Article)]
        assert article.url == truth[name]["url"]
        assert article.outlet


def test_a_byline_drops_the_date_it_ran_on_into(tmp_path: Path) -> None:
    """The Space Review's byline line runs on into the day ("... Monday, November ..."), and
    the page's author read "Jeff Foust Monday; November"."""
    truth = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    (name,) = [k for k in truth if "thespacereview" in (truth[k].get("url") or "")]
    page = tmp_path / "review.html"
    page.write_bytes(gzip.decompress((PAGES / "html" / f"{name}.html.gz").read_bytes()))
    (article,) = [a for a in read_paths([page]) if isinstance(a, Article)]
    assert article.byline == "Jeff Foust"
