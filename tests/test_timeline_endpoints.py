"""Two dates a fact-checker's audit found wrong on the timeline of a real story (AllSides dev,
the eviction-moratorium ruling of 5 May 2021, by three outlets):

- "has since extended that protection to renters until July", written in May 2021, was put
  in July 2020: a past verb placed the month in the past, but "until" makes it the end of a
  span that runs on after that verb's event;
- in "A federal judge vacated the nationwide moratorium on evictions established last year"
  the year dates the moratorium's start (a past participle on a noun), not the ruling: it is
  an aside of the sentence (the claim was dated 2020; another outlet's "during the past
  year", on the lockdowns, still dates it so).

Sentences are found by a few of their words, never copied whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from allsides_pick import pick_allsides
from storyline.pipeline import analyze

STORY = [
    "judge-overturns-federal-pandemic-eviction-moratorium",
    "federal-judge-lifts-eviction-ban",
    "u-s-judge-blocks-cdc-s-nationwide-eviction-moratorium",
]


def test_an_end_of_a_span_and_a_noun_s_own_date(tmp_path: Path) -> None:
    doc = analyze([pick_allsides(tmp_path, STORY)]).briefing.to_json()
    (story,) = doc["stories"]
    dates = {e["text"]: e["date"] for e in story["timeline"]}
    (extended,) = [d for t, d in dates.items() if "extended that protection" in t]
    assert extended == "2021-07"
    days = {a["published"] for a in doc["articles"]}
    assert days == {"2021-05-05"}


def test_a_past_participle_s_date_is_an_aside(tmp_path: Path) -> None:
    from storyline import clean, extract_articles, read_paths

    (article,) = read_paths([pick_allsides(tmp_path, STORY[:1])])
    (ex,) = extract_articles([clean(article)]).extractions
    (last_year,) = [d for d in ex.dates if d.text == "last year"]
    assert last_year.value == "2020" and last_year.aside_start is not None
    aside = article.text[last_year.aside_start : last_year.aside_end]
    assert aside.startswith("established last year") and "judge" not in aside


def test_summary_lines_read_whole(tmp_path: Path) -> None:
    """A summary line began inside the judge's quotation ('... is one such decision," ...
    ruled on Wednesday', the audit): a reader saw a stray closing mark and half a quotation
    as the story's consensus. Summary lines pair their quotation marks and are not cut off."""
    doc = analyze([pick_allsides(tmp_path, STORY)]).briefing.to_json()
    (story,) = doc["stories"]
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    assert any("one such decision" in t for t in texts.values())
    lines = [line["text"] for line in story["summary"]]
    assert lines and not [t for t in lines if "one such decision" in t]
    for t in lines:
        assert t.count('"') % 2 == 0 and t.count("“") == t.count("”"), t
        assert not t.rstrip().endswith(("...", "…")), t


@pytest.mark.parametrize(
    ("sentence", "month", "ahead"),
    [
        ("The company postponed the launch until June.", "June", True),
        ("The museum remained closed until February.", "February", False),
        ("Prices rose from January through April.", "April", False),
        ("The ban lasted until March.", "March", False),
    ],
)
def test_only_a_new_end_set_to_a_span_lies_ahead(sentence: str, month: str, ahead: bool) -> None:
    """The limits of the rule (the review): a year-end review's "remained closed until
    February" ended where it ended, in the past."""
    from storyline.extract.dates import _endpoint
    from storyline.nlp import load_nlp

    doc = load_nlp()(sentence)
    (tok,) = [t for t in doc if t.text == month]
    assert _endpoint(doc[tok.i : tok.i + 1]) is ahead


@pytest.mark.parametrize(
    "sentence",
    [
        "Trump seen leaving hospital on Monday",
        "Two soldiers wounded Monday in an ambush, the army said.",
    ],
)
def test_a_participle_that_is_the_clause_s_verb_keeps_its_date(sentence: str) -> None:
    """A headline or a reported clause with no other verb: its participle is the claim's own
    verb, and its date the claim's (the review)."""
    from storyline.extract.date_clauses import aside_of
    from storyline.nlp import load_nlp

    doc = load_nlp()(sentence)
    (monday,) = [e for e in doc.ents if e.text == "Monday"]
    assert aside_of(monday) is None


#: The Earth Day climate summit of 22 April 2021 (AllSides dev, four outlets).
SUMMIT = [
    "us-pledges-halve-its-emissions-by-2030",
    "joe-biden-to-target-50-52-reduction-in-greenhouse-",
    "biden-pushes-carbon-plan-to-world-burned-by-trump",
    "joe-biden-donald-trump-climate-climate-change-summits",
]


def test_a_deadline_dates_no_event(tmp_path: Path) -> None:
    """ "Pledged to cut emissions in half by 2030" was filed under 2030 and "a net-zero power
    sector by 2035" under 2035 (a fact-checker's audit): a date after "by" is a target."""
    doc = analyze([pick_allsides(tmp_path, SUMMIT)]).briefing.to_json()
    entries = [e for s in doc["stories"] for e in s["timeline"]]
    assert entries
    for e in entries:
        assert e["date"][:4] == "2021", (e["date"], e["text"][:60])
    claims = [c for s in doc["stories"] for c in s["claims"] if "by 2030" in c["text"]]
    assert claims and all(c["date"] is None or c["date"].startswith("2021") for c in claims)
