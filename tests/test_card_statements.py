"""Quote cards hold what someone said: not a clause that sets the scene, not what evidence shows.

A fact-checker's trial of AllSides briefings (stop 53) found CNN's "While the FDA said it had
not established the vaccine could cause the syndrome, it noted an increase in reports ..."
on a quote card as the FDA's words, "While" and "said" inside: the parse hung the fronted
"while" clause on "noted" as what was noted (``extract.reported._fronted``); and cards whose
speaker was a data set, a withdrawal or "the development" (``reconcile.quotes.EVIDENCE_CUES``).
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


#: Cards whose "speaker" was evidence (AllSides dev): the Washington Examiner's "The
#: development shows ...", the BBC's "the pull-out could signal ...", the New York Times's
#: "data released on Wednesday showed"; and the Times on Pelosi, who "signaled" her plan.
EVIDENCE = {
    "manhattan-da-grand-jury-weigh-charges-trump": ("development", False),
    "world-asia-57692303": ("pull-out", False),
    "business/consumer-price-inflation-April": ("data", False),
    "pelosi-select-committee-jan-6-capitol": ("Pelosi", True),
}


def test_evidence_that_bears_out_a_clause_is_no_speaker(tmp_path: Path) -> None:
    cards = quote_cards(tmp_path, list(EVIDENCE))
    speakers = {c["speaker"] for c in cards}
    for word, kept in EVIDENCE.values():
        assert any(word in (s or "") for s in speakers) == kept, (word, speakers)


def test_a_rendering_cut_off_after_a_conjunction_ends_before_it(tmp_path: Path) -> None:
    """The Post's excerpt ends "... told reporters that Republicans aren't interested in
    "anything about tax increases" and...": McCarthy's words stop before the "and"."""
    cards = quote_cards(tmp_path, ["gop-leaders-draw-red-line-on-tax-hikes-after-biden-meeting"])
    mccarthy = [
        r["text"] for c in cards if "McCarthy" in (c["speaker"] or "") for r in c["renderings"]
    ]
    assert mccarthy and not any(t.rstrip(" .…").endswith(" and") for t in mccarthy), mccarthy
