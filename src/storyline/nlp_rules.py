"""The packaged pipeline's two rule components, run from memos with the same output.

The attribute ruler and the lemmatizer of ``en_core_web_sm`` do no statistics: the ruler
matches 179 token patterns (tag to part of speech and morphology, a few words' exceptions)
with spaCy's general ``Matcher`` over every token, and the lemmatizer looks each token up in
its tables. On long news articles the two took about a fifth of the whole parse, nearly all of
it per-token Python work that gives the same answer for the same token again and again.

So each answer is worked out once and remembered:

* ``FastAttributeRuler``: which rules a token matches depends only on its tag, lower form,
  dependency label and space flag (every pattern of the packaged ruler tests only those), so
  the rules are looked up once per distinct combination; patterns of several tokens are tested
  on each run of neighbours. The rules are applied as spaCy applies them (in rule order, a
  later rule's value overriding an earlier one's), with the ruler's own values, written into
  the document as arrays. A ruler whose patterns use anything else keeps spaCy's component.
* ``FastLemmatizer``: a token's lemma depends only on its text, part of speech and morphology,
  which is exactly the key of spaCy's own lemma cache; the remembered lemma is written back
  in one array, and a new key is asked of spaCy's component.

``use_fast_rules`` swaps them into a loaded pipeline under the same names (``nlp.pipe``
calls each on one document after another, as it does a component without a ``pipe``);
``tests/test_nlp_rules.py`` holds every token attribute equal to spaCy's own components on
real articles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# Token attributes the memo keys on, as spaCy's patterns name them.
_KEYED = ("TAG", "LOWER", "DEP", "IS_SPACE")
_KEY_IDS = [TAG, LOWER, DEP, IS_SPACE]
# Attributes written as arrays; any other a rule sets is written token by token.
_ARRAY_IDS = [POS, MORPH, LEMMA]
_PREDICATES = {"IN", "NOT_IN", "REGEX"}

Values = tuple[str, str, str, bool]  # tag, lower, dep, is_space
Pattern = list[dict[str, Any]]


def _supported(token_spec: dict[str, Any]) -> bool:
    for key, value in token_spec.items():
        if key not in _KEYED:
            return False
        if isinstance(value, dict) and (len(value) != 1 or not set(value) <= _PREDICATES):
            return False
    return True


def _test(spec: dict[str, Any], values: Values) -> bool:
    """Whether one token of a pattern matches a token of these values (spaCy's semantics)."""
    for key, want in spec.items():
        have = values[_KEYED.index(key)]
        if not isinstance(want, dict):
            if have != want:
                return False
            continue
        ((op, arg),) = want.items()
        if op == "IN" and have not in arg:
            return False
        if op == "NOT_IN" and have in arg:
            return False
        if op == "REGEX" and not re.search(arg, str(have)):
            return False
    return True


class _Found:
    """What the ruler does to a token of one (tag, lower, dep, space) combination."""

    def __init__(self, single: tuple[int, ...], fills: frozenset[tuple[int, int]], ruler: Any):
        self.single = single  # one-token rules it matches, in rule order
        self.fills = fills  # (pattern number, position) of the longer patterns it can fill
        merged: dict[int, Any] = {}
        for rule in single:
            merged.update(ruler.attrs[rule])
        self.mask = np.array([a in merged for a in _ARRAY_IDS])
        self.values = np.array([merged.get(a, 0) for a in _ARRAY_IDS], np.uint64)
        self.other = {a: v for a, v in merged.items() if a not in _ARRAY_IDS}
        self.starts = any(pos == 0 for _, pos in fills)


class FastAttributeRuler:
    """spaCy's ``AttributeRuler`` of one pipeline, matched from a memo (module docstring)."""

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        self.vocab = ruler.vocab
        # (rule id, pattern): the ruler's rule ids order its application, as spaCy sorts them
        self.patterns: list[tuple[int, Pattern]] = [
            (i, p) for i, rule in enumerate(ruler.patterns) for p in rule["patterns"]
        ]
        self.attrs: list[dict[int, Any]] = ruler.attrs
        self.indices: list[int] = ruler.indices
        self._memo: dict[tuple[int, ...], _Found] = {}
        # Each pattern token's test, filed under the one tag it requires (most require one),
        # or under None: a new combination is tested only against its tag's and None's.
        self._by_tag: dict[str | None, list[tuple[int, int, dict[str, Any]]]] = {}
        for k, (_, pattern) in enumerate(self.patterns):
            for pos, spec in enumerate(pattern):
                tag = spec.get("TAG")
                key = tag if isinstance(tag, str) else None
                self._by_tag.setdefault(key, []).append((k, pos, spec))

    @staticmethod
    def supports(ruler: Any) -> bool:
        """Every pattern tests only the keyed attributes, and names a token inside itself."""
        return all(
            all(_supported(t) for t in p) and -len(p) <= rule["index"] < len(p)
            for rule in ruler.patterns
            for p in rule["patterns"]
        )

    def _look(self, key: tuple[int, ...]) -> _Found:
        strings = self.vocab.strings
        values: Values = (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))
        single, fills = set(), set()
        for k, pos, spec in self._by_tag.get(values[0], []) + self._by_tag.get(None, []):
            if _test(spec, values):
                rule, pattern = self.patterns[k]
                if len(pattern) == 1:
                    single.add(rule)
                else:
                    fills.add((k, pos))
        found = self._memo[key] = _Found(tuple(sorted(single)), frozenset(fills), self)
        return found

    def _longer(self, found: list[_Found], starts: Sequence[int]) -> list[tuple[int, int, int]]:
        """(rule, start, end) of the matches of patterns over several tokens."""
        out = []
        for i in starts:
            for k, pos in found[i].fills:
                rule, pattern = self.patterns[k]
                n = len(pattern)
                if pos == 0 and i + n <= len(found):
                    if all((k, j) in found[i + j].fills for j in range(1, n)):
                        out.append((rule, i, i + n))
        return out

    def _target(self, rule: int, start: int, end: int) -> int:
        index = self.indices[rule]
        return start + index if index >= 0 else end + index

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        uniq, inverse = np.unique(doc.to_array(_KEY_IDS), axis=0, return_inverse=True)
        kinds = [self._memo.get(k) or self._look(k) for k in map(tuple, uniq.tolist())]
        inverse = inverse.reshape(-1)
        mask = np.array([f.mask for f in kinds])[inverse]
        values = np.array([f.values for f in kinds])[inverse]
        original = doc.to_array(_ARRAY_IDS)
        arr = np.where(mask, values, original)
        found = [kinds[u] for u in inverse.tolist()]
        rest = {i: f.other for i, f in enumerate(found) if f.other}
        starts = [i for i, f in enumerate(found) if f.starts]
        if longer := self._longer(found, starts):
            self._apply_in_order(found, longer, original, arr, rest)
        doc.from_array(_ARRAY_IDS, cast(Any, arr))
        for i, other in rest.items():
            set_token_attrs(doc[i], other)
        return doc

    def _apply_in_order(
        self,
        found: list[_Found],
        longer: list[tuple[int, int, int]],
        original: np.ndarray,
        arr: np.ndarray,
        rest: dict[int, dict[int, Any]],
    ) -> None:
        """Redo a token some longer match reaches: every match on it, sorted as spaCy sorts;
        ``original``: the document's values before the ruler, ``arr``: those it writes."""
        reached: dict[int, list[tuple[int, int, int]]] = {}
        for match in longer:
            reached.setdefault(self._target(*match), []).append(match)
        for i, matches in reached.items():
            merged: dict[int, Any] = {}
            for rule, _, _ in sorted(matches + [(r, i, i + 1) for r in found[i].single]):
                merged.update(self.attrs[rule])
            arr[i] = [merged.get(a, original[i, c]) for c, a in enumerate(_ARRAY_IDS)]
            if other := {a: v for a, v in merged.items() if a not in _ARRAY_IDS}:
                rest[i] = other
            else:
                rest.pop(i, None)


class FastLemmatizer:
    """spaCy's rule ``Lemmatizer`` of one pipeline, its lemmas written from a memo."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self._memo: dict[tuple[int, int, int], int] = {}

    @staticmethod
    def supports(lemmatizer: Any) -> bool:
        return getattr(lemmatizer, "mode", None) == "rule"

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lem = self.lemmatizer
        if not lem._validated:
            lem._validate_tables()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = np.empty(len(rows), np.uint64)
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not lem.overwrite:
                lemmas[i] = lemma
                continue
            key = (orth, pos, morph)
            if (got := self._memo.get(key)) is None:
                got = self._memo[key] = strings.add(lem.lemmatize(doc[i])[0])
            lemmas[i] = got
        doc.from_array([LEMMA], cast(Any, lemmas))
        return doc


@Language.factory("storyline_fast_attribute_ruler")
def _make_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.get_pipe("attribute_ruler"))


@Language.factory("storyline_fast_lemmatizer")
def _make_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    return FastLemmatizer(nlp.get_pipe("lemmatizer"))


def use_fast_rules(nlp: Language, names: Sequence[str] = ("attribute_ruler", "lemmatizer")) -> None:
    """Put the memo components in place of spaCy's, under the same names, where they apply."""
    kinds: dict[str, Any] = {"attribute_ruler": FastAttributeRuler, "lemmatizer": FastLemmatizer}
    for name in names:
        if name not in nlp.pipe_names or not kinds[name].supports(nlp.get_pipe(name)):
            continue
        factory = f"storyline_fast_{name}"
        nlp.add_pipe(factory, name=f"{name}_fast", before=name)
        nlp.remove_pipe(name)
        nlp.rename_pipe(f"{name}_fast", name)
