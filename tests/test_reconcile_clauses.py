"""Claims that are one claim (issue #15, point 3), on the seeds' briefing, by offsets.

A sentence that holds two claims ("Although X, Y"; "X, publicly stressing Y") is aligned at
clause level, so each outlet that states X or Y is a source of that claim and neither half is
called unique; two sentences that alone share runs of wording (two translations of one
quotation) state one claim; what a sentence adds to a shared claim (a quoted label no other
outlet gives) stays that family's unique detail, and a count another outlet gives as a bound is
no detail.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from storyline.reconcile.units import split_clauses

os.environ.setdefault("HF_HUB_OFFLINE", "1")
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
Span = tuple[str, int, int]  # (seed number "000", start, end)


def _seed(number: str) -> str:
    return next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def story(seed_analysis: Any) -> dict[str, Any]:
    stories = [s for s in seed_analysis.briefing["stories"] if len(s["article_ids"]) == 5]
    assert len(stories) == 1, "the five seeds should form one story"
    return stories[0]


@pytest.fixture(scope="module")
def num(seed_analysis: Any) -> dict[str, str]:
    """Article id -> seed number ("000" ... "004")."""
    return {a["id"]: Path(a["source_path"]).name[:3] for a in seed_analysis.briefing["articles"]}


def _spans(claim: dict[str, Any], num: dict[str, str]) -> set[Span]:
    return {(num[s["article_id"]], s["start"], s["end"]) for s in claim["sources"]}


def _claim_with(story: dict[str, Any], num: dict[str, str], span: Span) -> dict[str, Any]:
    return next(c for c in story["claims"] if not c.get("detail_of") and span in _spans(c, num))


def _listed_unique(story: dict[str, Any]) -> set[str]:
    """Ids of the claims listed as some article's unique detail."""
    return {c for ids in story["unique"].values() for c in ids}


def _unique_of(story: dict[str, Any], num: dict[str, str], seed: str) -> list[dict[str, Any]]:
    aid = next(a for a, n in num.items() if n == seed)
    return [c for c in story["claims"] if c["id"] in story["unique"][aid]]


def test_an_opening_concessive_clause_is_a_claim_of_its_own() -> None:
    # 002 3179-3323: an "Although ..." clause on neutrality, then the partnership clause
    assert split_clauses(_seed("002"), 3179, 3323) == [(3179, 3277), (3278, 3323)]
    # 003 2387-2606: an "Although ..." clause, a main clause, then a dash and a second claim
    assert split_clauses(_seed("003"), 2387, 2606) == [(2387, 2436), (2437, 2516), (2519, 2606)]
    # 004 2795-3013: a neutrality clause, then ", publicly stressing ..." a second claim
    assert split_clauses(_seed("004"), 2795, 3013) == [(2795, 2865), (2866, 3013)]


def test_an_aside_between_two_dashes_does_not_cut_its_sentence() -> None:
    """Bloomberg (AllSides dev) sets off who the Oversight Board is between two dashes, then
    the sentence goes on to what the board said: cut at the dashes, a summary line ended at
    "..., its Oversight Board", a subject without its verb."""
    import json

    path = SEEDS.parent / "eval" / "allsides" / "articles.jsonl"
    key = "bloomberg.com/opinion/articles/2021-05-05/trump-facebook-ban-is-upheld"
    (text,) = [
        r["text"]
        for line in path.read_text(encoding="utf-8").splitlines()
        if key in (r := json.loads(line))["url"]
    ]
    start = text.index("After the social media company")
    end = text.index(".", text.index("said Wednesday", start)) + 1
    assert text[start:end].count("—") == 2
    assert split_clauses(text, start, end) == [(start, end)]
    # a participle after the aside goes with a clause whole before it, which is still cut
    # there (Fox's tally "The vote was 222-190 with two Republicans – <names> – joining ...",
    # which tests/test_tallies.py sets against the Post's)
    (text,) = [
        r["text"]
        for line in path.read_text(encoding="utf-8").splitlines()
        if "The vote was 222-190" in (r := json.loads(line))["text"]
    ]
    start = text.index("The vote was 222-190")
    end = text.index(".", text.index("joining", start)) + 1
    assert split_clauses(text, start, end)[0] == (start, text.index(" –", start))


def test_weeks_after_a_dash_go_with_the_event_they_date() -> None:
    """The New York Post (AllSides dev): "... affected hundreds of companies worldwide — just
    weeks after President Biden boasted about ...": cut before "after" only, the first claim
    ended "— just weeks" and became a summary line cut off (a new user's second trial)."""
    import json

    path = SEEDS.parent / "eval" / "allsides" / "articles.jsonl"
    (text,) = [
        r["text"]
        for line in path.read_text(encoding="utf-8").splitlines()
        if "just weeks after President Biden" in (r := json.loads(line))["text"]
    ]
    end = text.index("cyberattacks.") + len("cyberattacks.")
    cut = text.index(" — just weeks")
    assert split_clauses(text, 0, end) == [(0, cut), (cut + 3, end)]


def test_a_dash_pair_or_a_time_cut_leaves_no_word_dangling() -> None:
    """A review's cases: two dashes before "and" and a second clause still cut there; a count
    goes with its time word; "in the months after" is cut before "after", as it was."""
    text = (
        "Biden signed the bill — the biggest climate law yet — and Republicans vowed to repeal it."
    )
    assert [text[a:b] for a, b in split_clauses(text, 0, len(text))][1].startswith(
        "and Republicans"
    )
    text = "The company filed for bankruptcy two years after its founder was charged with fraud."
    assert [text[a:b] for a, b in split_clauses(text, 0, len(text))][1].startswith(
        "two years after"
    )
    text = (
        "Prices have climbed steadily in the months after the Federal Reserve began raising rates."
    )
    assert [text[a:b] for a, b in split_clauses(text, 0, len(text))][0].endswith("in the months")


def test_a_short_or_verbless_opener_stays_in_its_sentence() -> None:
    text = "While in Kyiv, the minister met the two captured men and their lawyers."
    assert split_clauses(text, 0, len(text)) == [(0, len(text))]
    text = "Although short, the visit to the front line was reported by three outlets."
    assert split_clauses(text, 0, len(text)) == [(0, len(text))]


def test_each_half_of_a_concessive_sentence_joins_its_claim(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # China's claimed neutrality: AFP (000, 001), 002's and 003's "Although" clauses and 004's
    # "positions itself as a neutral party" clause are one claim of four families
    neutral = _claim_with(story, num, ("002", 3179, 3277))
    assert {("000", 1600, 1775), ("003", 2387, 2436), ("004", 2795, 2865)} <= _spans(neutral, num)
    assert neutral["independent_sources"] == 4
    # the close partnership with Russia: the main clauses of the same sentences
    partner = _claim_with(story, num, ("002", 3278, 3323))
    assert {("000", 1789, 1848), ("003", 2437, 2516)} <= _spans(partner, num)
    # every family states both, so neither is unique to AFP nor left out by 004
    listed = {c for ids in [*story["unique"].values(), *story["omissions"].values()] for c in ids}
    assert neutral["id"] not in listed and partner["id"] not in listed


def test_a_quoted_label_one_outlet_adds_stays_its_unique_detail(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # 004 2543-2794 states the Russia-China ties the others report and adds a quoted label
    # (the "no limits" one) that no other outlet quotes
    sentence = ("004", 2543, 2794)
    partner = _claim_with(story, num, sentence)
    added = next(c for c in _unique_of(story, num, "004") if sentence in _spans(c, num))
    assert added["detail_of"] == partner["id"]
    assert added["detail"] == ["no limits partnership"]


def test_a_count_another_outlet_gives_as_a_bound_is_no_unique_detail(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # 000 1600-1775 gives the war's length as a count; 003 gives it as a lower bound
    details = [c.get("detail") or [] for c in _unique_of(story, num, "000")]
    assert not any("three" in d for d in details)
    assert all(
        s != ("000", 1600, 1775) for c in _unique_of(story, num, "000") for s in _spans(c, num)
    )


def test_two_translations_of_one_quotation_are_one_claim(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # 002 555-692 and 003 3300-3584 render one Zelensky quotation in different words ("overt" /
    # "blatant"): they share two runs of three content words no other sentence has, so neither
    # is called unique
    escalation = _claim_with(story, num, ("002", 555, 692))
    assert ("003", 3300, 3584) in _spans(escalation, num)
    assert escalation["id"] not in _listed_unique(story)


def test_the_second_sentence_of_a_translated_quotation_joins_its_claim(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # 002 renders the escalation quotation over two sentences (555-692, 693-781) and 003 in one
    # (3300-3584, which also says Moscow wants to drag out the fighting); the two renderings are
    # one quote card, so 002's second sentence is a source of that claim, not 002's unique
    # detail, and the claim's wording conflict between the two outlets is reported
    escalation = _claim_with(story, num, ("002", 555, 692))
    assert {("002", 693, 781), ("003", 3300, 3584)} <= _spans(escalation, num)
    assert escalation["id"] not in _listed_unique(story)
    quotes = [c for c in story["conflicts"] if c["kind"] == "quote"]
    assert any(
        {num[s["article_id"]] for v in c["values"] for s in v["sources"]} == {"002", "003"}
        and any(s["start"] == 3301 for v in c["values"] for s in v["sources"])
        for c in quotes
    )


def test_a_sentence_of_a_two_sentence_quotation_renders_it(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # 000 quotes Zelensky on Washington's view over two sentences (2544-2675); its first
    # sentence (2543-2635) is a rendering of the quotation that 002 3527-3666 paraphrases with
    # its "unacceptable", so it joins that claim and is no unique detail of AFP
    claim = _claim_with(story, num, ("002", 3527, 3666))
    assert {("000", 2424, 2542), ("000", 2543, 2635)} <= _spans(claim, num)
    assert claim["id"] not in _listed_unique(story)


def test_a_paraphrase_in_another_tense_is_one_claim(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # 002 1913-1998 ("stopped short of accusing" ... "sending") and 003 652-759 (... "had not
    # sent"): "sent" and "sending" meet, and the two are one claim, unique to neither
    claim = _claim_with(story, num, ("002", 1913, 1998))
    assert ("003", 652, 759) in _spans(claim, num)
    assert claim["id"] not in _listed_unique(story)


def test_irregular_past_forms_stem_as_their_verb() -> None:
    from storyline.reconcile.units import content_words

    assert content_words("had not sent the fighters") == content_words("not sending fighters")
    assert content_words("they fought and were caught") == content_words("fighting, catching")


def test_a_sentence_that_only_frames_the_exchange_is_no_unique_detail(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # 003 1353-1421 places the exchange of claims in time ("The back-and-forth comes at ...");
    # it names no number, day or quotation, so it is listed as no unique detail of 003, while
    # 003's own details (the unverified social-media reports, 003 3827-4057) stay listed
    framing = _claim_with(story, num, ("003", 1353, 1421))
    assert framing["id"] not in _listed_unique(story)
    ours = {s for c in _unique_of(story, num, "003") for s in _spans(c, num)}
    assert any(start <= 3827 < end for _, start, end in ours)


def test_a_speakers_lone_paraphrases_join_the_claim_of_their_statement(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # 004 1177-1371 and 003 3197-3299 paraphrase Zelensky's statement of 002 (555-781) and 003
    # (3300-3584) too loosely for the pair scores; each one's best sentences of two other
    # articles sit in that claim and quote Zelensky too, so they join it: neither is unique,
    # and the claim, stated by three of the four families, is what AFP (000, 001) leaves out
    claim = _claim_with(story, num, ("002", 555, 692))
    assert {("004", 1177, 1371), ("003", 3197, 3299)} <= _spans(claim, num)
    assert claim["independent_sources"] == 3
    assert claim["id"] not in _listed_unique(story)
    for seed in ("000", "001"):
        aid = next(a for a, n in num.items() if n == seed)
        assert claim["id"] in story["omissions"][aid]


def test_a_lone_sentence_of_another_speaker_stays_its_unique_detail(
    story: dict[str, Any], num: dict[str, str]
) -> None:
    # 001 1230-1340: an unnamed official tells AFP when the two were captured; its nearest
    # sentences of two other articles sit in Zelensky's count claim, but they quote Zelensky,
    # not the official, so the sentence stays AFP's unique detail
    ours = {s for c in _unique_of(story, num, "001") for s in _spans(c, num)}
    assert ("001", 1230, 1340) in ours
