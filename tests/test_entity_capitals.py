"""Names are names: a capital a sentence's start gives is no part of one, and a word written
without one is none (#15, point 5).

A fact-checker's trial of the AllSides dev briefing: Politico's "Top Justice Department
officials derisively ..." was an organisation "Top Justice Department" apart from the
Justice Department the same article names inside a sentence (``extract.opening``); CBS's
"other world democratic leaders" was a party, and The Hill's "For conservatives and ..."
a nation (``names.find_mentions``: a name other than an institution's has a capital).
"""

from __future__ import annotations

from typing import Any

import pytest

from allsides_pick import picked_extraction

DOJ = "politico.com/news/2021/06/15/doj-emails-trump-election-fraud-claims"
G7 = "2021-06-11t142432z-444073279"
MEMO = "thehill.com/homenews/administration/555394-the-memo-media-face-hard"
# another report of the run, which writes the department with its country ("the U.S.
# Department of Justice"): every "Justice Department" of the run is then the U.S. one, and
# a near spelling of another country's key never joins it (``_join_fuzzy_names``)
NPR = "npr.org/2021/05/06/994246426/justice-department-shares-concerns"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Any], Any]:
    return picked_extraction(tmp_path_factory.mktemp("capitals"), (DOJ, G7, MEMO, NPR))


def test_a_capital_the_sentence_gives_joins_the_name_after_it(
    extracted: tuple[list[Any], Any],
) -> None:
    articles, result = extracted
    [doj] = [a for a in articles if DOJ in (a.url or "")]
    [ex] = [x for x in result.extractions if x.article_id == doj.id]
    [top] = [m for m in ex.mentions if m.text == "Top Justice Department"]
    entity = next(e for e in result.entities if e.id == top.entity_id)
    assert entity.name != "Top Justice Department" and "Justice" in entity.name


def test_a_word_without_a_capital_names_no_group_or_place(
    extracted: tuple[list[Any], Any],
) -> None:
    _, result = extracted
    lower = [
        m.text
        for x in result.extractions
        for m in x.mentions
        if m.label in ("NORP", "GPE", "LOC", "PERSON") and m.text.islower()
    ]
    assert lower == []
