"""A card holds words someone said, not a state, an open question or a term (#15, point 1).

A fact-checker's trial of the AllSides dev briefing found three cards that report no words:
The Daily Beast's "Fauci once again found himself embroiled in a heated back-and-forth"
(Fauci's card), the New York Times' "as investors try to determine if inflation could alter
Federal Reserve policy" (the investors' card), and Axios's 'the so-called "lab leak
hypothesis"' (a card with no speaker). ``extract.reported._says_nothing``,
``reconcile.quotes._so_called``. "Asked whether" and "declared himself" still report words.
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import quote_cards

FAUCI = "thedailybeast.com/dr-fauci-clashes-with-rand-paul"
CPI = "nytimes.com/2021/05/12/business/consumer-price-inflation-April"
LAB = "axios.com/fauci-rand-paul-wuhan-lab-coronavirus"


def test_no_card_for_a_state_a_question_or_a_term(tmp_path: Path) -> None:
    cards = quote_cards(tmp_path, (FAUCI, CPI, LAB))
    texts = [r["text"] for c in cards for r in c["renderings"]]
    assert texts  # the articles' real quotations stay (Paul's, the Labor Department's)
    for opening in ("himself embroiled", "if inflation could alter", "lab leak hypothesis"):
        assert not any(t.startswith(opening) for t in texts), opening
