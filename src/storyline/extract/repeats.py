"""Repeats of a tagged name that the model missed, within one article.

Split from ``names.py``, which finds the model's own mentions: the small model often tags
"Zelenskyy" in one sentence and calls it a common noun in the next, and tags no "LAPD" after
"the Los Angeles Police Department (LAPD)". ``propagate_names`` adds those mentions.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc, Span

from storyline.extract.acronyms import letters
from storyline.extract.names import (
    NAMED_LABELS,
    MentionInfo,
    normalise,
    pronoun_after,
    surname,
)
from storyline.extract.quotes import CUE_LEMMAS
from storyline.models import Article, Mention


def propagate_names(doc: Doc, article: Article, infos: list[MentionInfo]) -> list[MentionInfo]:
    """Add mentions of names the NER tagged once but missed elsewhere in the same article.

    The small model often tags "Zelenskyy" in one sentence and calls it a common noun in the
    next; a name is a name wherever it recurs, so every exact repeat of a tagged name's tokens
    (capitalised, outside the existing mentions) becomes a mention with that label, and so
    does the surname of a tagged person's full name written alone as a proper noun, and an
    acronym the article defines ("the Israel Defense Forces (IDF)", ``MentionInfo.defines``:
    the model tags none of "IDF", "LAPD" or "EIA") with its name's label.
    """
    covered = {c for inf in infos for c in range(inf.mention.start, inf.mention.end)}
    forms: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for inf in infos:
        if inf.mention.label not in NAMED_LABELS:
            continue
        words = tuple(
            t.text
            for t in doc.char_span(inf.mention.start, inf.mention.end, alignment_mode="expand")
            or []
        )
        if words and words[0][:1].isupper() and (words, inf.mention.label) not in forms[words[0]]:
            forms[words[0]].append((words, inf.mention.label))
    surnames = {
        surname(inf.tokens)
        for inf in infos
        if inf.mention.label == "PERSON" and len(inf.tokens) >= 2 and surname(inf.tokens).isalpha()
    }
    defined = {inf.defines: inf.mention.label for inf in infos if inf.defines}
    added: list[MentionInfo] = []
    for tok in doc:
        if tok.idx in covered:
            continue
        cands = list(forms.get(tok.text, ()))
        if tok.text.isupper() and (label := defined.get(letters(tok.text))) is not None:
            cands.insert(0, ((tok.text,), label))
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.lower_ in surnames:
            cands.insert(0, ((tok.text,), "PERSON"))  # "Schiff told ..." after "Adam Schiff"
        for words, label in cands:
            end = tok.i + len(words)
            if end <= len(doc) and tuple(t.text for t in doc[tok.i : end]) == words:
                span = Span(doc, tok.i, end, label=label)
                cs, ce = span.start_char, span.end_char
                if any(c in covered for c in range(cs, ce)):
                    break
                # a no-break space is a token of its own, and no word of the name
                toks = [t for t in (normalise(w) for w in words) if t]
                root = span.root
                speaks = root.dep_ == "nsubj" and root.head.lemma_ in CUE_LEMMAS
                m = Mention(article.id, cs, ce, article.text[cs:ce], label)
                it = pronoun_after(root)
                added.append(MentionInfo(m, toks, [], root.i, root.dep_, label, speaks, pronoun=it))
                covered.update(range(cs, ce))
                break
    out = infos + added
    out.sort(key=lambda i: i.mention.start)
    return out
