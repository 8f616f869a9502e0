"""A sentence ends on the quotation mark that closes it (a new user's AllSides run: the
Washington Examiner's first sentence stopped one character before its closing mark, and the
mark was a sentence of its own; timeline and summary lines showed an unclosed quotation)."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths
from storyline.models import Article

EXAMINER = "washingtonexaminer.com/news/biden-putin-showdown-lake-geneva"


def test_a_sentence_ends_on_its_closing_mark(tmp_path: Path) -> None:
    (article,) = [clean(a) for a in read_paths([pick_allsides(tmp_path, [EXAMINER])])]
    assert isinstance(article, Article)
    spans = extract_articles([article]).extractions[0].sentences
    texts = [article.text[s:e] for s, e in spans]
    assert texts[0].endswith('soul."'), texts[0][-20:]
    assert all(t.strip("\"”’')]") for t in texts), "no sentence is a closing mark alone"
