"""Turn the ECB+ corpus's token XML back into plain ``Article`` objects.

ECB+ ships each news article as one ``<token t_id sentence number>`` element per token. The
benchmarks need the articles as storyline would read them, so this loader rebuilds readable
text: one sentence per line, tokens joined with the spacing English punctuation takes, PTB
quote marks turned back into curly quotes, and a tokenised URL line glued back together.
Nothing else is added: ECB+ records no title or publication date, so those stay ``None`` and
only what the text itself says (a dateline, a year) can date an article.

Gold labels come from the file names: ``<topic>_<doc>ecb.xml`` and ``<topic>_<doc>ecbplus.xml``
are the two events of one topic, so the gold story is ``"<topic>/ecb"`` or ``"<topic>/ecbplus"``.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.models import Article

if TYPE_CHECKING:
    from storyline.cluster.features import ArticleFeatures
    from storyline.extract import ExtractResult

ECB_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "ecbplus" / "ECB+"
# Extractions of the evaluation sets are kept here between runs (git-ignored).
RESULTS = Path(__file__).resolve().parent / "results"

_TOKEN = re.compile(r'<token t_id="\d+" sentence="(\d+)" number="\d+">([^<]*)</token>')
_FILE = re.compile(r"^(\d+)_(\d+)(ecb|ecbplus)\.xml$")
# Tokens glued to the word before them (closing punctuation and English clitics).
_NO_SPACE_BEFORE = {
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    ")",
    "]",
    "}",
    "%",
    "'s",
    "n't",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'m",
    "'S",
    "''",
    "”",
    "’",
    "’s",
    "…",
}
# Tokens glued to the word after them (opening brackets and quotes, currency signs).
_NO_SPACE_AFTER = {"(", "[", "{", "``", "“", "‘", "$", "£", "€"}
_QUOTES = {"``": "“", "''": "”"}
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


@dataclass(frozen=True)
class GoldDoc:
    """One ECB+ document: the article rebuilt from it and its gold story label."""

    article: Article
    name: str  # e.g. "1_10ecbplus"
    topic: str
    story: str  # "<topic>/ecb" or "<topic>/ecbplus"


def _unescape(tok: str) -> str:
    for k, v in _ENTITIES.items():
        tok = tok.replace(k, v)
    return tok


def detokenize(tokens: list[str]) -> str:
    """Join one sentence's tokens the way the words stood in print (approximately)."""
    if tokens and tokens[0].lower().startswith("http"):
        return "".join(tokens)  # a tokenised URL: "http : / / www . x . com"
    out: list[str] = []
    glue = True
    for raw in tokens:
        tok = _QUOTES.get(raw, raw)
        if out and not glue and raw not in _NO_SPACE_BEFORE:
            out.append(" ")
        out.append(tok)
        glue = raw in _NO_SPACE_AFTER
    return "".join(out)


def read_doc(path: Path) -> Article:
    """Rebuild one ECB+ XML file as an article; the id is a hash of the text, as ingest does."""
    sentences: dict[int, list[str]] = {}
    for sent, tok in _TOKEN.findall(path.read_text(encoding="utf-8")):
        sentences.setdefault(int(sent), []).append(_unescape(tok))
    lines = [detokenize(sentences[k]) for k in sorted(sentences)]
    url = lines[0] if lines and lines[0].lower().startswith("http") else None
    text = "\n".join(lines) + "\n"
    aid = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return Article(id=aid, source_path=str(path), text=text, fmt="txt", url=url)


def iter_docs(root: Path = ECB_ROOT, topics: set[str] | None = None) -> Iterator[GoldDoc]:
    """Every ECB+ document under ``root`` in a stable order (topic, then document number)."""
    found = []
    for path in root.glob("*/*.xml"):
        m = _FILE.match(path.name)
        if m and (topics is None or m.group(1) in topics):
            found.append((int(m.group(1)), m.group(3), int(m.group(2)), path))
    for topic, sub, _doc, path in sorted(found):
        yield GoldDoc(read_doc(path), path.stem, str(topic), f"{topic}/{sub}")


def load(root: Path = ECB_ROOT, topics: set[str] | None = None) -> list[GoldDoc]:
    """All documents as a list; duplicates of one text (same id) are kept once."""
    seen: set[str] = set()
    docs = []
    for d in iter_docs(root, topics):
        if d.article.id not in seen:
            seen.add(d.article.id)
            docs.append(d)
    return docs


def extract_cached(articles: Sequence[Article], name: str = "ecbplus") -> ExtractResult:
    """``storyline.extract.extract_articles`` on ``articles``, kept under benchmarks/results/
    and keyed by ``storyline.extract.parts.extractor_id`` (the key the store's kept parts use),
    so a changed extractor never reads a stale file and unchanged reruns only cluster."""
    import json
    import time

    from storyline.extract import ExtractResult, extract_articles
    from storyline.extract.parts import extractor_id
    from storyline.models import Entity, Extraction

    path = RESULTS / f"{name}_extract.json"
    ids, version = [a.id for a in articles], extractor_id()
    if path.exists():
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("ids") == ids and cached.get("version") == version:
            return ExtractResult(
                [Extraction.from_dict(d) for d in cached["extractions"]],
                [Entity(**d) for d in cached["entities"]],
            )
    t0 = time.perf_counter()
    result = extract_articles(articles)
    print(f"extracted {len(articles)} articles in {time.perf_counter() - t0:.0f}s")
    RESULTS.mkdir(exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "ids": ids,
                "version": version,
                "extractions": [e.to_dict() for e in result.extractions],
                "entities": [asdict(e) for e in result.entities],
            }
        ),
        encoding="utf-8",
    )
    return result


def clustering_input(docs: Sequence[GoldDoc]) -> tuple[list[Article], ExtractResult]:
    """The documents cleaned, with their (cached) extraction: what ``cluster_articles`` reads."""
    from storyline.clean import clean

    articles = [clean(d.article) for d in docs]
    return articles, extract_cached(articles)


def features_for(
    docs: Sequence[GoldDoc], inputs: tuple[list[Article], ExtractResult] | None = None
) -> list[ArticleFeatures]:
    """Clustering features of every document, as ``cluster_articles`` computes them;
    ``inputs``: the documents' ``clustering_input``, when the caller has it already."""
    from storyline.cluster.features import article_features

    articles, result = clustering_input(docs) if inputs is None else inputs
    types = {e.id: e.type for e in result.entities}
    by_id = {e.article_id: e for e in result.extractions}
    return [article_features(a, by_id.get(a.id), types) for a in articles]


@functools.cache
def encoder() -> Any:
    """The sentence encoder ``analyze`` clusters with (the articles' leads), loaded once."""
    from storyline.embed import load_embedder

    return load_embedder()


def story_scores(docs: Sequence[GoldDoc]) -> dict[str, float]:
    """B-cubed of ``cluster_articles`` (the pipeline's own call) against the gold stories, with
    the odd-topic (tuning) and held-out even-topic halves."""
    from eval_common import bcubed
    from storyline.cluster import cluster_articles

    articles, result = clustering_input(docs)
    stories = cluster_articles(articles, result.extractions, result.entities, embedder=encoder())
    pred_of = {aid: s.id for s in stories for aid in s.article_ids}
    gold = [d.story for d in docs]
    pred = [pred_of[d.article.id] for d in docs]
    p, r, f1 = bcubed(gold, pred)
    out = {"bcubed_p": p, "bcubed_r": r, "bcubed_f1": f1, "stories": len(stories)}
    for name, parity in (("odd_f1", 1), ("even_f1", 0)):
        half = [i for i, d in enumerate(docs) if int(d.topic) % 2 == parity]
        out[name] = bcubed([gold[i] for i in half], [pred[i] for i in half])[2]
    return out


def ingested(docs: Sequence[GoldDoc]) -> tuple[list[Article], dict[str, str], ExtractResult]:
    """The documents as ``analyze`` sees them: written out as ``<name>.txt`` files (under
    benchmarks/results/, so their ids stay the same between runs), read and cleaned by the
    pipeline's own stages 1-2 (datelines become publication dates, URL lines URLs), with their
    (cached) extraction and each article's gold story."""
    from storyline.cluster import order_key
    from storyline.pipeline import read_and_clean

    folder = RESULTS / "ecbplus_txt"
    folder.mkdir(parents=True, exist_ok=True)
    for d in docs:
        path = folder / f"{d.name}.txt"
        if not path.exists() or path.read_text(encoding="utf-8") != d.article.text:
            path.write_text(d.article.text, encoding="utf-8")
    by_name = {f"{d.name}.txt": d.story for d in docs}
    # analyze's order (extraction's canonical entities depend on it), not the folder's
    read = [a for a in read_and_clean([folder]) if isinstance(a, Article)]
    articles = sorted(read, key=order_key)
    gold = {a.id: by_name[Path(a.source_path).name] for a in articles}
    return articles, gold, extract_cached(articles, name="ecbplus_ingested")


def ingested_story_scores(docs: Sequence[GoldDoc]) -> dict[str, float]:
    """B-cubed of the stories (and of the storylines) ``analyze`` makes of the ECB+ files.

    About a fifth of the files carry a dateline, and some gold events hold reports written
    months or years later (a trial after a shooting): storyline makes those follow-up stories,
    linked into the event's storyline when they come within its gap, so the story figure is
    below the undated one (``story_scores``) by design; the storyline figure shows how much.
    """
    from eval_common import bcubed
    from storyline.cluster import cluster_articles

    articles, gold, result = ingested(docs)
    stories = cluster_articles(articles, result.extractions, result.entities, embedder=encoder())
    ids = [a.id for a in articles]
    story = {aid: s.id for s in stories for aid in s.article_ids}
    line = {aid: s.storyline or s.id for s in stories for aid in s.article_ids}
    truth = [gold[i] for i in ids]
    p, r, f1 = bcubed(truth, [story[i] for i in ids])
    even = [k for k, i in enumerate(ids) if int(gold[i].split("/")[0]) % 2 == 0]
    return {
        "bcubed_p": p,
        "bcubed_r": r,
        "bcubed_f1": f1,
        "even_f1": bcubed([truth[k] for k in even], [story[ids[k]] for k in even])[2],
        "storyline_f1": bcubed(truth, [line[i] for i in ids])[2],
        "dated": sum(1 for a in articles if a.published),
        "stories": len(stories),
    }


if __name__ == "__main__":
    docs = load()
    print(f"{len(docs)} documents, {len({d.story for d in docs})} gold stories")
    print(docs[0].name, docs[0].article.text[:300])
