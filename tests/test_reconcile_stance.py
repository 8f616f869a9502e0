"""Stance, details and consensus of the seeds' briefing (issue #15, points 2 to 4), by offsets.

Denials are denials, never corroboration; a sentence that adds a place or a count to a shared
claim keeps it as its family's unique detail; a detail most outlets give is an omission of the
article that leaves it out; summary, timeline and framing agree with the conflicts.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from storyline.reconcile.claim_stance import find_stance
from storyline.reconcile.units import split_clauses

os.environ.setdefault("HF_HUB_OFFLINE", "1")
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
Span = tuple[str, int, int]  # (seed number "000", start, end)


def _seed(number: str) -> str:
    path = next(SEEDS.glob(f"{number}_*.txt"))
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def story(seed_analysis: Any) -> dict[str, Any]:
    doc = seed_analysis.briefing
    stories = [s for s in doc["stories"] if len(s["article_ids"]) == 5]
    assert len(stories) == 1, "the five seeds should form one story"
    return stories[0]


@pytest.fixture(scope="module")
def num(seed_analysis: Any) -> dict[str, str]:
    """Article id -> seed number ("000" ... "004")."""
    return {a["id"]: Path(a["source_path"]).name[:3] for a in seed_analysis.briefing["articles"]}


def _spans(items: list[dict[str, Any]], num: dict[str, str]) -> set[Span]:
    return {(num[s["article_id"]], s["start"], s["end"]) for s in items}


def _claim_with(story: dict[str, Any], num: dict[str, str], span: Span) -> dict[str, Any]:
    """The aligned claim (not a detail claim) one of whose sources is ``span``."""
    return next(
        c for c in story["claims"] if not c.get("detail_of") and span in _spans(c["sources"], num)
    )


def test_a_denial_is_read_with_its_cue_and_clause() -> None:
    # 004 1925-2088: "... Lin Jian, a spokesperson ... denied that Beijing had provided troops"
    st = find_stance(_seed("004"), 1925, 2088)
    assert st is not None and (st.stance, st.cue, st.whole) == ("deny", "denied", True)
    assert st.target.startswith("that Beijing had provided troops")
    # 001 1996-2108: "Beijing maintains that it is a neutral party ... and denies sending
    # lethal assistance": the denial is the added clause only (2061-2108)
    st = find_stance(_seed("001"), 1996, 2108)
    assert st is not None and (st.start, st.end, st.whole) == (2061, 2108, False)
    # 000 1600-1775 says the same as an assertion ("says it is not sending ..."): no cue
    assert find_stance(_seed("000"), 1600, 1775) is None


def test_a_long_participial_opener_is_a_clause_of_its_own() -> None:
    text = _seed("004")
    # 1177-1481: "Calling Russia's 'involvement of China ...' 'a clear signal that Putin
    # intends ...', Zelensky demanded a 'response from the United States ...'": two claims
    assert split_clauses(text, 1177, 1481) == [(1177, 1371), (1372, 1481)]
    # 1925-2088: "Responding to Zelensky's claim on Wednesday, Lin Jian ... denied ...": a
    # short opener only frames the sentence
    assert split_clauses(text, 1925, 2088) == [(1925, 2088)]


def test_negated_passive_and_non_claim_objects_are_no_denial() -> None:
    for text in (
        "The ministry did not deny that the two men had been captured in the east.",
        "The two journalists were denied entry at the border on Tuesday.",
        "The parliament rejected the budget proposal by a wide margin.",
    ):
        assert find_stance(text, 0, len(text)) is None, text
    text = "The ministry dismissed the allegations as groundless on Tuesday."
    st = find_stance(text, 0, len(text))
    assert st is not None and st.cue == "dismissed"


def test_a_denial_never_asserts_nor_corroborates_what_it_denies(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    lin = ("003", 1023, 1115)  # "But he dismissed the suggestion that many more ..."
    many_more = _claim_with(story, num, ("001", 1539, 1643))  # Zelensky: "many more"
    assert lin not in _spans(many_more["sources"], num)
    denial = next(
        d for d in many_more["denied_by"] if (num[d["article_id"]], d["start"]) == lin[:2]
    )
    assert (denial["cue"], denial["speaker"]) == ("dismissed", "Lin Jian")
    families = {
        next(f["id"] for f in story["families"] if s["article_id"] in f["article_ids"])
        for s in many_more["sources"]
    }
    assert many_more["independent_sources"] == len(families)
    # no claim states a denial sentence as an assertion of what it denies
    for c in story["claims"]:
        stances = {s.get("stance", "assert") for s in c["sources"]}
        assert len(stances) == 1, c["text"]


def test_denials_are_one_claim_when_they_deny_the_same_thing(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # 000 1045 (Lin rejected the claim that "many" Chinese citizens were recruited) and 002
    # 2672 (Lin dismissed "the allegations") deny one thing; 004 1925 (Lin denied that
    # Beijing had provided troops) denies another: 004's own detail, and 004 leaves out the
    # denial the others report
    groundless = _claim_with(story, num, ("000", 1045, 1222))
    assert ("002", 2672, 2745) in _spans(groundless["sources"], num)
    assert ("004", 1925, 2088) not in _spans(groundless["sources"], num)
    aid = next(a for a, n in num.items() if n == "004")
    troops = _claim_with(story, num, ("004", 1925, 2088))
    assert troops["id"] in story["unique"][aid]
    assert groundless["id"] in story["omissions"][aid]


def test_denials_that_word_what_they_deny_apart_are_still_one_claim(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # 000 17-147 ("rejected the idea that ... in big numbers") shares no word of what it denies
    # with 003 155 or 001 1646 ("dismissed ... as groundless", which name nothing denied), and
    # 003 1023-1115 ("dismissed the suggestion that many more ...") points to the same claim as
    # 000 1045 ("rejected Zelenskyy's claim that 'many' ..."): one denial, not two unique
    # details of 000 and 003
    groundless = _claim_with(story, num, ("000", 1045, 1222))
    assert {("000", 17, 147), ("003", 1023, 1115)} <= _spans(groundless["sources"], num)
    for n in ("000", "003"):
        aid = next(a for a, m in num.items() if m == n)
        assert groundless["id"] not in story["unique"][aid]


def test_an_article_that_reports_a_denial_of_a_claim_does_not_leave_the_claim_out(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # 002 never states Zelensky's "many more" (001 1539, 003 0-154, 004 275) but reports
    # Beijing rejecting it (937-1111): it reports the claim, as denied
    many_more = _claim_with(story, num, ("001", 1539, 1643))
    assert ("002", 937, 1111) in _spans(many_more["denied_by"], num)
    aid = next(a for a, n in num.items() if n == "002")
    assert many_more["id"] not in story["omissions"][aid]


def test_denial_sentences_carry_stance_cue_and_speaker(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    denials = {
        (num[s["article_id"]], s["start"]): (s["cue"], s["speaker"])
        for c in story["claims"]
        for s in c["sources"]
        if s.get("stance") == "deny"
    }
    # 000 1045 (Lin's rejection of Zelenskyy's claim, with a partial quote 'many' inside it):
    # the partial is Zelensky's word, the denial is Lin's
    assert denials[("000", 1045)] == ("rejected", "Lin Jian")
    assert denials[("004", 1925)] == ("denied", "Lin Jian")
    assert denials[("001", 2061)][0] == "denies"  # the clause, not the neutral-party sentence
    assert ("001", 1996) not in denials


def test_a_sentence_that_adds_places_and_a_count_keeps_them_as_unique_detail(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # 004 390-596: the two men were taken "during clashes involving six Chinese soldiers" at
    # Tarasivka and Belohorivka; it states the capture too, so it stays in that claim
    sentence = ("004", 390, 596)
    capture = _claim_with(story, num, sentence)
    assert capture["independent_sources"] >= 3
    aid = next(a for a, n in num.items() if n == "004")
    details = [c for c in story["claims"] if c["id"] in story["unique"][aid]]
    added = next(c for c in details if sentence in _spans(c["sources"], num))
    assert added["detail_of"] == capture["id"]
    assert {"Tarasivka", "Belohorivka", "six"} <= set(added["detail"])


def test_a_place_most_outlets_give_is_an_omission_of_the_one_that_does_not(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # 003 reports the capture (424-520) but never names the Donetsk region, which AFP, 002
    # and 004 give in their capture sentences
    aid = next(a for a, n in num.items() if n == "003")
    left_out = [c for c in story["claims"] if c["id"] in story["omissions"][aid]]
    donetsk = next(c for c in left_out if c.get("detail") == ["Donetsk"])
    assert {("000", 218, 358), ("004", 390, 596)} <= _spans(donetsk["sources"], num)


def test_summary_and_timeline_never_show_a_contested_value_as_consensus(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # a number in dispute, and a quotation whose wording or speaker is (the fact-checker's
    # audit: the summary's first line was the AFP wording of a quote listed as reworded)
    contested = {
        (num[s["article_id"]], s["start"])
        for c in story["conflicts"]
        if c["kind"] in ("number", "quote", "attribution")
        for v in c["values"]
        for s in v["sources"]
    }
    assert ("000", 626) in contested  # "168" names in the AFP document
    assert any(c["kind"] == "quote" for c in story["conflicts"])
    claims = {c["id"]: c for c in story["claims"]}
    for line in story["summary"]:
        for cid in line["claim_ids"]:
            for s in claims[cid]["sources"]:
                inside = {
                    (n, p)
                    for n, p in contested
                    if n == num[s["article_id"]] and s["start"] <= p < s["end"]
                }
                assert not inside, line["text"]
    for item in story["timeline"]:
        assert "168" not in item["text"] and "more than 150" not in item["text"]


def test_no_claim_is_denied_by_its_own_sentence(story: dict[str, Any]) -> None:
    """The audit: "Beijing maintains that it is a neutral party ... and denies sending lethal
    assistance" was listed as denied by its own clause "denies sending lethal assistance":
    a claim that reports a denial is not what the denial denies."""
    for c in story["claims"]:
        own = [(s["article_id"], s["start"], s["end"]) for s in c["sources"]]
        for d in c["denied_by"] + c["disputed_by"]:
            inside = [o for o in own if o[0] == d["article_id"] and o[1] <= d["start"] < o[2]]
            assert not inside, (c["text"], d["text"])


def test_framing_credits_a_verb_to_its_own_speaker(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    zelensky = story["framing"]["Volodymyr Zelensky"]
    verbs = {v for vs in zelensky.values() for v in vs}
    assert not verbs & {"reject", "dismiss", "deny"}
    lin = {v for vs in story["framing"]["Lin Jian"].values() for v in vs}
    assert {"reject", "dismiss", "deny"} <= lin


# The briefing figures of the seeds (benchmarks/briefing_gold.py) pinned in floors.json.
BRIEFING_FLOORS = ("denials", "unique", "omissions")


@pytest.mark.gate
def test_seed_briefing_figures_stay_above_floors(seed_analysis: Any) -> None:
    import json
    import sys

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "benchmarks"))
    from briefing_gold import load_gold, score

    floors = json.loads((root / "benchmarks" / "floors.json").read_text("utf-8"))
    res = score(seed_analysis.briefing, load_gold("seeds"))
    for part in BRIEFING_FLOORS:
        for side, key in (("precision", "p"), ("recall", "r")):
            floor = floors[f"briefing_seeds_{part}_{side}"]
            assert res[part][key] >= floor, (part, side, res[part][key], floor)


# The past tense of each stance cue, as a news sentence writes it.
PAST = {
    "deny": "denied", "refute": "refuted", "rebut": "rebutted", "repudiate": "repudiated",
    "disavow": "disavowed", "debunk": "debunked", "dispel": "dispelled", "reject": "rejected",
    "dismiss": "dismissed", "dispute": "disputed", "contest": "contested",
    "challenge": "challenged", "question": "questioned",
}  # fmt: skip


def test_quote_cards_and_claims_read_one_list_of_stance_cues() -> None:
    """Every cue of ``stance_cues`` is a denial or dispute both where a quote rendering is
    read (by the lemma the extractor records, and as written before a naming cue) and where
    a claim sentence is (as written), with the same stance."""
    from storyline.reconcile import stance as quote_stance
    from storyline.reconcile.claim_stance import _CUE
    from storyline.reconcile.stance_cues import STANCE_CUES

    assert {w.lemma for w in STANCE_CUES} == set(PAST)
    for w in STANCE_CUES:
        deny = w.stance == "deny"
        assert w.lemma in (quote_stance.DENY_LEMMAS if deny else quote_stance.DISPUTE_LEMMAS)
        written = quote_stance._DENY_WORDS if deny else quote_stance._DISPUTE_PHRASES
        assert written.search(f"officials {PAST[w.lemma]} it"), w
        m = _CUE.search(f"officials {PAST[w.lemma]} the claim that it happened")
        assert m is not None and (m.lastgroup or "").startswith(w.stance), (w, m)
