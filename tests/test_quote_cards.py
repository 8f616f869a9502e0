"""Quote cards (issue #15): one card per quotation, with its stance and cue, read from the
briefing.json that ``storyline analyze`` writes for the seeds and for the bundled sample.

Seed renderings are pointed at by file and offsets (tests/gold/seeds.briefing.json holds the
same quotations), never by copied sentences.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from seedrun import SeedReport
from storyline.extract.quotes import find_marked
from storyline.ingest.registry import OutletRegistry
from storyline.models import Article, Quote
from storyline.pipeline import analyze
from storyline.reconcile.stance import card_stance, stance_of
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
Card = dict[str, Any]
FLOOR = "briefing_seeds_quote_bcubed_f1"
# Renderings of different quotations never share a card on the seeds (B-cubed precision 1.00
# when pinned): a wrong grouping would make false quote conflicts.
QUOTE_PRECISION = 0.97


def _cards(briefing: dict[str, Any]) -> list[tuple[Card, list[tuple[str, int, int]]]]:
    """Each card with its renderings as (file name, start, end)."""
    files = {a["id"]: Path(a["source_path"]).name for a in briefing["articles"]}
    return [
        (q, [(files[r["article_id"]], r["start"], r["end"]) for r in q["renderings"]])
        for s in briefing["stories"]
        for q in s["quotes"]
    ]


def _card_at(briefing: dict[str, Any], prefix: str, start: int) -> Card:
    """The card holding the rendering of seed ``prefix``… that covers offset ``start``."""
    for card, spans in _cards(briefing):
        if any(f.startswith(prefix) and s <= start < e for f, s, e in spans):
            return card
    raise AssertionError(f"no rendering of {prefix} covers {start}")


def _rendering(briefing: dict[str, Any], prefix: str, start: int) -> dict[str, Any]:
    files = {a["id"]: Path(a["source_path"]).name for a in briefing["articles"]}
    card = _card_at(briefing, prefix, start)
    return next(
        r
        for r in card["renderings"]
        if files[r["article_id"]].startswith(prefix) and r["start"] <= start < r["end"]
    )


def _no_rendering_twice(briefing: dict[str, Any]) -> None:
    seen = Counter(sp for _, spans in _cards(briefing) for sp in spans)
    assert not [sp for sp, n in seen.items() if n > 1]


# ---- the seeds ---------------------------------------------------------------------------


def test_seed_renderings_sit_on_one_card_each(seed_analysis: SeedReport) -> None:
    _no_rendering_twice(seed_analysis.briefing)


def test_translation_variants_are_one_card(seed_analysis: SeedReport) -> None:
    # Lin's "should correctly view / assess China's efforts" in 000, 001 and 002
    card = _card_at(seed_analysis.briefing, "000", 2128)
    assert card is _card_at(seed_analysis.briefing, "001", 1854)
    assert card is _card_at(seed_analysis.briefing, "002", 2925)
    assert card["speaker"] == "Lin Jian"


def test_a_denial_credited_to_a_person_and_to_beijing_is_one_card(
    seed_analysis: SeedReport,
) -> None:
    # "absolutely groundless": Lin in 000 and 001, "Beijing" in 002, the ministry in 003
    b = seed_analysis.briefing
    card = _card_at(b, "000", 1199)
    assert all(_card_at(b, f, s) is card for f, s in (("001", 1672), ("002", 1088), ("003", 221)))
    assert card["speaker"] == "Lin Jian"
    assert card["stance"] == "deny"


def test_partial_and_reported_renderings_join_their_quotation(seed_analysis: SeedReport) -> None:
    # Zelensky's "many more": reported in 000, 001 and 004, its partials nested in them
    b = seed_analysis.briefing
    card = _card_at(b, "000", 745)
    for f, s in (("000", 769), ("001", 1557), ("001", 1582), ("004", 291), ("004", 316)):
        assert _card_at(b, f, s) is card, (f, s)


def test_a_speakers_separate_quotations_are_separate_cards(seed_analysis: SeedReport) -> None:
    b = seed_analysis.briefing
    captured = _card_at(b, "000", 252)  # the two men captured
    recruiting = _card_at(b, "000", 830)  # how they recruit them
    many = _card_at(b, "000", 745)
    assert len({id(captured), id(recruiting), id(many)}) == 3
    assert captured["speaker"] == recruiting["speaker"] == "Volodymyr Zelensky"


def test_translations_sharing_runs_of_wording_are_one_card(seed_analysis: SeedReport) -> None:
    # Zelensky's escalation quotation in 002 (556-780, "overt involvement") and 003 (3301-3573,
    # "blatant involvement"): two translations whose bags of words and vectors stay under the
    # link score, but which alone in the story share two runs of three content words
    b = seed_analysis.briefing
    card = _card_at(b, "002", 556)
    assert _card_at(b, "003", 3301) is card
    assert card["speaker"] == "Volodymyr Zelensky"
    # runs that three or more articles quote are the story's vocabulary: the count quotation
    # (002 305) and the "many more" one (001 1557) share two such runs and stay apart, as do
    # the capture (004 192) and Washington's concern (000 2439)
    assert _card_at(b, "002", 305) is not _card_at(b, "001", 1557)
    assert _card_at(b, "004", 192) is not _card_at(b, "000", 2439)


def test_a_quote_cut_by_its_cue_is_one_rendering(seed_analysis: SeedReport) -> None:
    # 002: “… escalating the war,” said Zelensky. “It’s clear Russia …” (556-676, 694-780):
    # one rendering, shown with its own first and last marks (555-781), so that "said
    # Zelensky" stands outside quotation marks (reconcile.quotes.rendering_span)
    r = _rendering(seed_analysis.briefing, "002", 555)
    assert (r["start"], r["end"]) == (555, 781)
    assert r["text"][0] == "“" and r["text"][-1] == "”"


def test_card_speaker_is_its_entitys_canonical_name(seed_analysis: SeedReport) -> None:
    b = seed_analysis.briefing
    names = {e["id"]: e["name"] for s in b["stories"] for e in s["entities"]}
    cards = [c for c, _ in _cards(b) if c["speaker_entity"]]
    assert cards and all(c["speaker"] == names[c["speaker_entity"]] for c in cards)


def test_card_speaker_org_is_its_entitys_canonical_name(seed_analysis: SeedReport) -> None:
    """A person's card names the institution they speak for, linked and canonical, apart
    from the speaker (Lin Jian, of China's foreign ministry)."""
    b = seed_analysis.briefing
    names = {e["id"]: e["name"] for s in b["stories"] for e in s["entities"]}
    cards = [c for c, _ in _cards(b) if c["speaker_org_entity"]]
    assert cards
    for c in cards:
        assert c["speaker_org"] == names[c["speaker_org_entity"]]
        assert c["speaker_org_entity"] != c["speaker_entity"]
    lin = [c for c in cards if c["speaker"] == "Lin Jian"]
    assert lin and all("ministry" in c["speaker_org"].lower() for c in lin)


@pytest.mark.parametrize(
    ("prefix", "start", "cue"),
    [
        ("000", 1199, "rejected"),  # … rejected … as “absolutely groundless”
        ("001", 1672, "dismissed"),  # a claim Lin dismissed as “…”
        ("002", 1088, "rejected"),  # Beijing rejected claims …, calling the allegations “…”
        ("003", 221, "dismissed"),  # the ministry dismissed the accusation as “…”
        ("004", 2040, "denied"),  # Lin … denied that Beijing had provided troops …
    ],
)
def test_denials_carry_their_stance_and_cue(
    seed_analysis: SeedReport, prefix: str, start: int, cue: str
) -> None:
    r = _rendering(seed_analysis.briefing, prefix, start)
    assert (r["stance"], r["cue"]) == ("deny", cue)


@pytest.mark.parametrize(
    ("prefix", "start"),
    [
        ("000", 1134),  # rejected Zelensky's claim that “many” …: Zelensky's word, asserted
        ("000", 1672),  # China says it is not sending lethal assistance: an assertion
        ("002", 2756),  # dismissed the allegations, insisting …: what he insists is asserted
        ("001", 38),  # headline: Beijing Rejects Zelensky's Claim 'Many' …
    ],
)
def test_assertions_near_a_denial_stay_assertions(
    seed_analysis: SeedReport, prefix: str, start: int
) -> None:
    r = _rendering(seed_analysis.briefing, prefix, start)
    assert (r["stance"], r["cue"]) == ("assert", None)


def test_reported_speech_stops_before_the_writers_aside(seed_analysis: SeedReport) -> None:
    b = seed_analysis.briefing
    # 001: … fighting with Russian forces — a claim Lin dismissed …: the dash ends Zelensky's
    assert _rendering(b, "001", 1557)["end"] == 1643
    # 002: claimed that … fighting for Russia and alleged that …: the second cue ends it
    assert _rendering(b, "002", 305)["end"] == 387
    # 001: maintains that it is a neutral party … and denies sending …
    assert _rendering(b, "001", 2019)["end"] == 2056
    # 000: … citizens that Kyiv said had been recruited …, according to its intelligence:
    # Kyiv's words, not a clause "according to" frames
    assert (_rendering(b, "000", 670)["start"], _rendering(b, "000", 670)["end"]) == (662, 697)


def test_a_transcript_is_one_quote_per_turn() -> None:
    text = (
        "Partial transcript:\n\n"
        '"HOST: Will she be there tomorrow night?\n\n'
        '"GUEST: She will not. We said so on Friday.\n\n'
        '"HOST: Thank you."'
    )
    art = Article(id="t", source_path="t.txt", text=text, fmt="txt")
    found = [f.quote for f in find_marked(art, text)]
    assert [(q.speaker, q.text) for q in found] == [
        ("HOST", "Will she be there tomorrow night?"),
        ("GUEST", "She will not. We said so on Friday."),
        ("HOST", "Thank you."),
    ]
    one = "Update: the vote moved to Friday.\n\nThe rest of the story."
    assert find_marked(Article(id="u", source_path="u.txt", text=one, fmt="txt"), one) == []


@pytest.mark.gate
def test_seed_quote_groups_at_or_above_floor(seed_analysis: SeedReport) -> None:
    """Quote-group B-cubed F1 of the seeds' briefing against tests/gold/seeds.briefing.json
    (the scorer of benchmarks/reconcile_eval.py), pinned in benchmarks/floors.json."""
    from briefing_gold import load_gold, score

    floor = json.loads((ROOT / "benchmarks" / "floors.json").read_text())[FLOOR]
    got = score(seed_analysis.briefing, load_gold("seeds"))["quotes"]
    assert got["f1"] >= floor, got
    assert got["p"] >= QUOTE_PRECISION, got


# ---- the bundled sample ------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("sample-quotes") / "s.duckdb"
    reg = OutletRegistry.load(ROOT / "demo" / "outlets.json")
    with Store(db) as store:
        return analyze([ROOT / "samples"], store, registry=reg).briefing.to_json()


def test_sample_quotes_are_grouped_one_card_per_quotation(sample: dict[str, Any]) -> None:
    _no_rendering_twice(sample)
    cards = _cards(sample)
    # the governor's promise to search on, quoted by every outlet, two of them in other words
    promise = [c for c, spans in cards if len({f for f, _, _ in spans}) == 5]
    assert len(promise) == 1
    card = promise[0]
    assert "Varga" in card["speaker"] and card["stance"] == "assert"
    wordings = {" ".join(r["text"].lower().split()) for r in card["renderings"]}
    assert len(wordings) == 3  # stop searching / end the search / the search would go on
    assert all(len(spans) <= 5 for _, spans in cards)


# ---- stance rules on written examples ----------------------------------------------------


def _quote(text: str, words: str, cue: str, lemma: str, speaker: str, kind: str) -> Quote:
    s = text.index(words)
    q = Quote("a", s, s + len(words), words, kind, speaker=speaker)
    q.speaker_start = text.index(speaker)
    q.cue, q.cue_start = lemma, text.index(cue)
    q.cue_end = q.cue_start + len(cue)
    return q


def test_stance_follows_the_cue_not_the_topic() -> None:
    text = "The ministry denied that it had sent troops."
    q = _quote(text, "it had sent troops", "denied", "deny", "The ministry", "reported")
    assert (stance_of(q, text).stance, stance_of(q, text).cue) == ("deny", "denied")
    text = "The ministry says it is not sending troops."
    q = _quote(text, "it is not sending troops", "says", "say", "The ministry", "reported")
    assert stance_of(q, text).stance == "assert"


def test_a_naming_cue_takes_the_stance_of_its_sentence() -> None:
    text = 'The mayor disputed the figures, calling them "a fantasy".'
    q = _quote(text, "a fantasy", "calling", "call", "The mayor", "partial")
    assert (stance_of(q, text).stance, stance_of(q, text).cue) == ("dispute", "disputed")


def test_a_negation_set_contrary_to_a_claim_is_a_denial() -> None:
    text = "The envoy said he never met the minister, contrary to the minister's account."
    q = _quote(text, "he never met the minister", "said", "say", "The envoy", "reported")
    assert (stance_of(q, text).stance, stance_of(q, text).cue) == ("deny", "never")
    text = "The envoy said he never met the minister."
    q = _quote(text, "he never met the minister", "said", "say", "The envoy", "reported")
    assert stance_of(q, text).stance == "assert"


def test_a_card_denies_when_most_renderings_deny() -> None:
    deny = stance_of(
        _quote("He denied that.", "that", "denied", "deny", "He", "reported"),
        "He denied that.",
    )
    other = stance_of(
        _quote("He said that.", "that", "said", "say", "He", "reported"), "He said that."
    )
    assert card_stance([deny, other]).stance == "deny"
    assert card_stance([deny, other, other]).stance == "assert"
