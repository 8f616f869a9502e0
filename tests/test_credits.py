"""A source that credits another source of its claim is not independent of it (#15).

AllSides dev, Trump's blog shut down (2 June 2021): National Review's sentence ends "...,
senior aide Jason Miller told CNBC", and CNBC's own article gives Miller's words. A new
user's trial saw the claim counted as two independent sources; it is one, stated twice.
"""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze
from storyline.reconcile.credits import _credit_pattern, _name

BLOG_SHUT = (
    "cnbc.com/2021/06/02/trump-blog-page-shuts-down",
    "nationalreview.com/news/trump-shuts",
)


def test_an_outlet_is_credited_by_its_name_with_a_cue() -> None:
    cnbc, wsj = _credit_pattern(_name("CNBC")), _credit_pattern(_name("Wall Street Journal (News)"))
    assert cnbc.search("It will not be returning, senior aide Jason Miller told CNBC.")
    assert wsj.search("the researchers fell ill, according to The Wall Street Journal.")
    assert wsj.search("The Wall Street Journal first reported the meeting.")
    assert not cnbc.search("CNBC's anchor asked him about the blog.")  # named, not credited
    assert not wsj.search("He spoke to reporters outside the Journal building.")


def test_a_name_that_is_a_word_or_part_of_a_name_is_no_credit() -> None:
    """A review: the names of The Hill, Vice, The Independent, The Nation, Time and Reason
    matched people, titles and common words."""
    hill, vice = _credit_pattern(_name("The Hill")), _credit_pattern(_name("Vice"))
    assert hill.search("The vote is set for Tuesday, according to The Hill.")
    assert hill.search("the Hill reported on Monday that the vote slipped")
    assert not hill.search("Fiona Hill reported that the call was unusual.")
    assert not hill.search("The bill passed, according to Hill, a Democrat.")
    assert not vice.search("Biden told Vice President Kamala Harris to lead.")
    for outlet, text in [
        ("The Independent", "according to independent monitors"),
        ("The Nation", "The nation reported 50,000 new cases"),
        ("Time", "citing time constraints"),
        ("Reason", "citing the reason for the delay"),
    ]:
        assert not _credit_pattern(_name(outlet)).search(text), outlet
    assert _credit_pattern(_name("Yahoo!")).search("the deal was off, Yahoo! reported")


def test_a_claim_credited_to_another_of_its_sources_counts_once(tmp_path: Path) -> None:
    doc = analyze([pick_allsides(tmp_path, list(BLOG_SHUT))]).briefing.to_json()
    (story,) = doc["stories"]
    outlet = {a["id"]: a["outlet"] for a in doc["articles"]}
    both = [
        c
        for c in story["claims"]
        if {outlet[s["article_id"]] for s in c["sources"]} == {"CNBC", "National Review"}
    ]
    credited = [c for c in both if any("told CNBC" in s["text"] for s in c["sources"])]
    assert credited and all(c["independent_sources"] == 1 for c in credited)


def test_sources_that_credit_one_another_are_one_independent_source() -> None:
    from storyline.reconcile.claims import Claim
    from storyline.reconcile.credits import credited_families
    from storyline.reconcile.units import Unit

    a = Unit(0, "a", 0, 40, "The blog is gone for good, Politico reported.")
    b = Unit(1, "b", 0, 40, "The blog is gone for good, he told CNBC.")
    claim = Claim("c", [a, b], a, {"a": "fa", "b": "fb"})
    claim.families = claim.asserting_families
    credited_families([claim], {"a": "CNBC", "b": "Politico"})
    assert claim.credited == {"fa", "fb"} and claim.independent == 1


#: Five million Americans missed their second dose (25-26 April 2021): the New York Times,
#: International Business Times and Newsmax, whose report credits the Times.
SECOND_DOSE = (
    "nytimes.com/2021/04/25/business/covid-vaccines-second-doses",
    "5-million-americans-skipped-second-covid-19-vaccine-shot",
    "americans-coronavirus-vaccine-second-shot",
)


def test_a_report_in_an_outlet_credits_it() -> None:
    nyt = _credit_pattern(_name("New York Times (News)"))
    assert nyt.search("over 8% skip it, according to a report in The New York Times this weekend")
    assert nyt.search("according to a new report by the New York Times")
    assert not nyt.search("according to a report in Science, the New York Times said")


def test_a_family_that_credits_another_source_in_one_sentence_is_not_independent(
    tmp_path: Path,
) -> None:
    """Newsmax's two sentences of the Times's count: one credits the Times, the next goes on
    from it ("That means ..."); a fact-checker's fifth trial saw Newsmax counted as a second
    independent witness of the Times's figure."""
    doc = analyze([pick_allsides(tmp_path, list(SECOND_DOSE))]).briefing.to_json()
    (story,) = doc["stories"]
    outlet = {a["id"]: a["outlet"] for a in doc["articles"]}
    counted = [
        c
        for c in story["claims"]
        if any("New York Times" in s["text"] for s in c["sources"])
        and any(outlet[s["article_id"]].startswith("Newsmax") for s in c["sources"])
        and any(outlet[s["article_id"]].startswith("New York Times") for s in c["sources"])
    ]
    assert counted
    for c in counted:  # three outlets of three families, Newsmax resting on the Times
        outlets = {outlet[s["article_id"]] for s in c["sources"]}
        assert c["independent_sources"] == len(outlets) - 1, c["text"]
