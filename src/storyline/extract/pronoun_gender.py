"""Which people of an article its writer calls "he" and which "she", read off the article.

No list of names and no model: a sentence of the writer's (outside quotation marks) that names
one person only, and refers to someone with "he" or "she" after that name, most likely refers
to that person. Counted over the article, a person the writer calls "he" several times and
"she" never is one a "she said" does not point back to, and the reverse: "after she asked why
he was confident", with the reporter unnamed and Biden the last person named, is not Biden's
question (a new user's AllSides run). A person with no such evidence, or with both pronouns
(another person's "he" in their sentence), agrees with either pronoun.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from spacy.tokens import Doc

from storyline.extract.names import MentionInfo, surname

MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
# Pronouns of one kind after a person's name, in sentences naming no other person, that make
# the evidence, with none of the other kind: one could be another person's, the writer's
# subject having changed without a name.
MIN_PRONOUNS = 2


class Genders:
    """The pronouns an article's writer uses of each person (keyed by surname)."""

    def __init__(self, doc: Doc, people: Sequence[MentionInfo], quoted: Collection[int]) -> None:
        self.male: Counter[str] = Counter()
        self.female: Counter[str] = Counter()
        by_sent: dict[int, list[MentionInfo]] = {}
        for inf in people:
            if inf.tokens and 0 <= inf.token_i < len(doc):
                by_sent.setdefault(doc[inf.token_i].sent.start, []).append(inf)
        for start, infs in by_sent.items():
            keys = {surname(i.tokens) for i in infs}
            if len(keys) != 1:
                continue
            (key,) = keys
            first = min(i.token_i for i in infs)
            for tok in doc[first : doc[start].sent.end]:
                if tok.i in quoted:
                    continue
                word = tok.lower_
                self.male[key] += word in MALE
                self.female[key] += word in FEMALE

    def _known(self, person: MentionInfo) -> frozenset[str] | None:
        """The pronouns the writer shows it uses of ``person`` (``MIN_PRONOUNS`` or more of
        one kind, none of the other), else None."""
        key = surname(person.tokens) if person.tokens else ""
        he, she = self.male[key], self.female[key]
        if he >= MIN_PRONOUNS and she == 0:
            return MALE
        if she >= MIN_PRONOUNS and he == 0:
            return FEMALE
        return None

    def called(self, person: MentionInfo, pronoun: str) -> bool:
        """Whether the writer calls ``person`` by ``pronoun``'s kind, and never by the other
        (what a pronoun that passed over the person named last may take instead: a person
        with no evidence is not one the writer shows it means)."""
        return pronoun in (self._known(person) or ())

    def agrees(self, person: MentionInfo, pronoun: str) -> bool:
        """Whether ``pronoun`` ("he", "she", ...) may point back to ``person``: any but a
        pronoun of the other kind than the one the writer uses of them."""
        known = self._known(person)
        return known is None or pronoun in known or pronoun not in MALE | FEMALE
