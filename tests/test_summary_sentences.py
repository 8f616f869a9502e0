"""A summary line reads as a sentence out of its article (#15, point 4: the summary a reader
takes first). Two fact-checkers' trials of the AllSides dev briefing found lines that were a
clause cut off before the rest of its sentence ("... was halted by owner TC Energy", "... has
officially abandoned the project, months"), and a quotation credited to a bare pronoun
('“We will discourage illegal migration,” she commented.')."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze

#: TC Energy ends Keystone XL, 9 June 2021 (AllSides dev): CNBC, Al Jazeera, Washington
#: Examiner.
KEYSTONE = [
    "cnbc.com/2021/06/09/tc-energy-terminates-keystone",
    "company-drops-contentious-keystone-xl-pipeline",
    "south-dakota-angry-keystone-cancellation",
]


def test_every_summary_line_ends_as_a_sentence(tmp_path: Path) -> None:
    doc = analyze([pick_allsides(tmp_path, KEYSTONE)]).briefing.to_json()
    (story,) = doc["stories"]
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    lines = [line["text"] for line in story["summary"]]
    assert len(lines) >= 3
    for line in lines:
        assert line.rstrip("”’\"')")[-1] in ".!?", line
        assert any(line in t for t in texts.values())  # an exact sentence of a source


def test_a_quotation_credited_to_a_pronoun_leans_on_its_sentence_before() -> None:
    from storyline.reconcile.lines import _reads_alone

    assert not _reads_alone("“We will discourage illegal migration,” she commented.")
    assert not _reads_alone("The White House said he was fired")  # a clause cut off
    assert _reads_alone("“We have a deal,” Biden said outside the White House.")


#: Biden's first meeting with the Republican leaders, 12 May 2021: Reuters, the New York Post,
#: CNN (AllSides dev).
GOP_LEADERS = [
    "biden-host-republican-leaders-mcconnell-mccarthy-bid-common-ground",
    "gop-leaders-draw-red-line-on-tax-hikes-after-biden-meeting",
    "joe-biden-meeting-congressional-leadership",
]


def test_a_quotations_next_sentence_is_no_summary_line(tmp_path: Path) -> None:
    """A fact-checker's trial (stop 53) found the summary line "We both made that clear to
    the president.": McConnell's second sentence, whose "we" and "that" the sentence before
    it says."""
    doc = analyze([pick_allsides(tmp_path, GOP_LEADERS)]).briefing.to_json()
    lines = [line["text"] for s in doc["stories"] for line in s["summary"]]
    assert lines and not any(line.lstrip('“"').startswith("We ") for line in lines), lines
