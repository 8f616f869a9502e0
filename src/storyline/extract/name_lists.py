"""Names joined by "and" as the subject of a reporting verb: all of them speak.

"Bill and Melinda Gates said", "Chuck Schumer, Nancy Pelosi and Joe Biden said": the parse
hangs the second name from the first (and the third from the second), so the first alone was
taken for the speaker ("Bill", a new user's AllSides trial). ``listed_names`` gives the list's
first and last words, for the speaker span as written.
"""

from __future__ import annotations

from spacy.tokens import Token

# What hangs from a name without being part of it: "Pence, his running mate," or "Gates, who".
_NOT_NAME_DEPS = frozenset({"appos", "relcl", "acl", "advcl", "punct", "cc", "conj"})


def _listed(tok: Token) -> bool:
    """Whether ``tok`` is a next name of a list hung from the one before it: a conjunct, or
    an apposition that a conjunct follows ("Chuck Schumer, Nancy Pelosi and Joe Biden": the
    small model hangs "Pelosi" from "Schumer" as an apposition, "Biden" from "Pelosi")."""
    if tok.pos_ != "PROPN":
        return False
    if tok.dep_ == "conj":
        return True
    return tok.dep_ == "appos" and any(c.dep_ == "conj" and c.pos_ == "PROPN" for c in tok.children)


def _name_words(name: Token) -> list[Token]:
    """The words of a name's phrase: its own and what its words govern, apart from what
    hangs from it without being part of it (``_NOT_NAME_DEPS``): "Centers for Disease Control
    and Prevention" whole, "Pence" without ", his running mate"."""
    out = [name]
    for c in name.children:
        if c.dep_ not in _NOT_NAME_DEPS:
            out += list(c.subtree)
    return out


def listed_names(subj: Token) -> tuple[Token, Token] | None:
    """The first and last words of the names joined by "and" (or "&") that ``subj`` begins,
    its determiner aside; None when ``subj`` is no name or begins no such list."""
    if subj.pos_ != "PROPN":
        return None
    chain, tok = [subj], subj
    while names := [c for c in tok.children if _listed(c)]:
        tok = names[-1]
        chain.append(tok)
    if len(chain) < 2 or not any(c.dep_ == "cc" for t in chain for c in t.children):
        return None
    first = min((t for t in subj.subtree if t.i <= subj.i), key=lambda t: t.i)
    while first.dep_ in ("det", "punct") and first.i < subj.i:
        first = subj.doc[first.i + 1]
    return first, max(_name_words(chain[-1]), key=lambda t: t.i)
