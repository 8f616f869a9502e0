"""A quotation cut shorter is no change of wording, where it starts or where it stops (#15).

AllSides dev, the FDA and CDC on boosters (Axios, New York Post, CNN): the Post quotes the
agencies' statement from "protected from severe disease ..." on; its quote conflict with
Axios's whole sentence listed the words before the Post's cut ("people who are fully
vaccinated are") and after it as removed, burying the one word the Post really dropped inside
the quotation (a new user's AllSides run). Words one rendering alone has before the first
shared word or after the last are a cut; a replaced word there ("Senate Republicans continue"
/ "We continue") is still a change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from allsides_pick import pick_allsides
from storyline.pipeline import analyze
from storyline.report.page import word_diff

BOOSTER = (
    "nypost.com/2021/07/08/fully-vaccinated-dont-need-booster",
    "axios.com/fda-cdc-fully-vaccinated-booster-covid-vaccine",
    "cnn.com/2021/07/08/health/pfizer-waning-immunity-bn",
)


@pytest.fixture(scope="module")
def booster(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("booster")
    return analyze(pick_allsides(root, BOOSTER, "booster.jsonl")).briefing.to_json()


def test_cut_words_are_not_removed_words(booster: dict[str, Any]) -> None:
    doc = booster
    conflicts = [
        c
        for s in doc["stories"]
        for c in s["conflicts"]
        if c["kind"] == "quote" and "severe disease" in c["values"][0]["value"]
    ]
    assert conflicts, "the agencies' statement, quoted in two wordings"
    for c in conflicts:
        changed = [w for d in c["diff"] for w in d["removed"] + d["added"]]
        assert changed and "vaccinated" not in changed and len(changed) <= 3, changed
        base = c["values"][0]["value"]
        for v in c["values"][1:]:
            shown = word_diff(base, v["value"])
            struck = " ".join(w for op, w in shown if op == "del").lower()
            assert "vaccinated" not in struck and "delta" not in struck, shown


def test_a_replaced_first_word_is_still_a_change() -> None:
    ops = word_diff("Senate Republicans continue to negotiate", "We continue to negotiate")
    assert ("del", "Senate Republicans") in ops and ("ins", "We") in ops


def test_an_outlet_s_apostrophe_is_no_change_of_wording() -> None:
    """A new user's AllSides run showed ~~that’s~~ **that's** on a card: one outlet sets the
    typographic apostrophe, another the straight one."""
    assert word_diff("and that’s why we act", "and that's why we act") == [
        ("equal", "and that's why we act")
    ]
    assert ("del", "that’s") in word_diff("and that’s why", "and that is why")


def test_a_lead_in_label_is_no_card(tmp_path: Path) -> None:
    """Axios's "What they're saying:" before the agencies' quotation was reported content of
    "the FDA and CDC said", and a card of its own (a new user's AllSides run)."""
    doc = analyze(pick_allsides(tmp_path, BOOSTER[1:2], "axios.jsonl")).briefing.to_json()
    (art,) = doc["articles"]
    label = art["text"].find("What they")
    assert label >= 0 and art["text"][label : label + 40].split(":")[0].count(" ") <= 3
    cards = [r for s in doc["stories"] for q in s["quotes"] for r in q["renderings"]]
    assert cards and not [r for r in cards if r["start"] <= label < r["end"]]


def test_a_card_names_the_speaker_not_the_document(booster: dict[str, Any]) -> None:
    """The agencies' statement, quoted by Axios ("the FDA and CDC said") and the Post (said "in
    a Thursday evening press release"), has no entity for its speaker; of the two names, each
    written once, the card shows the one written as a name."""
    doc = booster
    (card,) = [
        q
        for s in doc["stories"]
        for q in s["quotes"]
        if "severe disease" in q["text"] and len({r["article_id"] for r in q["renderings"]}) > 1
    ]
    assert card["speaker"] == "FDA and CDC"


#: Biden's recognition of the Armenian genocide, 24 April 2021: BBC writes of Turkey "rejecting
#: the term" it quotes; National Review quotes Biden's statement, which uses the word.
ARMENIA = (
    "theguardian.com/us-news/2021/apr/24/joe-biden-armenian-genocide-recognition",
    "nationalreview.com/news/biden-recognizes-armenian-genocide",
    "bbc.com/news/world-us-canada-56874811",
)


def test_a_country_s_word_is_not_the_president_s_statement(tmp_path: Path) -> None:
    """A new user's run read "Joe Biden denies (rejecting): genocide": Turkey's one quoted
    word, a cut-down copy of nothing Biden said, had joined his card."""
    doc = analyze(pick_allsides(tmp_path, ARMENIA, "armenia.jsonl")).briefing.to_json()
    cards = [q for s in doc["stories"] for q in s["quotes"]]
    biden = [q for q in cards if q["speaker"] == "Joe Biden"]
    assert biden and all(q["stance"] == "assert" for q in biden), biden
    assert any(q["speaker"] == "Turkey" and q["text"] == "genocide" for q in cards)


def test_a_person_and_an_institution_need_more_than_a_quoted_term() -> None:
    """The words a cut-down copy must quote to link a person and an institution are more than
    the longest term a writer quotes on its own (two modules, one length)."""
    from storyline.reconcile.quote_groups import APART_MIN_WORDS
    from storyline.reconcile.quotes import SCARE_QUOTE_MAX_WORDS

    assert APART_MIN_WORDS == SCARE_QUOTE_MAX_WORDS


#: New York's attorney general's Trump Organization probe turns criminal, 18-19 May 2021.
PROBE_CRIMINAL = (
    "998110636/new-york-says-probe-into-trump-organization-now-a-criminal-inquiry",
    "trump-investigation-new-york-attorney-general-letitia-james",
    "new-york-ags-office-says-trump-organization-probe-now-criminal-investigation",
)


def test_a_quotation_cut_before_its_disputed_words_takes_no_side(tmp_path: Path) -> None:
    """The spokesman's words are given as "investigation into the organization" and "into the
    company"; NPR's excerpt breaks off at "... Trump Organization that...", before either.
    A new user's trial saw NPR listed with the first wording."""
    doc = analyze([pick_allsides(tmp_path, list(PROBE_CRIMINAL))]).briefing.to_json()
    (story,) = [s for s in doc["stories"] if len(s["article_ids"]) == 3]
    outlet = {a["id"]: a["outlet"] for a in doc["articles"]}
    (worded,) = [c for c in story["conflicts"] if c["kind"] == "quote"]
    sides = [{outlet[a] for a in v["article_ids"]} for v in worded["values"]]
    assert len(sides) == 2 and all(sides)
    assert not any(o.startswith("NPR") for side in sides for o in side), sides


def test_fragments_of_one_quotation_are_no_rewording() -> None:
    """Two fragments of one statement ("ignited fire", "responsible for the consequences")
    share no content word: the second is shown as it reads, not struck out against the first
    (a new user's trial), even when they share a stop word (a review)."""
    assert word_diff("ignited fire", "responsible for the consequences") == [
        ("equal", "responsible for the consequences")
    ]
    other = "responsible for the consequences"
    assert word_diff("the fire was ignited by the president", other) == [("equal", other)]
    rewording = word_diff("we must leave immediately", "we must leave at once")
    assert ("del", "immediately") in rewording and ("ins", "at once") in rewording
