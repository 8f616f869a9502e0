"""Entity mentions as names: spans trimmed to the bare name, with the roles around them.

spaCy gives labelled spans; a name keeps none of what the small model often puts in them: a
title ("President", kept as the mention's role), a possessive, a leading "the", punctuation,
a verb ("Hillary Asking Moderator" is Hillary), or, in a headline-style line or at a sentence
start, a word the article writes in lower case elsewhere ("Clinton Plan", "Standard
Clinton"). ``repeats.propagate_names`` adds the repeats of a tagged name the model missed. Grouping
mentions into entities is ``entities.py``'s part.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from storyline.extract.acronyms import defined_after
from storyline.extract.institutions import INSTITUTION_LABELS, country_before
from storyline.extract.not_names import no_name, written_words
from storyline.extract.quotes import CUE_LEMMAS
from storyline.models import Article, Mention

# Penn tags of plural nouns: a person's role is singular, whatever the parse hangs on the name
# ("Fauci in the pandemic's early months", "... cyberattacks, Biden said").
PLURAL_TAGS = frozenset({"NNS", "NNPS"})

# Labels that name something with an identity worth canonicalising.
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Labels kept as mentions (later stages read them) but with no canonical identity.
VALUE_LABELS = frozenset({"DATE", "MONEY", "CARDINAL", "PERCENT", "QUANTITY"})

# Words that precede a name but are not part of it: honorifics, offices, roles. Kept as the
# mention's *role* so "the spokesman said" can find "spokesman Lin Jian".
TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady president
    vice prime minister premier chancellor secretary spokesman spokeswoman spokesperson
    gen gen. general col col. lt lt. capt capt. adm adm. sgt sgt. sen sen. senator rep rep.
    representative gov gov. governor mayor king queen prince princess pope rev rev.
    reverend judge justice ambassador envoy chair chairman chairwoman chief commander
    foreign defence defense deputy former acting leader st st. saint""".split()
)
# Titles that say nothing of an office ("Mr. Obama" may be any Obama).
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady"})
DETERMINERS = frozenset({"the", "a", "an"})
# Generational suffixes, written after the surname ("Joseph R. Biden Jr."): never the surname
# a person is keyed and referred to by ("Biden said").
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_POSSESSIVES = ("'s", "’s", "'", "’")
# Tags of a lower-case word before a name that describes it rather than belonging to it: an
# adjective, a participle ("de Blasio"'s "de" is none of them).
_DESCRIBING_TAGS = frozenset({"JJ", "JJR", "JJS", "VBN", "VBG"})
#: Labels of names that an adjective alone never is (``_describes``).
_NAMED_BY_NOUNS = frozenset({"PERSON", "ORG", "FAC"})
# Dashes that set a clause apart ("Joe Manchin — America's ..."): a name never runs across
# one (a hyphen inside a name, "Levine-Cava", is another token and stays).
_DASHES = frozenset({"—", "–", "--", "―"})

# A line is headline-style when at least this share of its words of four letters or more
# start with a capital (running prose stays under half; seed and PolNeAR headlines are 0.8+),
# counted over at least three such words.
TITLE_CASE_SHARE = 0.7
TITLE_CASE_MIN_LETTERS = 4
TITLE_CASE_MIN_WORDS = 3


@dataclass(slots=True)
class MentionInfo:
    """A mention with what canonicalisation needs: its normalised tokens and roles."""

    mention: Mention
    tokens: list[str]  # normalised name tokens (lowercase, accents stripped)
    roles: list[str] = field(default_factory=list)  # role lemmas ("spokesman", "president")
    token_i: int = -1  # doc index of the name's syntactic root (for subject checks)
    dep: str = ""  # dependency of that token ("nsubj" marks a subject mention)
    spacy_label: str = ""  # the model's own label, kept for type voting
    speaks: bool = False  # subject of a reporting verb ("Zelenskyy said"): a speaker
    country: str = ""  # an institution's country as written before it ("Chinese", "China's")
    # The name's first word opens its sentence, where a capital is the position's ("Top
    # Justice Department officials ..."), not evidence of a name.
    opens: bool = False
    # The writer's pronoun for the name as a subject (``pronoun_after``): "it" ("Pfizer said
    # its ..."), "person" ("he", "her", ...), or "" when its sentence gives none.
    pronoun: str = ""
    # The acronym the article defines in brackets after the name ("... Department (LAPD)",
    # ``acronyms.defined_after``), lower case; "" when none.
    defines: str = ""


def suffix(tokens: list[str]) -> str:
    """The generational suffix a person's normalised name tokens end in ("jr."), set aside
    only when a given name and a surname remain ("trump jr." and "charles iii" keep theirs
    as their last word: read as one word, they would join every Trump and every Charles)."""
    return tokens[-1] if len(tokens) > 2 and tokens[-1] in SUFFIXES else ""


def name_parts(tokens: list[str]) -> tuple[list[str], str]:
    """A person's normalised name tokens as (given names, surname), a generational suffix
    set aside (``suffix``): "joseph r. biden jr." is (["joseph", "r."], "biden")."""
    core = tokens[:-1] if suffix(tokens) else tokens
    return core[:-1], core[-1] if core else ""


def surname(tokens: list[str]) -> str:
    """The surname of a person's normalised name tokens (``name_parts``)."""
    return name_parts(tokens)[1]


def display_name(text: str) -> str:
    """A name as a reader sees it: its words apart by one plain space, whatever blanks the
    source put between them (a no-break space: "Newt\xa0Gingrich" is "Newt Gingrich"). The
    mention keeps the exact span; only the canonical name and its aliases read this way.
    Square brackets are an editor's, not the name's: a quote's "[Vladimir] Putin" (the model's
    span: "Vladimir] Putin") is "Vladimir Putin"."""
    return " ".join(text.replace("[", " ").replace("]", " ").split())


def normalise(text: str) -> str:
    """Lowercase, strip accents and punctuation at the edges: the key names are compared on."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().strip(" .,'’\"“”-")


def _trim(span: Span, common: set[str]) -> tuple[int, int, list[str]]:
    """Token bounds of the bare name inside ``span`` and the title words removed from it."""
    start, end = span.start, span.end
    doc = span.doc
    removed: list[str] = []
    while start < end:
        tok = doc[start]
        unnamed = tok.lower_ in DETERMINERS or _opens_no_name(tok)
        title = span.label_ == "PERSON" and tok.lower_ in TITLES
        if not (tok.is_punct or tok.is_space or unnamed or title):
            break
        if tok.is_alpha and not unnamed:
            removed.append(tok.lemma_.lower().rstrip("."))
        start += 1
    # A name ends at a dash, and at a line break: the model's span of a headline's last word
    # ran on over the byline and dateline below it ("Facebook\n\nBy CNN\n\nJuly 15, 2021");
    # and at an opening bracket: "Commission on Presidential Debates (CPD" is the model's
    # span of a name and the first half of its acronym in brackets.
    end = next((i for i in range(start, end) if _ends_name(doc[i])), end)
    # A name never ends in a possessive, punctuation, a conjunction or a preposition: the
    # model's span of "Facebook's and Instagram's suspension" is "Facebook's and", whose name
    # is "Facebook"; its "University of North Carolina at Chapel Hill" stopped at "at".
    while end > start and (
        doc[end - 1].text in _POSSESSIVES
        or doc[end - 1].is_punct
        or doc[end - 1].pos_ in ("CCONJ", "ADP")
    ):
        end -= 1
    if span.label_ == "PERSON" and end - start > 1:
        start, end = _name_words(doc, start, end, common)
    return start, end, removed


def _opens_no_name(tok: Token) -> bool:
    """A token the model's span may open with that is no part of the name: a possessive's
    clitic ("’s Snapchat F-bombs" of "a freshman’s Snapchat F-bombs"), a possessive pronoun
    ("their Republican Party") or a word in lower case that describes a capitalised name
    ("respected 9/11 Commission")."""
    if tok.text in _POSSESSIVES or (tok.tag_ == "PRP$" and tok.is_lower):
        return True
    # a word of its own ("anti-American", "pro-Trump" are words, "5th Circuit" a court's
    # name) before a name that is capitalised: an institution written in lower case keeps
    # its words ("the Chinese foreign ministry")
    word = tok.is_alpha and bool(tok.whitespace_) and tok.is_lower
    follows = tok.i + 1 < len(tok.doc) and not tok.nbor(1).is_lower
    return word and follows and tok.tag_ in _DESCRIBING_TAGS


def _describes(tok: Token) -> bool:
    """An adjective on a common noun written in lower case ("Untrained citizens", opening a
    sentence, was an organisation): no person's or body's name; a nationality or a place
    ("Chinese citizens", "Caribbean nations") still names a group or a place."""
    return (
        tok.tag_ in ("JJ", "JJR", "JJS")
        and tok.dep_ == "amod"
        and tok.head.pos_ == "NOUN"
        and tok.head.is_lower
    )


def _ends_name(tok: Token) -> bool:
    """A token a name stops before: a dash, a line break, an opening bracket."""
    return tok.text in _DASHES or tok.text == "(" or _breaks(tok)


def _breaks(tok: Token) -> bool:
    """A line break: a whitespace token with a newline in it."""
    return tok.is_space and "\n" in tok.text


def _title_case(sent: Span) -> bool:
    """A headline-style line ("Clinton Breaks With Obama On ..."), where capitals say nothing
    about what is a name."""
    words = [t for t in sent if t.is_alpha and len(t) >= TITLE_CASE_MIN_LETTERS]
    if len(words) < TITLE_CASE_MIN_WORDS:
        return False
    return sum(t.text[0].isupper() for t in words) >= TITLE_CASE_SHARE * len(words)


def common_words(doc: Doc) -> set[str]:
    """Words the article writes in lower case ("plan", "asking") and never inside a person's
    name in running text: a capital on one of them at a sentence start or in a headline is
    the position's, not a name's."""
    lower = {t.lower_ for t in doc if t.is_lower and t.is_alpha}
    names = {
        t.lower_
        for ent in doc.ents
        if ent.label_ == "PERSON" and not _title_case(ent.sent)
        for t in ent
        if t.i != ent.sent.start
    }
    return lower - names


# Pronouns a writer uses of a thing, and of a person, after naming it as a subject.
_IT_WORDS = frozenset({"its", "itself"})
_PERSON_WORDS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})


def pronoun_after(root: Token) -> str:
    """The kind of the first third-person singular pronoun after a subject name in its
    sentence, the one that most likely points back to it: "it" ("Pfizer said Tuesday its
    vaccine ..."), "person" ("Biden said his ..."), or "" (not a subject, or none)."""
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return ""
    for tok in root.doc[root.i + 1 : root.sent.end]:
        if tok.lower_ in _IT_WORDS:
            return "it"
        if tok.lower_ in _PERSON_WORDS:
            return "person"
    return ""


def _opens(tok: Token) -> bool:
    """The token is the first word of its sentence, after punctuation only (a quotation
    mark). Not a headline-style line's other words: a sentence of names reads as one."""
    return all(t.is_punct or t.is_space for t in tok.doc[tok.sent.start : tok.i])


def _name_words(doc: Doc, start: int, end: int, common: set[str]) -> tuple[int, int]:
    """The bare name inside a person span: no verb ("Hillary Asking Moderator"), and in a
    headline or at a sentence start no word the article writes in lower case ("Clinton Plan",
    "Standard Clinton"). The first run of name words is kept."""

    def loose(t: Token) -> bool:
        return t.i == t.sent.start or _title_case(t.sent)

    def name_word(t: Token) -> bool:
        if t.pos_ in ("VERB", "AUX"):
            return False
        return not (t.lower_ in common and loose(t))

    while start < end and not name_word(doc[start]):
        start += 1
    stop = start
    while stop < end and name_word(doc[stop]):
        stop += 1
    return start, stop


def is_role_noun(t: Token) -> bool:
    """A common noun in the singular: one person's role ("spokesman", not "months" or
    "cyberattacks", which the parse can also hang on a name)."""
    return t.pos_ == "NOUN" and t.tag_ not in PLURAL_TAGS


def _left_roles(doc: Doc, start: int, end: int) -> list[str]:
    """Role nouns attached to the name: "spokesman Lin Jian", "a spokesman ..., Lin Jian"."""
    root = doc[start:end].root
    roles: list[str] = []
    for child in root.children:
        if child.i < start and child.dep_ in ("compound", "nmod", "amod") and is_role_noun(child):
            roles.append(child.lemma_.lower())
        if child.dep_ == "appos" and is_role_noun(child):
            roles.append(child.lemma_.lower())
    if root.dep_ == "appos" and is_role_noun(root.head):
        roles.append(root.head.lemma_.lower())
    # A title spaCy left outside the entity: "President" + "Volodymyr Zelensky"; read from the
    # name leftwards, kept in the text's order ("vice president", not "president vice").
    j, titles = start - 1, []
    while j >= 0 and doc[j].lower_ in TITLES:
        titles.append(doc[j].lemma_.lower().rstrip("."))
        j -= 1
    return roles + titles[::-1]


def _modifier(span: Span) -> bool:
    """The name modifies a noun after it ("The Biden administration"): "The" is the noun's."""
    return span.root.dep_ in ("compound", "amod", "nmod") and span.root.head.i >= span.end


# A lone word of two capitals ("ET", "SE") the model tags PERSON: a time zone or a company's
# legal form, never a name as news writes one (a new user's AllSides run listed both as people).
_CAPS_PAIR = re.compile(r"[A-Z]{2}")


# Names written with a capital: all but an institution's.
_CAPITALISED = NAMED_LABELS - {"ORG"}


def name_tokens(surface: str, label: str) -> list[str]:
    """A name's normalised tokens, hyphened parts apart; a person's initials left out."""
    toks = [normalise(t) for t in surface.replace("-", " - ").split()]
    toks = [t for t in toks if t and t != "-"]
    if label == "PERSON":
        toks = [t for t in toks if len(t) > 1 or not t.isalpha()] or toks
    return toks


def find_mentions(doc: Doc, article: Article) -> list[MentionInfo]:
    """Every entity mention of ``doc`` as a span of ``article.text``, trimmed to the name."""
    out: list[MentionInfo] = []
    text = article.text
    common = common_words(doc)
    words = written_words(doc)
    for ent in doc.ents:
        label = ent.label_
        if label not in NAMED_LABELS and label not in VALUE_LABELS:
            continue
        roles: list[str]  # title words removed from the name, and role nouns attached to it
        if label in VALUE_LABELS:
            s, e, roles = ent.start, ent.end, []
        else:
            s, e, roles = _trim(ent, common)
            if s >= e:
                continue
            roles += _left_roles(doc, s, e)
        if label == "PERSON" and s > 0 and doc[s - 1].text == "The" and not _modifier(doc[s:e]):
            label = "ORG"  # "an interview with The Hill": a person is not "The" anyone
        if label == "PERSON" and e - s == 1 and _CAPS_PAIR.fullmatch(doc[s].text):
            continue  # "1:30 a.m. ET", "BioNTech SE": two capitals are nobody's name
        if label == "PERSON" and e - s == 1 and doc[s].lower_ in words:
            continue  # "COVID-19 Vaccine", where the article writes "vaccine": a noun
        if e - s == 1 and label in _NAMED_BY_NOUNS and _describes(doc[s]):
            continue  # "Untrained citizens are trying ...": an adjective, capital or not
        cs, ce = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        # Possessive glued to the token ("Zelenskyy's" as one token in some texts).
        for p in ("'s", "’s"):
            if text[cs:ce].endswith(p) and ce - cs > len(p):
                ce -= len(p)
        surface = text[cs:ce]
        if label in NAMED_LABELS and no_name(doc, s, e, surface):
            continue
        if label in _CAPITALISED and not any(c.isupper() for c in surface):
            # a name is written with a capital: "barbaric", "marijuana" are no one, "world
            # democratic leaders" no party, "conservatives" no nation, "n’t" no place (an
            # institution may be written lower-case: "Chinese foreign ministry spokesman")
            continue
        m = Mention(article.id, cs, ce, surface, label)
        toks = name_tokens(surface, label)
        root = doc[s:e].root
        speaks = root.dep_ == "nsubj" and root.head.lemma_ in CUE_LEMMAS
        country = country_before(doc, s) if label in INSTITUTION_LABELS else ""
        out.append(
            MentionInfo(
                m,
                toks,
                roles,
                root.i,
                root.dep_,
                label,
                speaks,
                country,
                _opens(doc[s]),
                pronoun_after(root),
                defined_after(text, ce, toks) if label in INSTITUTION_LABELS else "",
            )
        )
    return out
