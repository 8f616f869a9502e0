"""An adjective on a common noun is no one's name, whatever its capital (#15, point 5).

AllSides dev (NYT, the Arizona audit; none of the briefing gold stories): "Untrained
citizens are trying to find traces of bamboo ..." listed "Untrained" among the story's
organisations (the model tags the sentence's capitalised first word). A nationality or a
place used so ("Caribbean nations") is still a group or a place. ``extract.names``.
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import picked_extraction

AUDIT = "nytimes.com/2021/05/06/us/arizona-vote-count-republicans"


def test_an_opening_adjective_is_no_organisation(tmp_path: Path) -> None:
    _, result = picked_extraction(tmp_path, (AUDIT,))
    names = {e.name: e.type for e in result.entities}
    assert "Untrained" not in names, names
    assert names.get("Arizona") == "GPE" and "Asia" in names  # places stay
