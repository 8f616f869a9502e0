"""A person written before the body they work at is who speaks, and their words end before
their name.

CNN (AllSides dev, Kaseya ransomware): "The offer of a universal tool reflects ... to
negotiate with, researcher Allan Liska at cybersecurity firm Recorded Future said." The parse
made the firm the subject of "said" and ran the reported words on over "researcher Allan Liska
at": the card read Recorded Future, its words ending "Allan Liska at" (a new user's second
trial).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from allsides_pick import ALLSIDES, pick_allsides

pytestmark = pytest.mark.skipif(not ALLSIDES.exists(), reason="AllSides data missing")


def test_the_researcher_speaks_not_the_firm(tmp_path: Path) -> None:
    from storyline.extract import extract_articles
    from storyline.ingest import read_paths
    from storyline.models import Article

    src = pick_allsides(tmp_path, ["cnn.com/2021/07/05/business/ransomware-group-payment-kaseya"])
    (article,) = [a for a in read_paths([src]) if isinstance(a, Article)]
    res = extract_articles([article])
    (ex,) = res.extractions
    names = {e.id: e.name for e in res.entities}
    (offer,) = [q for q in ex.quotes if q.text.startswith("The offer of a universal tool")]
    assert names[offer.speaker_entity or ""] == "Allan Liska"
    assert offer.text.endswith("to negotiate with")
    assert article.text[offer.start : offer.end] == offer.text
