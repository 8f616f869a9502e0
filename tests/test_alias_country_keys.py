"""A name the alias table knows is joined whatever its join key sets apart (#15, point 5).

A fact-checker's trial of the AllSides dev briefing: "EU" (the Wall Street Journal, on the
EU letting vaccinated tourists in) and "European Union" (Fox News, the same story) were two
entities in 4 stories: the join key set the leading "European" apart as a country
("european|union"), so the alias table, which lists "EU" as the European Union, never
matched it. ``entities._join_aliases``.
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import picked_extraction

WSJ = "wsj.com/articles/eu-set-to-allow-vaccinated-tourists"
FOX = "foxnews.com/travel/european-union-ease-travel-restrictions"
# a report of another story that writes "European" alone (its "European allies"): the run
# then reads the word as a country's, as the whole AllSides run does
ALLIES = "axios.com/biden-foreign-trip-uk-brussels"


def test_eu_is_the_european_union(tmp_path: Path) -> None:
    _, result = picked_extraction(tmp_path, (WSJ, FOX, ALLIES))
    by_id = {e.id: e for e in result.entities}
    names = {
        by_id[m.entity_id].name
        for x in result.extractions
        for m in x.mentions
        if m.text in ("EU", "European Union") and m.entity_id
    }
    assert names == {"European Union"}
