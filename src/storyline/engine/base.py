"""What every engine does the same way: the store's parts cache, looked up and written here.

An engine parses and extracts articles somewhere (this process, local worker processes, a
Dask cluster) and gives the run's sentence encoder. The store is the caller's alone: which
articles' parts are already kept, and keeping the new ones, happens in the calling process,
so workers never open it. An engine only says where the parse of the others runs
(``_parts``) and where texts are encoded (``embedder``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, ClassVar

from storyline.errors import StorylineError
from storyline.extract import ArticleParts, ExtractResult, date_anchor, finish
from storyline.models import Article

Progress = Callable[[int], None]


class EngineError(StorylineError, RuntimeError):
    """A worker died (out of memory, killed) or a cluster cannot be reached: the run cannot
    be completed."""


#: Kept parts read back per query: the JSON of a whole archive's parts is gigabytes (~30 KB an
#: article) while the parts it parses into are what the run keeps; a chunk's JSON at a time.
PARTS_READ = 1000


class Engine(ABC):
    """Where the per-article work and the sentence encoder of a run go.

    An engine is a context manager: leaving it stops what it started (a cluster, the local
    engine's parsing workers, which it keeps from call to call only while entered).
    """

    #: The name ``--engine`` gives it.
    name: ClassVar[str]
    #: Whether ``extract`` may parse in this process with the caller's ``nlp`` (so a run
    #: loads the model here); an engine that always parses elsewhere never needs it.
    parses_here: ClassVar[bool] = True

    def extract(
        self,
        articles: Sequence[Article],
        nlp: Any = None,
        anchors: Mapping[str, str] | None = None,
        progress: Progress | None = None,
        store: Any = None,
    ) -> ExtractResult:
        """``extract_articles`` with the parsing done by the engine; same result, in order.

        ``nlp`` is used only when the work stays in this process; workers load their own copy
        of the same model. With a ``store`` (``storyline.store.Store``), each article's parts
        are kept there and articles whose parts are already kept (same text, date anchor and
        extractor) are not parsed again (``storyline.extract.parts``); both in this process.
        """
        return finish(self.parts(articles, nlp, anchors, progress, store))

    def parts(
        self,
        articles: Sequence[Article],
        nlp: Any = None,
        anchors: Mapping[str, str] | None = None,
        progress: Progress | None = None,
        store: Any = None,
    ) -> list[ArticleParts]:
        """The per-article half of ``extract`` (``storyline.extract.extract_parts``), in
        order, kept parts read from ``store`` and new ones kept there; nothing run-wide."""
        from storyline.clean import cleaned
        from storyline.extract.parts import extractor_id, parts_from_json, parts_key, parts_to_json

        anchors = anchors or {}
        # as the parser will read them (the key holds the headline span); the caller's stay
        articles = [cleaned(a) for a in articles]
        keys: dict[str, str] = {}
        known: dict[str, ArticleParts] = {}
        if store is not None:
            extractor = extractor_id()
            keys = {a.id: parts_key(extractor, a, date_anchor(a, anchors)) for a in articles}
            ids = list(keys)
            for start in range(0, len(ids), PARTS_READ):  # one chunk's JSON held at a time
                chunk = ids[start : start + PARTS_READ]
                rows = store.get_parts([keys[aid] for aid in chunk])
                known |= {
                    aid: parts_from_json(rows[keys[aid]]) for aid in chunk if keys[aid] in rows
                }
            if progress and known:
                progress(len(known))
        todo = [a for a in articles if a.id not in known]
        fresh = self._parts(todo, nlp, anchors, progress) if todo else []
        if store is not None and fresh:
            store.put_parts([(keys[p[0].article_id], parts_to_json(p)) for p in fresh])
        by_id = known | {p[0].article_id: p for p in fresh}
        return [by_id[a.id] for a in articles]

    @abstractmethod
    def _parts(
        self,
        articles: Sequence[Article],
        nlp: Any,
        anchors: Mapping[str, str],
        progress: Progress | None,
    ) -> list[ArticleParts]:
        """Each article's parts (never none asked), in order; ``progress(n)`` as they come."""

    @abstractmethod
    def embedder(self, local: Any = None) -> Any:
        """The run's encoder, for clustering (articles' leads) and ``build_briefing`` (an
        object with ``encode`` and ``model_id``)."""

    def options(self) -> dict[str, Any]:
        """What ``made_by`` records of the engine, beyond the run's ``workers``."""
        return {}

    def close(self) -> None:
        """Stop what the engine started; nothing for an engine that starts nothing."""
        return None

    def __enter__(self) -> Engine:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def chunks(items: Sequence[Any], size: int) -> list[list[Any]]:
    """``items`` cut in order into lists of ``size`` (the last one shorter)."""
    size = max(1, size)
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def by_length(texts: Sequence[str], chunk: int, batch: int) -> tuple[list[int], list[list[str]]]:
    """Texts cut into chunks the way one ``encode`` call would batch them all.

    The encoder sorts its texts by their number of tokens, longest first (stable), and cuts
    them into batches of at most ``batch`` texts (``storyline.embed.batches``), each padded to
    its longest member. Cut here into chunks of whole batches (at least ``chunk`` texts, but
    the last), in that order, each chunk gives exactly the batches the single call gives, so
    every vector comes out bit for bit the same as in one process. Returns the order
    (original indices) and the chunks.
    """
    from storyline.embed import batches, token_lengths

    order: list[int] = []
    parts: list[list[str]] = []
    for idx in batches(token_lengths(texts), max(1, batch)):
        if not parts or len(parts[-1]) >= chunk:
            parts.append([])
        parts[-1].extend(texts[i] for i in idx)
        order.extend(idx)
    return order, parts


def unsort(order: Sequence[int], vecs: Any) -> Any:
    """Rows given in ``order`` put back in the original order of the texts."""
    import numpy as np

    out = np.empty_like(vecs)
    out[np.asarray(order, dtype=np.intp)] = vecs
    return out
