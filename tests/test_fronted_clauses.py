"""A clause that opens its sentence with a conjunction sets the scene; it is no quotation.

A fact-checker's trial of AllSides briefings (stop 53) found CNN's "While the FDA said it had
not established the vaccine could cause the syndrome, it noted an increase in reports ..."
on a quote card as the FDA's words, "While" and "said" inside: the parse hung the fronted
"while" clause on "noted" as what was noted (``extract.reported._fronted``).
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import quote_cards

#: CNN on the FDA's warning on the J&J vaccine (AllSides dev, 12 July 2021).
CNN_FDA = "johnson-vaccine-guillain-barre-syndrome-fda"


def test_a_fronted_while_clause_is_not_what_the_main_verb_reports(tmp_path: Path) -> None:
    cards = quote_cards(tmp_path, [CNN_FDA])
    renderings = [r for card in cards for r in card["renderings"]]
    assert renderings, "CNN's article quotes the FDA"
    assert not any(r["text"].startswith("While") for r in renderings), renderings
    # the FDA's own words, in the clause "said" does report, are still its card
    fda = [c for c in cards if c["speaker"] and "Food and Drug" in c["speaker"]]
    assert any("had not established" in r["text"] for c in fda for r in c["renderings"])
