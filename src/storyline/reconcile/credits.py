"""Sources that credit another source of their claim: not independent of it.

Two outlets that run one agency's text are one family (``storyline.families``); an outlet
whose sentence says where it got the fact ("senior aide Jason Miller told CNBC", "according
to The Wall Street Journal") is no more independent of that outlet when the outlet is one of
the claim's own sources (a new user's trial: National Review's sentence crediting CNBC and
CNBC's own counted as two independent sources). Such a family still states the claim; it
does not corroborate it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from storyline.reconcile.claims import Claim

#: Words that credit an outlet with what a sentence reports, before its name ...
_BEFORE = (
    r"(?:told|according\s+to(?:\s+an?\s+(?:\w+\s+)?(?:report|story|article|analysis)\s+(?:in|by))?"
    r"|(?:first\s+)?reported\s+(?:by|in)|obtained\s+by|citing|in\s+an\s+interview\s+with)"
)
#: ... or after it.
_AFTER = r"(?:(?:first\s+)?reported|reports|has\s+reported|was\s+first\s+to\s+report)"
#: What an outlet's listed name may carry that its articles do not write: a section in
#: brackets ("New York Times (News)"). A leading "The" ("The Hill") is written before the
#: name in the text too, in either case ("according to the Hill").
_SECTION = re.compile(r"\s*\([^)]*\)\s*$")
_ARTICLE = re.compile(r"^the\s+", re.I)


def _name(outlet: str) -> str:
    return _SECTION.sub("", outlet).strip()


def own_name(outlet: str | None, name: str) -> bool:
    """Whether ``name`` (a mention's text) is the outlet ``outlet`` as listed, its section and
    a leading "The" aside, in any case: "Fox News" in Fox News (Online News)'s article."""

    def bare(s: str) -> str:
        return " ".join(_ARTICLE.sub("", s.strip()).lower().split())

    return bool(outlet) and bare(_name(outlet or "")) == bare(name) != ""


def _credit_pattern(name: str) -> re.Pattern[str]:
    """A sentence that credits the outlet ``name`` (as listed, "The Hill", "CNBC"): a cue
    before or after it. The name is matched as written, capitals and its "The" included, and
    whole: not the start of a longer name ("told Vice President ..." credits no "Vice"),
    not a common word ("citing time constraints", "according to independent monitors"), not
    a person ("Fiona Hill reported"). Cues are read in any case."""
    bare = _ARTICLE.sub("", name)
    the = r"(?i:the)\s+" if bare != name else r"(?:(?i:the)\s+)?"
    named = the + re.escape(bare).replace(r"\ ", r"\s+") + r"(?!\w)(?!\s+[A-Z])"
    return re.compile(rf"(?i:\b{_BEFORE})\s+{named}|{named}(?:'s|’s)?\s+(?i:{_AFTER}\b)")


def credited_families(claims: Sequence[Claim], outlets: Mapping[str, str | None]) -> None:
    """Set each claim's ``credited``: the families of which a sentence in it credits the
    outlet of another family of the claim (``_credit_pattern``). One sentence is enough: the
    family's other sentences of the claim go on from what it credits (Newsmax's "... over 8%
    ..., according to a report in The New York Times" and then "That means more than 5
    million people ..." of the Times's count; a fact-checker's fifth trial), and an outlet
    that names its source is not the source's second witness."""
    patterns = {
        aid: _credit_pattern(name)
        for aid, outlet in outlets.items()
        if outlet and len(_ARTICLE.sub("", name := _name(outlet))) >= 2
    }
    names = {aid: _name(outlet or "").lower() for aid, outlet in outlets.items()}
    for c in claims:
        if len(c.families) < 2:
            continue
        by_family: dict[str, list[bool]] = {}
        for u in c.units:
            fam = c.family_of[u.article_id]
            if fam not in c.families:
                continue
            own = names.get(u.article_id, "")
            others = {
                a
                for a in c.article_ids
                if c.family_of[a] != fam
                and c.family_of[a] in c.families
                and a in patterns
                and names[a] != own
            }
            by_family.setdefault(fam, []).append(any(patterns[a].search(u.text) for a in others))
        # sources that all credit one another rest on one of them (``Claim.independent``)
        c.credited = {f for f, marks in by_family.items() if any(marks)}
