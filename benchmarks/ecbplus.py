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

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.models import Article

ECB_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "ecbplus" / "ECB+"

_TOKEN = re.compile(r'<token t_id="\d+" sentence="(\d+)" number="\d+">([^<]*)</token>')
_FILE = re.compile(r"^(\d+)_(\d+)(ecb|ecbplus)\.xml$")
# Tokens glued to the word before them (closing punctuation and English clitics).
_NO_SPACE_BEFORE = {
    ",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "n't", "'re", "'ve", "'ll", "'d",
    "'m", "'S", "''", "”", "’", "’s", "…",
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


if __name__ == "__main__":
    docs = load()
    print(f"{len(docs)} documents, {len({d.story for d in docs})} gold stories")
    print(docs[0].name, docs[0].article.text[:300])
