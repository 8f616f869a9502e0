"""What reads as a denial or a dispute in a claim sentence, on real AllSides coverage: a stance
word that names no one's denial of a claim makes no denial, and does not keep the sentence
from the claim other outlets state (a fact-checker's reading of the AllSides dev briefing:
five of the eight denials and disputes it listed were none)."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze

#: Articles whose claim sentences hold a stance word that is no stance (AllSides dev), with
#: the words around it.
NOT_STANCES = {
    "israel-ad7d5a99e382dcdd3e5df45f33be1b43": "in contested Jerusalem",
    "biden-cancels-trump-ban-immigrants-who-cannot-afford": "would have denied visas",
    "2021/06/18/politics/catholic-bishops-biden": "could deny communion",
    "energy-secretary-jennifer-granholm-clock-is-tickin": "rejected a GOP counteroffer",
    "supreme-court-abortion-rights-case-mississippi": "blockbuster dispute",
    "553046-gop-votes-to-dump-cheney-from-leadership": "daring to refute",
}
#: The firing of the Social Security commissioner, 9 July 2021 (three outlets).
SAUL = [
    "politics-b31675f4c5c286d08bc52466a2fc0165",
    "social-security-commissioner-andrew-saul",
    "a-df99-11eb-a501-0e69b5d012e5_story.html",
]


def test_stance_words_that_deny_no_claim_make_no_denial(tmp_path: Path) -> None:
    """An adjective after a preposition ("tensions in contested Jerusalem"), a modal "deny"
    that refuses ("an order that would have denied visas to immigrants"), a relative "that"
    after the object ("rejected a GOP counteroffer that ...") and "dispute" as a noun ("a
    blockbuster dispute over a Mississippi ban") and a cue a verb of intent governs ("for
    daring to refute Trump's lie", The Hill on Cheney's ouster) were each a claim's denial or
    dispute."""
    doc = analyze([pick_allsides(tmp_path, list(NOT_STANCES))]).briefing.to_json()
    seen = set()
    for s in doc["stories"]:
        for c in s["claims"]:
            assert not c["denied_by"] and not c["disputed_by"], c["text"]
            for src in c["sources"]:
                for words in NOT_STANCES.values():
                    if words in src["text"]:
                        seen.add(words)
                        assert src["stance"] == "assert", src["text"]
    assert seen == set(NOT_STANCES.values())


def test_a_noun_dispute_does_not_keep_a_report_from_its_claim(tmp_path: Path) -> None:
    """'President Biden fired ... Andrew Saul on Friday amid an ongoing dispute over his
    leadership ...' read as a dispute, and a dispute never aligns with an assertion, so the
    Post's lead sentence on the firing was a claim of its own, listed as its unique detail,
    apart from the other two outlets' sentences on the firing."""
    doc = analyze([pick_allsides(tmp_path, SAUL)]).briefing.to_json()
    (story,) = [s for s in doc["stories"] if len(s["article_ids"]) > 1]
    (claim,) = [
        c
        for c in story["claims"]
        if any("amid an ongoing dispute" in " ".join(x["text"].split()) for x in c["sources"])
    ]
    fired = {x["article_id"] for x in claim["sources"] if "fired" in x["text"]}
    assert fired == set(story["article_ids"])


def test_names_and_attempts_are_no_modal_or_intent() -> None:
    """The review: "May" (a name, a month) read as a modal, and "sought to dispel reports
    that" as an intent, each losing a real denial."""
    from storyline.reconcile.claim_stance import find_stance

    for text in (
        "Theresa May denied that the talks had failed.",
        "The Pentagon in May denied reports that troops would leave.",
        "The Kremlin sought to dispel reports that Putin was ill.",
    ):
        assert find_stance(text, 0, len(text)) is not None, text
    text = "A plan that could deny communion to public figures."
    assert find_stance(text, 0, len(text)) is None
