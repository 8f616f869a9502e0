"""An acronym is the one name it spells out word for word (#15, point 5).

A fact-checker's trial of the AllSides dev briefing: on the Supreme Court's NCAA ruling,
SCOTUSblog and Fox News write "NCAA", Politico "National Collegiate Athletic Association":
two entities, because an acronym joined a name only where most of its articles also wrote
the name. A name whose every word's initial is the acronym, of four letters or more, and the
run's only such name, is that acronym's. ``extract.acronyms._spelled_out``.
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import picked_extraction

KEYS = (
    "scotusblog.com/2021/06/in-unanimous-ruling-court-agrees-with-athletes",
    "foxnews.com/sports/supreme-court-ncaa-student-athlete-decision",
    "politico.com/news/2021/06/21/supreme-court-ncaa-antitrust-ruling",
)


def test_ncaa_is_the_national_collegiate_athletic_association(tmp_path: Path) -> None:
    _, result = picked_extraction(tmp_path, KEYS)
    ids = {
        m.entity_id
        for x in result.extractions
        for m in x.mentions
        if m.text in ("NCAA", "National Collegiate Athletic Association")
    }
    assert len(ids) == 1
