"""The store's caches: extraction parts and sentence vectors, rebuilt from the articles
whenever missing (``storyline.extract.parts``, ``CachedEmbedder``). ``Store`` holds them
through ``CacheTables``; all their SQL is here."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    from storyline.store import Store

#: Sentence vectors written per statement. DuckDB reads them from a numpy array of base64
#: strings (8 KB each), so this bounds that temporary array to ~32 MB however large the run.
VECTOR_BATCH = 4096
#: Articles written per transaction: small enough that an interruption loses little work,
#: large enough that commit overhead stays negligible next to parsing. An ingest starts with
#: batches this size and doubles them up to ``articles.INGEST_BATCH``.
WRITE_BATCH = 200


class CacheTables:
    """The ``parts`` and ``vectors`` tables of a ``Store`` (which provides ``con`` and
    ``transaction``)."""

    con: duckdb.DuckDBPyConnection

    def transaction(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        raise NotImplementedError

    def _by_keys(self, sql: str, keys: Sequence[str], params: Sequence[Any] = ()) -> dict:
        """``key -> value`` rows of ``sql``, which joins the table ``q`` of ``keys``: a dict
        of numpy arrays that DuckDB scans in place (a list parameter of the keys is ~40x
        slower: 2.2 s against 0.05 s for 10,000 keys)."""
        import numpy as np

        q = {"key": np.array(list(keys) or [""], dtype=str)}  # noqa: F841 (DuckDB scans it)
        return dict(self.con.execute(sql, list(params)).fetchall())

    def get_parts(self, keys: Sequence[str]) -> dict[str, str]:
        """Kept extraction parts (``storyline.extract.parts``) of those ``keys`` there are."""
        return self._by_keys("SELECT p.key, p.data FROM parts p JOIN q USING (key)", keys)

    def put_parts(self, rows: Sequence[tuple[str, str]]) -> None:
        """Keep extraction parts as ``(key, json)`` rows, ``WRITE_BATCH`` per statement."""
        with self.transaction() as con:
            for s in range(0, len(rows), WRITE_BATCH):
                batch = rows[s : s + WRITE_BATCH]
                con.execute(
                    "INSERT OR REPLACE INTO parts SELECT unnest(?::VARCHAR[]), "
                    "unnest(?::VARCHAR[])",
                    [[k for k, _ in batch], [d for _, d in batch]],
                )

    def get_vectors(self, model: str, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored vectors (raw float32 bytes) of those ``keys`` that ``model`` has."""
        return self._by_keys(
            "SELECT v.key, v.vec FROM vectors v JOIN q USING (key) WHERE v.model = ?", keys, [model]
        )

    def put_vectors(self, model: str, keys: Sequence[str], vecs: Any) -> None:
        """Keep ``vecs`` (one float32 row per key) under ``model``; keys already kept stay."""
        import base64

        import numpy as np

        with self.transaction() as con:
            for s in range(0, len(keys), VECTOR_BATCH):
                rows = {  # noqa: F841 (DuckDB scans a dict of numpy arrays as a table)
                    "key": np.array(keys[s : s + VECTOR_BATCH], dtype=str),
                    "vec": np.array(
                        [
                            base64.b64encode(np.asarray(v, np.float32).tobytes()).decode()
                            for v in vecs[s : s + VECTOR_BATCH]
                        ],
                        dtype=str,
                    ),
                }
                con.execute(
                    "INSERT OR IGNORE INTO vectors SELECT ?, key, from_base64(vec) FROM rows",
                    [model],
                )


class CachedEmbedder:
    """An embedder whose vectors are kept in the store, so re-analysing an archive only
    encodes the texts it has not met before.

    Why: the sentence encoder is most of the reconcile stage's time (about 0.18 s per article,
    ``benchmarks/reconcile_speed.py``) and an archive is analysed again each time articles
    arrive. Vectors are kept exactly as encoded (float32 bytes), so analysing the same archive
    again gives the same briefing; ``model_id`` (``storyline.embed.model_id``) keeps vectors
    of another model or encoder version apart.
    """

    def __init__(self, inner: Any, store: Store, model_id: str) -> None:
        self.inner, self.store, self.model_id = inner, store, model_id
        self.encoded = 0  # texts the inner encoder had to see (the rest came from the store)

    def encode(self, texts: Sequence[str], normalize_embeddings: bool = True, **kw: Any) -> Any:
        import hashlib

        import numpy as np

        texts = list(texts)
        if not texts:
            return np.zeros((0, 1), np.float32)
        model = f"{self.model_id}{'-normalized' if normalize_embeddings else ''}"
        keys = [hashlib.blake2b(t.encode("utf-8"), digest_size=16).hexdigest() for t in texts]
        found = self.store.get_vectors(model, list(dict.fromkeys(keys)))
        todo = list(dict.fromkeys(k for k in keys if k not in found))
        if todo:
            first = {k: i for i, k in reversed(list(enumerate(keys)))}
            fresh = self.inner.encode(
                [texts[first[k]] for k in todo], normalize_embeddings=normalize_embeddings, **kw
            )
            fresh = np.asarray(fresh, dtype=np.float32)
            self.store.put_vectors(model, todo, fresh)
            self.encoded += len(todo)
            found.update((k, v.tobytes()) for k, v in zip(todo, fresh, strict=True))
        return np.stack([np.frombuffer(found[k], dtype=np.float32) for k in keys])
