"""Names set off by a pair of dashes are no clause of their own (#15).

AllSides dev, Fox News on the House's Jan. 6 committee vote: "The vote was ... with two
Republicans – <two named representatives> – joining ..." was cut at both dashes, and the
reader met "The vote was ... with two Republicans" and the two names alone as Fox's unique
details (a new user's AllSides run). A dash still ends a clause where the words between two
dashes hold a verb; the cheap verb test reads "Wyoming" as a verb ("-ing"), so only words in
lower case count there.
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths
from storyline.reconcile.units import article_units, split_clauses

FOX = ("foxnews.com/politics/house-committee-jan-6-capitol-riot",)
AP = ("apnews.com/article/joe-biden-government-and-politics-texas-voting-c05ff",)


def test_named_aside_stays_in_its_sentence(tmp_path: Path) -> None:
    (art,) = [clean(a) for a in read_paths([pick_allsides(tmp_path, FOX)])]
    vote = art.text.find("The vote was")
    names = art.text.find("Wyoming Rep.", vote)
    joining = art.text.find("joining with", names)
    assert 0 <= vote < names < joining < vote + 200
    (ex,) = extract_articles([art]).extractions
    (unit,) = [(s, e) for s, e in article_units(art, ex) if s <= names < e]
    assert unit[0] <= vote and unit[1] > joining


def test_dash_between_clauses_still_splits(tmp_path: Path) -> None:
    (art,) = [clean(a) for a in read_paths([pick_allsides(tmp_path, AP)])]
    start = art.text.find("As Republicans made clear")
    end = art.text.find(".", start) + 1
    assert start >= 0 and art.text.count(" – ", start, end) + art.text.count(" — ", start, end) == 2
    assert len(split_clauses(art.text, start, end)) == 3
