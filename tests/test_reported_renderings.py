"""Reported speech on a quote card is shown as the writer's words, not in quotation marks.

A fact-checker's audit of AllSides briefings found paraphrase ("the agency exceeded its
authority ...", in Bloomberg's words) shown on the cards between quotation marks, as if the
judge had said it so. A rendering says whether it is quoted (``Rendering.quoted``), and the
reports put only quoted renderings in quotation marks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from allsides_pick import pick_allsides
from storyline.pipeline import analyze

#: The eviction-moratorium ruling of 5 May 2021, by three outlets (AllSides dev).
STORY = [
    "judge-overturns-federal-pandemic-eviction-moratorium",
    "federal-judge-lifts-eviction-ban",
    "u-s-judge-blocks-cdc-s-nationwide-eviction-moratorium",
]
MARKS = "\"'“”‘’«»"


def test_reported_speech_is_not_shown_as_a_quotation(tmp_path: Path) -> None:
    out = tmp_path / "report"
    analyze([pick_allsides(tmp_path, STORY)], out=out)
    doc = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    renderings = [r for s in doc["stories"] for q in s["quotes"] for r in q["renderings"]]
    reported = [r for r in renderings if not r["quoted"]]
    assert reported and len(reported) < len(renderings)
    for r in renderings:  # quoted: a quotation mark at one of the span's edges, in the source
        t, s, e = texts[r["article_id"]], r["start"], r["end"]
        edges = t[max(0, s - 2) : s] + t[e : e + 2] + r["text"][:1] + r["text"][-1:]
        assert r["quoted"] == any(m in edges for m in MARKS), r["text"]
    md = (out / "briefing.md").read_text(encoding="utf-8")
    page = "".join(p.read_text(encoding="utf-8") for p in out.glob("story-*.html"))
    for r in reported:
        assert f"(reported) {r['text']} [{r['start']}–{r['end']}]" in md
        assert f"“{r['text']}”" not in md and f"“{r['text']}”" not in page
        assert f"(reported)</span> {r['text']}" in page


#: Two AllSides dev stories where a cue is negated: the CDC panel on the J&J vaccine (23 April
#: 2021: members "didn't recommend" restricting its use) and the Supreme Court leaving the
#: Gloucester bathroom ruling in place (28 June 2021: the court "did not say why").
NEGATED = [
    "cdc-committee-votes-resume-johnson-johnson-covid-19-vaccine",
    "jj-covid-vaccine-cdc-panel-recommends-resuming-use-of-jj-vaccine-",
    "health/johnson-vaccine-acip-recommendation",
    "us-supreme-court-courts-supreme-courts-government-and-politics-9b4cabc4e026",
    "supreme-court-transgender-bathroom-gavin-grimm",
    "supreme-court-declines-to-take-up-transgender-bathroom-case",
]


def test_what_a_speaker_did_not_say_is_no_rendering_of_theirs(tmp_path: Path) -> None:
    """Reported speech under a negated cue is what the speaker did not say: a card showed
    "U.S. regulators restrict the use of the vaccine ..." as the panel members' words (the
    audit's worst finding: the meaning reversed), and "why it was rejecting the appeal" as
    the court's."""
    doc = analyze([pick_allsides(tmp_path, NEGATED)]).briefing.to_json()
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    assert sum("didn’t recommend" in t or "did not say why" in t for t in texts.values()) == 2
    renderings = [r for s in doc["stories"] for q in s["quotes"] for r in q["renderings"]]
    assert len(renderings) > 5
    for r in renderings:
        before = texts[r["article_id"]][max(0, r["start"] - 30) : r["start"]]
        assert "didn’t recommend" not in before and "did not say" not in before, r["text"]


#: The Senate's hate-crimes bill of 22 April 2021 (AllSides dev): one excerpt breaks off
#: right after an opening quotation mark and a word ('"The...').
HATE_CRIMES = [
    "22385461/senate-anti-asian-hate-crimes-bill",
    "senate-passes-covid-19-hate-crimes-act-mazie-hirono",
    "senate-approves-asian-american-hate-crimes-bi",
]


def test_a_quotation_the_excerpt_breaks_off_in_is_no_card(tmp_path: Path) -> None:
    """A card held only '“The...”' with no speaker: words an excerpt breaks off in, not a
    quotation (the audit). Every card left holds a quotation with an end in its source."""
    path = pick_allsides(tmp_path, HATE_CRIMES)
    doc = analyze([path]).briefing.to_json()
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    assert any(t.rstrip().endswith('"The...') for t in texts.values())
    cards = [q for s in doc["stories"] for q in s["quotes"]]
    assert cards
    for q in cards:
        assert any(texts[r["article_id"]][r["end"] :].strip(" .…") for r in q["renderings"]), q


def test_framing_names_speakers_not_pronouns(tmp_path: Path) -> None:
    """Framing listed "they: propose" for the CDC panel story, a pronoun the extraction left
    unresolved: a reader cannot tell who "they" are (the audit). Speakers are names."""
    from storyline.reconcile.quotes import is_pronoun

    doc = analyze([pick_allsides(tmp_path, NEGATED[:3])]).briefing.to_json()
    speakers = [name for s in doc["stories"] for name in s["framing"]]
    # (three before "Members didn't recommend ..." stopped framing the members as recommending)
    assert len(speakers) >= 2
    assert not [n for n in speakers if is_pronoun(n)], speakers
    assert not is_pronoun("WHO") and is_pronoun("they")  # the World Health Organization


@pytest.mark.parametrize(
    ("before", "negated"),
    [
        ("The company did not immediately ", True),
        ("Officials cannot ", True),
        ("The ministry declined to ", True),
        ("He not only ", False),
        ("The ministry ", False),
    ],
)
def test_a_cue_s_negation_wire_copy_writes(before: str, negated: bool) -> None:
    """The wire staples ("did not immediately say", "declined to say why") negate the cue too;
    "not only said" does not (the review)."""
    from storyline.reconcile.quotes import _NEGATED

    assert (_NEGATED.search(before) is not None) is negated


#: The assassination of Haiti's president, 7 July 2021 (AllSides dev, three outlets), and
#: the Earth Day climate summit of 22 April 2021 (four).
HAITI = [
    "haitian-president-shot-dead-home-overnight-pm",
    "haitian-president-jovenel-moise-assassinated-at-home",
    "haiti-president-jovenel-moise-killed-home",
]
SUMMIT = [
    "us-pledges-halve-its-emissions-by-2030",
    "joe-biden-to-target-50-52-reduction-in-greenhouse-",
    "biden-pushes-carbon-plan-to-world-burned-by-trump",
    "joe-biden-donald-trump-climate-climate-change-summits",
]


def _balanced(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


def test_no_narration_inside_quotation_marks(tmp_path: Path) -> None:
    """A quotation cut in two by its attribution ('... the control," Claude Joseph ... said in
    a statement. "Democracy ... will win.') was shown between one pair of marks, the narration
    inside them; a reported clause ending inside a quotation it holds ('must "get this done')
    left its mark open (a fact-checker's audit). Every rendering shown now pairs its marks."""
    out = tmp_path / "report"
    analyze([pick_allsides(tmp_path, HAITI + SUMMIT)], out=out)
    doc = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    renderings = [r for s in doc["stories"] for q in s["quotes"] for r in q["renderings"]]
    cut_in_two = [r for r in renderings if r["quoted"] and r["text"][:1] in '"“']
    assert cut_in_two, "a quotation cut in two by its attribution"
    for r in renderings:
        t = r["text"]
        marked = f"“{t}”" if r["quoted"] and t[:1] not in '"“' else t
        assert _balanced(marked) or t.rstrip().endswith(("...", "…")), t
    md = (out / "briefing.md").read_text(encoding="utf-8").splitlines()
    for r in cut_in_two:  # shown with the source's own marks, none added around them
        (line,) = [ln for ln in md if ln.endswith(f"[{r['start']}–{r['end']}]")]
        shown = line.split(": ", 1)[1]
        assert not shown.startswith(("““", "“~~", "“**", '“"')), shown
