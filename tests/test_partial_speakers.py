"""A partial quote whose speaker is named in its sentence gets that speaker (#15).

AllSides dev, none of the briefing gold stories: "Stefanik said she's “...” ..., and vowed to
“...”" left the vowed words without a speaker (the second verb borrowed its subject from the
verb the whole sentence is reported by, "Fox News is told"), and "Justice Elena Kagan,
writing for the court, said the decision was “...”" left the ruling's words without one (the
parse hangs the name on the participle set off before "said"). ``extract.subjects``.
"""

from __future__ import annotations

import pytest

from allsides_pick import pick_allsides
from storyline.clean import clean
from storyline.extract import extract_articles
from storyline.ingest import read_paths
from storyline.models import Quote
from storyline.nlp import load_nlp

PICKED = (
    "foxnews.com/politics/elise-stefanik-elected-replace-liz-cheney",
    "thehill.com/regulation/court-battles/557153-supreme-court-rules-against-permanent",
)


@pytest.fixture(scope="module")
def quotes(tmp_path_factory: pytest.TempPathFactory) -> list[Quote]:
    path = pick_allsides(tmp_path_factory.mktemp("partials"), PICKED)
    articles = [clean(a) for a in read_paths([path])]
    return [q for ex in extract_articles(articles, load_nlp()).extractions for q in ex.quotes]


def _the(quotes: list[Quote], kind: str, text: str) -> Quote:
    [q] = [q for q in quotes if q.kind == kind and q.text == text]
    return q


def test_a_second_verb_of_saying_shares_the_first_ones_speaker(quotes: list[Quote]) -> None:
    q = _the(quotes, "partial", "save our country")
    assert (q.speaker_name, q.cue) == ("Elise Stefanik", "vow")
    # the words she was quoted with before "vowed" keep her too
    assert _the(quotes, "partial", "truly honored and humbled").speaker_name == "Elise Stefanik"


def test_a_name_set_off_by_a_participle_is_the_verbs_speaker(quotes: list[Quote]) -> None:
    q = _the(quotes, "partial", "a straightforward application")
    assert (q.speaker_name, q.cue) == ("Elena Kagan", "say")
    held = [r for r in quotes if r.kind == "reported" and r.start <= q.start < r.end]
    assert held and all(r.speaker_name == "Elena Kagan" for r in held)
