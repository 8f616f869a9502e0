"""Reported content goes on past a relative clause on its subject (#15).

AllSides dev, Washington Examiner on the Gaza strikes: "Israel's latest strikes, which hit
..., occurred as ..., according to the Associated Press" became the AP's card "Israel's latest
strikes": the comma before "which" was read as the writer's aside after the content, as it is
when the relative clause runs to the content's end ("..., who has not been charged").
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths

EXAMINER = ("washingtonexaminer.com/news/gaza-militants-children-24-dead",)


def test_according_to_content_holds_its_verb(tmp_path: Path) -> None:
    (art,) = [clean(a) for a in read_paths([pick_allsides(tmp_path, EXAMINER)])]
    start = art.text.find("latest strikes, which")
    verb = art.text.find("occurred as", start)
    source = art.text.find("according to the Associated", verb)
    assert 0 <= start < verb < source
    (ex,) = extract_articles([art]).extractions
    (q,) = [q for q in ex.quotes if q.start <= start < q.end]
    assert q.cue == "according to" and q.speaker_name == "Associated Press"
    assert q.end > verb and q.end <= source
