"""A person named in full and then by a surname of two words ("Daniella Levine Cava", then
"Levine Cava") is one entity, on the quote cards too, although the table of given names does
not know the first name; the AllSides dev reports of the Surfside collapse are read as a
user's input (picked by URL, no sentence copied here)."""

from __future__ import annotations

from pathlib import Path

from allsides_pick import picked_extraction
from storyline.extract.persons import _tail_of

# The Miami Herald's, CNBC's and the New York Post's reports of 8 July 2021.
SURFSIDE = ("article252632913", "60-dead-80-missing", "death-toll-rises-to-60")


def test_a_surname_of_two_words_joins_the_full_name_its_article_wrote_first(
    tmp_path: Path,
) -> None:
    articles, result = picked_extraction(tmp_path, SURFSIDE)
    persons = [e for e in result.entities if e.type == "PERSON" and "Cava" in e.name]
    assert len(persons) == 1, [e.name for e in persons]
    [mayor] = persons
    assert mayor.name.startswith("Daniella")
    # every article's "Levine Cava" (the speaker of the Herald's and CNBC's quotes) is hers
    for art, ex in zip(articles, result.extractions, strict=True):
        cava = [m for m in ex.mentions if m.text.endswith("Levine Cava")]
        assert cava and {m.entity_id for m in cava} == {mayor.id}, art.url
        said = [q for q in ex.quotes if (q.speaker or "").endswith("Levine Cava")]
        assert all(q.speaker_entity == mayor.id for q in said), art.url


def test_without_an_article_order_an_unknown_first_word_makes_no_host() -> None:
    """A mis-cut "Crooked Hillary Clinton" hosts no "Hillary Clinton" (a given name opens
    the shorter); a longer name of an unknown first word hosts only where an article's
    order says so (``_join_tails``)."""
    assert not _tail_of(["hillary", "clinton"], ["crooked", "hillary", "clinton"])
    assert not _tail_of(["levine", "cava"], ["daniella", "levine", "cava"])
    assert _tail_of(["levine", "cava"], ["daniella", "levine", "cava"], known_given=False)
    assert not _tail_of(
        ["hillary", "clinton"], ["crooked", "hillary", "clinton"], known_given=False
    )
