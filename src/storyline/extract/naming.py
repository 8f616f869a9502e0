"""How a group of mentions that ``storyline.extract.entities`` joined is named: the most
complete form of an institution or place, with its country in front where its mentions write
one, and a person's full name as outlets most write it."""

from __future__ import annotations

from collections import Counter

from storyline.extract.institutions import country_key, same_country
from storyline.extract.names import MentionInfo, display_name

# The fewest words a shorter form must keep to name an institution in place of a longer one
# (``named_forms``): one word alone ("House", "Court", "Department") names many, unless an
# article writes it alone inside a sentence.
MIN_NAME_WORDS = 2


def with_country(name: str, countries: list[str]) -> str:
    """An institution's name with the country its mentions write before it ("Chinese" +
    "Foreign Ministry"), a demonym rather than a possessive; unchanged when none is written
    or the name already begins with it."""
    written = Counter(c for c in countries if c)
    if not written:
        return name
    plain = [c for c in written if not c.endswith(("s", "'", "’"))] or list(written)
    country = max(plain, key=lambda c: (written[c], c))
    first = name.split()[0].lower() if name.split() else ""
    if same_country(country_key(country), country_key(first)):
        return name
    return f"{country} {name}"


def complete_form(form: str, forms: Counter[str]) -> tuple[int, int, int, str]:
    """The most complete form first ("United States", not "US"), then the most written."""
    return (len(form.split()), forms[form], len(form), form)


def person_form(form: str, forms: Counter[str]) -> tuple[bool, bool, int, int, int, str]:
    """A person's full name as outlets most write it ("Chuck Schumer", written by eight,
    not "Charles E. Schumer", by one), never a surname alone nor the end of a longer name
    ("De Blasio" of "Bill de Blasio"); the most complete first among names written equally
    often."""
    end = " " + form.lower()
    tail = any(o.lower().endswith(end) for o in forms)
    return (len(form.split()) > 1, not tail, forms[form], len(form.split()), len(form), form)


def named_forms(forms: Counter[str], members: list[MentionInfo]) -> list[str]:
    """The forms that may name an institution or place: not one that is another form of it
    with a word in front written only where a sentence opens ("Top Justice Department"
    beside "Justice Department"): that word's capital is the position's, so the form is not
    the more complete name. The other form must be of ``MIN_NAME_WORDS`` or more, or written
    alone inside a sentence by some article ("Pfizer" beside "Drugmaker Pfizer"). A real
    name's first word at a sentence start goes too when no article writes the name inside a
    sentence ("House Homeland Security Committee chairman ..." beside "the Homeland Security
    Committee"): the shorter name, still the body's own."""
    opening = set(forms)
    for info in members:
        if not info.opens:
            opening.discard(display_name(info.mention.text))

    def rest(form: str) -> str:
        return form.split(" ", 1)[1] if " " in form else ""

    def names_it(shorter: str) -> bool:
        # one word alone ("House", "Court") names many bodies
        return len(shorter.split()) >= MIN_NAME_WORDS or shorter not in opening

    out = [f for f in forms if not (f in opening and rest(f) in forms and names_it(rest(f)))]
    return out or list(forms)
