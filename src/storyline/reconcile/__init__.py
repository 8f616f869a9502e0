"""Stage 6: reconcile a story's articles into a briefing (see ``briefing.build_briefing``).

Claims aligned across sources with their independent-source counts, conflicts (number, date,
quote, attribution, headline), quote renderings, unique details and omissions, a timeline,
framing and an extractive summary; the JSON follows ``schema/briefing.schema.json``.
"""

from storyline.briefing import SCHEMA_VERSION
from storyline.reconcile.align import load_embedder
from storyline.reconcile.briefing import build_briefing
from storyline.reconcile.schema import BriefingError, all_spans, validate_briefing

__all__ = [
    "SCHEMA_VERSION",
    "BriefingError",
    "all_spans",
    "build_briefing",
    "load_embedder",
    "validate_briefing",
]
