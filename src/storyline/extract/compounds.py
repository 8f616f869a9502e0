"""Names the model reads as one that are none, or two: a code of letters and digits ("COVID-19",
"SARS-CoV-2", "F-35": a disease, a virus, a model of aircraft, tagged an organisation by the
small model in 31 stories of the AllSides dev run), and two places joined by a hyphen ("the
U.S.-Mexico border", "U.S.-Canada relations": the pair's two countries, listed as one
organisation or country).
"""

from __future__ import annotations

import re
from dataclasses import replace

from storyline.extract.known import alias_key, alias_table
from storyline.extract.names import NAMED_LABELS, MentionInfo, name_tokens
from storyline.models import Mention

# A code: a word of two letters or more, maybe more hyphened words, then a hyphen and digits.
# One letter ("G-7", "I-95") is a group's or a road's name; two or more name a thing made
# or caught ("COVID-19", "MiG-29", "H5N1" has no hyphen and stays).
_CODE = re.compile(r"[A-Za-z]{2,}(?:-[A-Za-z]+)*-\d+")
# The hyphen or dash between the two places of a pair, after a country's name ("U.S.-").
_PAIR = re.compile(r"(?<=[.\w])[-–](?=[A-Z])")


def split_compounds(infos: list[MentionInfo]) -> list[MentionInfo]:
    """``infos`` without codes (a name that ends on one, "Moderna COVID-19", loses it), and
    with each pair of places as its two places."""
    out: list[MentionInfo] = []
    for inf in infos:
        m = inf.mention
        if m.label not in NAMED_LABELS:
            out.append(inf)
        elif (cut := _without_code(m.text)) is not None:
            if cut:
                out.append(_part(inf, 0, len(cut), m.label))
        else:
            out += _places(inf)
    return out


def _without_code(text: str) -> str | None:
    """The name with its last word cut where that word is a code ("" when the name is one);
    None when it holds none."""
    head, _, last = text.rpartition(" ")
    return head.rstrip() if _CODE.fullmatch(last) else None


def _places(inf: MentionInfo) -> list[MentionInfo]:
    """A name of two hyphened parts, the first a country by the alias table, as its two places
    ("U.S.-Mexico": the United States and Mexico); any other name as it is ("Díaz-Canel")."""
    text = inf.mention.text
    parts = _PAIR.split(text)
    known = alias_table().get(alias_key(parts[0]))
    if len(parts) != 2 or known is None or known[1] != "GPE":
        return [inf]
    cut = len(parts[0])
    return [_part(inf, 0, cut, "GPE"), _part(inf, cut + 1, len(text), "GPE")]


def _part(inf: MentionInfo, start: int, end: int, label: str) -> MentionInfo:
    """The mention's characters ``[start, end)`` as a mention of its own."""
    m = inf.mention
    text = m.text[start:end]
    part = Mention(m.article_id, m.start + start, m.start + end, text, label)
    whole = (start, end) == (0, len(m.text))
    return replace(
        inf,
        mention=part,
        tokens=name_tokens(text, label),
        spacy_label=inf.spacy_label if whole or label == m.label else label,
        speaks=inf.speaks and end == len(m.text),
    )
