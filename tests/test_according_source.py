""" "According to data released by X" is X's (#15).

AllSides dev, The Hill on the Newsom recall: "... has enough signatures ..., according to data
released by the California secretary of state on Monday" showed "data" as the card's speaker
(a new user's AllSides run). The agent of the participle after the document is its source.
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths

RECALL = ("550372-newsom-recall-effort-in-california",)


def test_the_document_is_not_the_speaker(tmp_path: Path) -> None:
    (art,) = [clean(a) for a in read_paths([pick_allsides(tmp_path, RECALL)])]
    claim = art.text.find("has enough signatures")
    assert claim >= 0 and "released by the California" in art.text[claim : claim + 200]
    (ex,) = extract_articles([art]).extractions
    (q,) = [q for q in ex.quotes if q.start <= claim < q.end]
    assert q.cue == "according to"
    assert q.speaker_name is not None and "secretary" in q.speaker_name.lower()
