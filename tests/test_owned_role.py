"""A role described with its owner ("Iran's new political leader said ...") points only at
a person introduced with that owner, never at another country's holder of the role: a
fact-checker's seventh trial found CBS's quote of Iran's president-elect on a card of "Joe
Biden", titled President in the sentence before. Read as a user's input: the AllSides dev
reports of 21 June 2021, picked by URL."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import quote_cards

RAISI = (
    "washingtonexaminer.com/news/raisi",
    "irans-raisi-says-foreign-policy",
    "iran-president-election-ebrahim-raisi-biden",
)


def test_a_role_with_its_owner_is_not_another_countrys_holder(tmp_path: Path) -> None:
    cards = quote_cards(tmp_path, RAISI)
    assert cards
    biden = [c for c in cards if "Biden" in (c["speaker"] or "")]
    assert not biden, [c["text"][:60] for c in biden]
    # the leader's words are still on a card of their own
    assert any("nuclear deal" in r["text"] for c in cards for r in c["renderings"])
