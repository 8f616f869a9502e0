"""A sentence that only presents what follows names no speaker (#15).

AllSides dev, USA Today on Donald Rumsfeld's death: "Here is a look at how he is being
remembered:" opens a list of statements, and its copula's subject, "look", became the speaker
of George W. Bush's words below it (a new user's AllSides run). A sentence ending in a colon
still introduces its subject's words when the subject can speak ("Cruz continued:").
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths

RUMSFELD = ("usatoday.com/story/news/politics/2021/06/30/donald-rumsfeld-former-presidents",)


def test_presenting_sentence_is_no_speaker(tmp_path: Path) -> None:
    (art,) = [clean(a) for a in read_paths([pick_allsides(tmp_path, RUMSFELD)])]
    intro = art.text.find("Here is a look")
    statement = art.text.find("A period that brought", intro)
    assert 0 <= intro < statement
    (ex,) = extract_articles([art]).extractions
    (q,) = [q for q in ex.quotes if q.start <= statement < q.end]
    assert q.speaker_name != "look"
    assert q.speaker_name is not None and "Bush" in q.speaker_name
