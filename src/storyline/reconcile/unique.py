"""Unique details: the claims one family alone carries that say something concrete.

A claim only one family (independent source) states is that outlet's unique detail when it
names an entity, a number or a day in enough words (``UNIQUE_MIN_WORDS``), unless it only
frames the exchange the story reports (``_framing``) or is a clause split off its sentence as
the sentence's setting (``_setting``), and unless another family states it after all: by
giving its telling counts (``_counted_elsewhere``), or by leading with the story's event it
leads with (``echoed``: ``omissions.LEAD_ECHO``). The places, people and counts one outlet
adds to a claim others share are ``details``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from storyline.models import Quantity
from storyline.reconcile.claims import Claim
from storyline.reconcile.shared_counts import gives_all, telling_counts
from storyline.reconcile.units import Unit, content_words

# A unique detail says something concrete: it names an entity, a number or a day, and is no
# shorter than this many content words (a bare "he said" clause is not a detail).
UNIQUE_MIN_WORDS = 5
# A sentence that places the exchange the story reports in time or context ("The spat comes at
# a delicate moment for ...", "The remarks came hours after ...", "The tense exchange
# happened during ..."): its subject is a noun of an exchange of words, its verb one of timing.
# With no number, day or quotation of its own it frames the story and adds no detail. The
# nouns are those of spoken words only: "the report found ...", "the exchange (of fire) killed
# ..." state content, and so does a sentence with a "that" clause ("The remarks followed
# reports that troops had captured ..."). On AllSides dev (722 articles, the three
# briefing-gold stories left out) two sentences match, both framing.
EXCHANGE_NOUNS = (
    "back-and-forth exchange remark comment row spat feud dispute claim accusation allegation "
    "statement"
).split()
_FRAMING = re.compile(
    r"^\W*(?:the|this|these|that|his|her|their|its)\s+(?:[\w-]+\s+)?"
    rf"(?:{'|'.join(re.escape(n) for n in EXCHANGE_NOUNS)})s?\s+(?:[\w’'-]+\s+){{0,6}}?"
    r"(?:comes?|came|follows?|followed|happened|occurred|took\s+place|marks?|marked)\b",
    re.I,
)
_THAT = re.compile(r"\bthat\b", re.I)


def _framing(u: Unit) -> bool:
    """A sentence that places the exchange in time (``_FRAMING``), with no number, day or
    quotation of its own."""
    if _THAT.search(u.text) or u.quantities or u.dates or u.quotes:
        return False
    return bool(_FRAMING.match(u.text))


#: Words that open a clause the aligner split off its sentence as the sentence's background:
#: when, why or despite what its own news happened ("... declared a state of emergency | after
#: the Champlain Towers South apartment building collapsed in Surfside."). Such a fragment,
#: in lower case, is the setting every outlet gives in its own words, not what this outlet
#: alone reports (a fact-checker's seventh trial: bare "after ..." lines, 19 of 61 unique
#: lines stated elsewhere; the judged AllSides dev lines: every such fragment false). A
#: contrast ("while S&P 500 futures edged up 0.3%") states a fact of its own and stays.
SETTING_WORDS = frozenset(
    "after as when since before because although though amid following until once".split()
)


def _setting(u: Unit) -> bool:
    """The unit is a lower-case clause of ``SETTING_WORDS`` split off its sentence."""
    first = u.text.lstrip(" \"'“‘(")
    word = first.split(maxsplit=1)[0] if first else ""
    return first[:1].islower() and word.rstrip(",") in SETTING_WORDS


def _detail(c: Claim) -> bool:
    u = c.rep
    if _framing(u) or _setting(u):
        return False
    concrete = bool(u.entities or u.quantities or u.dates)
    return concrete and len(content_words(u.text)) >= UNIQUE_MIN_WORDS


def _counted_elsewhere(
    c: Claim, others: Sequence[str], stated: Mapping[str, Sequence[Quantity]]
) -> bool:
    """Does an article of another family (``others``) give every telling count of a
    one-family claim (``shared_counts``)?"""
    counts = telling_counts(c.units)
    return any(gives_all(counts, stated.get(a, ())) for a in others)


def unique_details(
    claims: Sequence[Claim],
    article_ids: Sequence[str],
    n_families: int,
    stated: Mapping[str, Sequence[Quantity]],
    echoed: Callable[[str, Claim], bool] | None = None,
) -> dict[str, list[str]]:
    """Claims only one family carries that say something concrete (``_detail``), per article:
    its unique details, unless an article of another family gives their telling counts, or
    (``echoed(article, claim)``) that article's headline or lead states the claim's lead in
    its own words (``omissions.LEAD_ECHO``, the rule that spares it the omission): the
    story's event, which every outlet leads with in other words (a random sample of the
    AllSides dev run's unique lines judged false: another outlet's headline states it)."""
    out: dict[str, list[str]] = {a: [] for a in article_ids}
    for c in claims:
        if len(c.families) == 1 and n_families > 1 and _detail(c):
            others = [a for a in article_ids if c.family_of.get(a, a) not in c.families]
            if _counted_elsewhere(c, others, stated) or (
                echoed and any(echoed(a, c) for a in others)
            ):
                continue
            for aid in c.article_ids:
                out[aid].append(c.id)
    return out
