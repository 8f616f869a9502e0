"""An article that gives a count's measure another value does not leave the count out (a
fact-checker's trial of the AllSides dev briefing: NPR, reporting "More than 180 people were
killed" and "more than 540 shootings" over the July 4 weekend, was said to leave out Fox's and
Slate's "at least 150" and "more than 400"; it reports both tolls at a later count)."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import pick_allsides
from storyline import analyze

#: July 4 weekend shootings, 5-6 July 2021 (AllSides dev): NPR, Slate, Fox News.
JULY_FOURTH = [
    "fourth-of-july-shootings-across-the-country-kill-more-than-180",
    "shootings-united-states-july-4-weekend-gun-violence",
    "us/july-fourth-weekend-gun-violence",
]


def test_a_later_count_is_no_omission_of_the_earlier(tmp_path: Path) -> None:
    doc = analyze([pick_allsides(tmp_path, JULY_FOURTH)]).briefing.to_json()
    (story,) = [s for s in doc["stories"] if len(s["article_ids"]) == 3]
    outlet = {a["id"]: a["outlet"].split()[0] for a in doc["articles"]}
    claims = {c["id"]: c for c in story["claims"]}
    # the toll is one claim of all three outlets, Fox and Slate giving "at least 150"
    (toll,) = [
        c
        for c in claims.values()
        if "at least 150" in " ".join(s["text"] for s in c["sources"]) and not c.get("detail")
    ]
    assert {outlet[s["article_id"]] for s in toll["sources"]} == {"NPR", "Fox", "Slate"}
    (npr,) = [a for a in story["article_ids"] if outlet[a] == "NPR"]
    left_out = [w for c in story["omissions"][npr] for w in claims[c].get("detail") or []]
    assert not [w for w in left_out if any(ch.isdigit() for ch in w)]


#: The first monthly child tax credit payments, July 2021 (AllSides dev): NPR ("Roughly 39
#: million American families"), Yahoo News ("families of nearly 60 million children"), the
#: New York Post ("monthly payments to millions of US families July 15").
CHILD_TAX_CREDIT = [
    "997698543/new-monthly-child-tax-checks-will-hit-bank-accounts",
    "irs-sends-child-tax-credit-payments-124233988",
    "nypost.com/2021/07/14/child-tax-credit-payments-what-you-need",
]


def test_counts_each_outlet_gives_alone_leave_the_claim_to_its_words(tmp_path: Path) -> None:
    """NPR's and Yahoo's leads are one claim, each with a count of its own; the Post states the
    claim in words ("begin forking over monthly payments to millions of US families") and was
    said to leave it out, the same sentence listed as its own unique line (a fact-checker's
    trial). Counts identify a claim when two families give one; else its words do."""
    doc = analyze([pick_allsides(tmp_path, CHILD_TAX_CREDIT)]).briefing.to_json()
    (story,) = [s for s in doc["stories"] if len(s["article_ids"]) == 3]
    outlet = {a["id"]: a["outlet"].split()[0] for a in doc["articles"]}
    claims = {c["id"]: c for c in story["claims"]}
    [lead] = [
        c
        for c in claims.values()
        if {outlet[s["article_id"]] for s in c["sources"]} == {"NPR", "Yahoo"}
        and not c.get("detail")
    ]
    assert all(s["start"] == 0 for s in lead["sources"])
    (post,) = [a for a in story["article_ids"] if outlet[a] == "New"]
    assert lead["id"] not in story["omissions"][post]
