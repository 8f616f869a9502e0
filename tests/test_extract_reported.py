"""Reported speech, stances and speakers on sentences written for these tests.

Each sentence is one construction PolNeAR attributes and the extractor must read the same
way: the content without the cue and the source, the speaker as the writer names them.
"""

from __future__ import annotations

import pytest

from storyline.extract import ExtractResult, extract_articles
from storyline.models import Article, Extraction, Quote
from storyline.nlp import load_nlp

TEXTS = {
    "object": "Senator Maria Lopez criticized the budget plan on Tuesday.",
    "infinitive": "Governor Tom Baker vowed to veto the tax bill.",
    "preposition": "Mayor Ann Cole called for a new inquiry into the warehouse fire.",
    "trailing": "The cuts will hurt rural schools, the union's president said.",
    "medial": "This election, Jane Ortiz says, is different from the last one.",
    "apostrophes": "''We will win this fight,'' Senator Jane Doe said on Monday.",
    "subject_in_quote": "“My reaction was simple,” the campaign strategist said.",
    "relative": "Mary Jones, who said the deal was dead, left the room early.",
    "next_paragraph": "Paul Green spoke for an hour.\n\nGreen continued:\n\n"
    "“The plan is dead and everybody knows it.”",
    "passive": "The merger was first reported by the Daily Ledger.",
    "claim_noun": "Critics questioned Smith's claim that the bridge was safe.",
    "partial": "Reid has been blasting Trump as a “con artist” for weeks.",
    "partial_scare": "Lopez wore her “lucky” red boots to the count.",
    "titles": "“We cannot wait,” Mayor Ann Cole said.\n\n“Morning Ledger” host Sam Reyes "
    "praised the plan on “Meet the Voters.” That was the “establishment” pick.",
    "newsletter": "TOP NEWS.\n\nCITY COUNCIL BACKS THE BRIDGE “The council voted nine to two "
    "for the new bridge on Monday.” [Daily Ledger]",
    "yelled": "As the mayor left, Tom Baker yelled “Go home now!” from the back row.",
    "one_word": "Asked who would win, Governor Tom Baker gave a one-word answer. "
    "“Denver,” he replied.",
    "split": "“The plan is dead,” Governor Tom Baker said. “Nobody here wants it.”\n\n"
    "“We start again in May.”",
    "aside": "Mayor Ann Cole called the report a “whitewash,” linking to a story about "
    "its authors.",
    "when_asked": "Governor Tom Baker had previously said, “We’ll see,” when asked whether "
    "he would run again.",
}


@pytest.fixture(scope="module")
def run() -> dict[str, Extraction]:
    arts = [Article(id=k, source_path=f"{k}.txt", text=t, fmt="txt") for k, t in TEXTS.items()]
    res: ExtractResult = extract_articles(arts, nlp=load_nlp())
    return {ex.article_id: ex for ex in res.extractions}


def _one(quotes: list[Quote], text: str) -> Quote:
    hits = [q for q in quotes if q.text == text]
    assert len(hits) == 1, [(q.text, q.kind) for q in quotes]
    return hits[0]


def test_verdict_on_an_object_is_a_stance_without_its_time(run) -> None:  # type: ignore[no-untyped-def]
    ex = run["object"]
    q = _one(ex.stances, "the budget plan")
    assert (q.cue, q.speaker_name) == ("criticize", "Maria Lopez")
    assert ex.quotes == []  # a stance is not speech: briefings' quote lists stay speech


def test_intention_and_call_take_their_complements(run) -> None:  # type: ignore[no-untyped-def]
    q = _one(run["infinitive"].stances, "to veto the tax bill")
    assert q.speaker_name == "Tom Baker"
    q = _one(run["preposition"].stances, "a new inquiry into the warehouse fire")
    assert (q.cue, q.speaker_name) == ("call", "Ann Cole")


def test_cue_after_or_inside_its_clause(run) -> None:  # type: ignore[no-untyped-def]
    q = _one(run["trailing"].quotes, "The cuts will hurt rural schools")
    assert q.kind == "reported" and q.speaker == "union's president"
    q = next(q for q in run["medial"].quotes if q.kind == "reported")
    assert q.text.startswith("This election") and q.text.endswith("from the last one")
    assert q.speaker_name == "Jane Ortiz"


def test_doubled_apostrophes_are_quotation_marks(run) -> None:  # type: ignore[no-untyped-def]
    q = _one(run["apostrophes"].quotes, "We will win this fight")
    assert q.kind == "direct" and q.speaker_name == "Jane Doe"


def test_speaker_is_never_inside_the_quote(run) -> None:  # type: ignore[no-untyped-def]
    q = _one(run["subject_in_quote"].quotes, "My reaction was simple")
    assert q.speaker == "campaign strategist"


def test_relative_pronoun_keeps_its_span_and_takes_the_name(run) -> None:  # type: ignore[no-untyped-def]
    q = _one(run["relative"].quotes, "the deal was dead")
    assert q.speaker == "who" and q.speaker_name == "Mary Jones"


def test_quote_in_its_own_paragraph_after_a_colon(run) -> None:  # type: ignore[no-untyped-def]
    q = _one(run["next_paragraph"].quotes, "The plan is dead and everybody knows it.")
    # "Green" alone, after "Paul Green", is that person: the canonical name (#15 point 5).
    assert q.speaker == "Green" and q.speaker_name == "Paul Green"


def test_passive_agent_and_claim_owner_are_sources(run) -> None:  # type: ignore[no-untyped-def]
    q = _one(run["passive"].stances, "The merger")
    assert q.speaker_name == "Daily Ledger"
    q = _one(run["claim_noun"].stances, "that the bridge was safe")
    assert q.speaker_name == "Smith"


def test_partial_quote_belongs_to_the_subject_of_its_verb(run) -> None:  # type: ignore[no-untyped-def]
    """Only a verb that attributes words (a cue, or one PolNeAR train attributes through,
    ``cue_frames``) makes its subject the speaker of the quoted words it governs."""
    q = _one(run["partial"].quotes, "con artist")
    assert q.kind == "partial" and q.speaker_name == "Reid"
    q = _one(run["partial_scare"].quotes, "lucky")
    assert q.speaker is None and q.cue is None


def test_titles_and_scare_quotes_are_nobodys_words(run) -> None:  # type: ignore[no-untyped-def]
    """A show's name in quotation marks is a name, even at a paragraph's start or before a
    full stop inside the marks, and a short scare quote does not inherit the last speaker."""
    qs = run["titles"].quotes
    assert _one(qs, "We cannot wait").speaker_name == "Ann Cole"
    for name in ("Morning Ledger", "Meet the Voters", "establishment"):
        q = next(q for q in qs if q.text.rstrip(".") == name)
        assert q.kind == "partial" and q.speaker is None, q


def test_one_word_answer_with_its_comma_is_speech(run) -> None:  # type: ignore[no-untyped-def]
    q = _one(run["one_word"].quotes, "Denver")
    assert q.speaker_name == "Tom Baker"


def test_excerpt_after_a_run_in_capital_headline_is_direct(run) -> None:  # type: ignore[no-untyped-def]
    q = _one(
        run["newsletter"].quotes, "The council voted nine to two for the new bridge on Monday."
    )
    assert q.kind == "direct"


def test_shouted_words_have_their_shouter(run) -> None:  # type: ignore[no-untyped-def]
    q = _one(run["yelled"].quotes, "Go home now!")
    assert (q.cue, q.speaker_name) == ("yell", "Tom Baker")


def test_quote_split_by_its_cue_shares_the_cue(run) -> None:  # type: ignore[no-untyped-def]
    quotes = run["split"].quotes
    first, second = _one(quotes, "The plan is dead"), _one(quotes, "Nobody here wants it.")
    later = _one(quotes, "We start again in May.")
    assert first.cue_start is not None and second.cue_start == first.cue_start
    # the next paragraph continues the speaker but is a quote of its own, with no cue span
    assert later.speaker_name == "Tom Baker" and later.cue_start is None


def test_participle_aside_is_not_the_content(run) -> None:  # type: ignore[no-untyped-def]
    q = _one(run["aside"].stances, "the report a “whitewash")
    assert (q.cue, q.speaker_name) == ("call", "Ann Cole")


def test_quotation_closed_on_a_comma_ends_the_content(run) -> None:  # type: ignore[no-untyped-def]
    ex = run["when_asked"]
    said = [q for q in ex.quotes + ex.stances if q.cue == "say"]
    assert said and all(q.text.rstrip(",”").endswith("We’ll see") for q in said), said


def test_a_no_break_space_is_no_part_of_the_speaker() -> None:
    """AllSides dev articles written with no-break spaces ("according to a\\xa0USA Today
    analysis"): the tokenizer keeps the space as a token of the name's subtree, and seven
    speakers began with it. Each speaker now starts and ends on a letter of its name."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared/eval/allsides/articles.jsonl"
    with path.open(encoding="utf-8") as lines:
        texts = [t for line in lines if "a\xa0USA Today" in (t := json.loads(line)["text"])]
    arts = [
        Article(id=f"a{i}", source_path="allsides", text=t, fmt="txt") for i, t in enumerate(texts)
    ]
    quotes = [q for ex in extract_articles(arts, load_nlp()).extractions for q in ex.quotes]
    named = [q for q in quotes if q.speaker and "USA Today" in q.speaker]
    assert named and all(q.speaker.startswith("USA Today analysis") for q in named)
    assert all(q.speaker == q.speaker.strip() for q in quotes if q.speaker)


def test_a_clause_the_parse_put_before_the_subject_is_no_speaker() -> None:
    """Politico, AllSides dev: "Energy Secretary Jennifer Granholm on Sunday slammed ...
    posture ... — warning that ...". The tagger made "slammed" a modifier of "posture", and
    the card's speaker was the whole clause up to "posture". The warning is Granholm's."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared/eval/allsides/articles.jsonl"
    with path.open(encoding="utf-8") as lines:
        rows = [r for line in lines if "granholm-senate" in (r := json.loads(line))["url"]]
    art = Article(id="p", source_path="allsides", text=rows[0]["text"], fmt="txt")
    ex = extract_articles([art], load_nlp()).extractions[0]
    warned = [q for q in ex.quotes if q.cue == "warn"]
    assert warned and all(q.speaker == "Jennifer Granholm" for q in warned), warned
    assert all("slammed" not in (q.speaker or "") for q in ex.quotes + ex.stances)


def test_a_speaker_named_by_a_title_in_quotation_marks_keeps_both_marks() -> None:
    """AllSides dev: "The “Brave” author called ..." and "\\"Tucker Carlson Tonight\\" host said
    ..." gave the cards "Brave” author" and "Tucker Carlson Tonight\\" host": a speaker's
    first word is never punctuation, so the opening mark was cut off its title."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared/eval/allsides/articles.jsonl"
    with path.open(encoding="utf-8") as lines:
        texts = [
            t
            for line in lines
            if "“Brave” author" in (t := json.loads(line)["text"]) or 'Tonight"\xa0host' in t
        ]
    arts = [
        Article(id=f"a{i}", source_path="allsides", text=t, fmt="txt") for i, t in enumerate(texts)
    ]
    found = extract_articles(arts, load_nlp()).extractions
    speakers = {
        " ".join(q.speaker.split()) for ex in found for q in ex.quotes + ex.stances if q.speaker
    }
    assert {"“Brave” author", '"Tucker Carlson Tonight" host'} <= speakers, speakers
    for name in speakers:
        assert name.count("“") == name.count("”") and name.count('"') % 2 == 0, name


def test_a_quote_signed_by_a_title_and_a_name_after_a_dash_is_theirs() -> None:
    """AllSides dev: reactions listed as "“…”", then a paragraph "— <the RNC's chair, by
    title and name>, in a tweet, <date>" or "— Sen. <name> (R-Ark.), in a tweet ...": no
    verb, so the cards had no speaker. The person named last in the signature signs it;
    where and when it was said may follow the name."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared/eval/allsides/articles.jsonl"
    with path.open(encoding="utf-8") as lines:
        texts = [t for line in lines if "McDaniel, in a tweet" in (t := json.loads(line)["text"])]
    art = Article(id="r", source_path="allsides", text=texts[0], fmt="txt")
    ex = extract_articles([art], load_nlp()).extractions[0]
    signed = {q.speaker: art.text[q.end : q.end + 4] for q in ex.quotes if q.speaker}
    assert {"Ronna McDaniel", "Tom Cotton"} <= set(signed), signed
    assert all("—" in signed[name] for name in ("Ronna McDaniel", "Tom Cotton")), signed


def test_a_name_joined_to_a_role_subject_is_the_subject_he_or_she_points_back_to() -> None:
    """Fox News, AllSides dev: "Actress and activist Rose McGowan pushed back ... with
    \\"Fox News Primetime\\" host Tammy Bruce." then "“…,” she said". The parse makes
    "Actress" the subject and the name its conjunct, so "she" went to the last name, the
    host's. The name joined to a role subject is that subject (``titles_and_name``)."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared/eval/allsides/articles.jsonl"
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    texts = [r["text"] for r in rows if "activist Rose McGowan pushed" in r["text"]]
    art = Article(id="f", source_path="allsides", text=texts[0], fmt="txt")
    ex = extract_articles([art], load_nlp()).extractions[0]
    she = [q for q in ex.quotes if q.speaker == "she"]
    assert she and all(q.speaker_name == "Rose McGowan" for q in she), she
