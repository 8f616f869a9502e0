"""Spans the model tags as names that are words of the language.

A fact-checker's trials of AllSides briefings listed as groups, places and people: words made
of an English prefix and a name ("anti-Asian"), illnesses named after people or places
("Guillain-Barré syndrome", "the Delta variant"), and capitalised nouns of a title-case phrase
("COVID-19 Vaccine"). ``names.find_mentions`` leaves them out.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

# An English prefix joined to a name makes a word of the language, not a name: "anti-Asian"
# (hate), "pro-Palestinian" (protesters), "intra-Democratic" (fights), "non-Europeans",
# "trans-Atlantic" (two fact-checkers' trials listed them as groups and places). A name's own
# lower-case particle ("al-Jalaa", "el-Sisi") is no such prefix.
_PREFIXED = re.compile(
    r"(?:anti|pro|non|intra|inter|trans|post|pre|ex|neo|pan|pseudo|quasi|semi|sub|super|ultra|"
    r"un|multi|cross|extra|counter|mid)-"
)


# Nouns that make the name before them an illness's ("Guillain-Barré syndrome", "the Delta
# variant", "Lyme disease"): a disease is no person, body or place, whoever it is named after
# (a fact-checker's trial found Guillain-Barré a person and, capitalised, an organisation).
DISEASE_NOUNS = frozenset(
    {"syndrome", "disease", "disorder", "virus", "fever", "flu", "variant", "infection"}
)


def illness(doc: Doc, s: int, e: int) -> bool:
    """The name ``doc[s:e]`` names an illness: a ``DISEASE_NOUNS`` noun follows it, or ends
    it with no small word inside ("Guillain-Barré Syndrome"; "National Institute of Allergy
    and Infectious Diseases" is an institute)."""
    if e < len(doc) and doc[e].lower_ in DISEASE_NOUNS:
        return True
    inside = doc[s:e]
    return inside[-1].lower_ in DISEASE_NOUNS and not any(t.is_lower for t in inside)


def written_words(doc: Doc) -> set[str]:
    """Words the article writes in lower case and that end no full name of a person in it: a
    lone capitalised one tagged a person is a noun in a title-case phrase ("the Johnson &
    Johnson (Janssen) COVID-19 Vaccine", where the article writes "vaccine"), while "Gates"
    beside "Bill Gates" is his surname, whatever gates the article writes of."""
    ends = {ent[-1].lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
    return {t.lower_ for t in doc if t.is_lower and t.is_alpha} - ends


def no_name(doc: Doc, s: int, e: int, surface: str) -> bool:
    """The model's name ``doc[s:e]`` (written ``surface``) is a word of the language: an
    illness (``illness``) or one word of a prefix and a name (``_PREFIXED``; "ex-President
    Donald Trump" still names Trump)."""
    prefixed = _PREFIXED.match(surface) is not None and not any(c.isspace() for c in surface)
    return prefixed or illness(doc, s, e)
