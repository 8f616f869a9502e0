"""The clustering's word counts across runs: the feature keys each stored article holds.

A run that adds articles to a store clusters them with the stored stories they could join,
and weighs their words by how many articles use them. Counted over that handful alone, a
word common in the archive looks rare and two stories merge that one run over the whole
archive keeps apart. So the store keeps, per article, the keys of its clustering features
(``cluster_keys``: terms, entities, name words), and ``background`` counts them over the
articles the run does not cluster again (``storyline.cluster.Background``). ``Store`` holds
them through ``KeyTables``; all their SQL is here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from itertools import chain
from typing import TYPE_CHECKING

import duckdb
import numpy as np

if TYPE_CHECKING:
    from storyline.cluster import ArticleFeatures, Background

#: The kinds of keys kept, by their number in ``cluster_keys.kind``: ``ArticleFeatures``
#: fields whose keys clustering counts.
KINDS = ("terms", "entities", "names")


def _rows(feats: Sequence[ArticleFeatures]) -> dict[str, np.ndarray]:
    """``cluster_keys`` rows of ``feats`` as columns DuckDB scans in place: a term's or an
    entity's count in the article (a name word counts once)."""
    ids = np.array([f.id for f in feats], dtype=str)
    cols: dict[str, list[np.ndarray]] = {"article_id": [], "kind": [], "key": [], "n": []}
    for n, kind in enumerate(KINDS):
        per = [getattr(f, kind) for f in feats]
        lens = np.array([len(p) for p in per], dtype=np.int64)
        total = int(lens.sum())
        cols["article_id"].append(np.repeat(ids, lens))
        cols["kind"].append(np.full(total, n, dtype=np.uint8))
        cols["key"].append(np.fromiter(chain.from_iterable(per), dtype=np.uint32, count=total))
        counts = chain.from_iterable(
            p.values() if isinstance(p, dict) else [1] * len(p) for p in per
        )
        cols["n"].append(np.fromiter(counts, dtype=np.uint32, count=total))
    return {name: np.concatenate(parts) for name, parts in cols.items()}


class KeyTables:
    """The ``cluster_keys`` table of a ``Store`` (which provides ``con`` and ``transaction``)."""

    con: duckdb.DuckDBPyConnection

    def transaction(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        raise NotImplementedError

    def put_cluster_keys(self, feats: Iterable[ArticleFeatures], *, every: bool = False) -> None:
        """Keep the keys of ``feats`` (an article without usable features keeps none),
        replacing what those articles held; with ``every``, replacing the whole table (a run
        over the whole store)."""
        feats = list({f.id: f for f in feats}.values())  # an article counts once
        new_keys = _rows([f for f in feats if not f.empty])  # noqa: F841 (DuckDB scans it)
        gone = {"article_id": np.array([f.id for f in feats] or [""], dtype=str)}  # noqa: F841
        with self.transaction() as con:
            if every:
                con.execute("DELETE FROM cluster_keys")
            else:
                con.execute(
                    "DELETE FROM cluster_keys WHERE article_id IN (SELECT article_id FROM gone)"
                )
            if len(new_keys["key"]):
                con.execute(
                    "INSERT INTO cluster_keys (article_id, kind, key, n) "
                    "SELECT article_id, kind, key, n FROM new_keys"
                )

    def background(self, feats: Iterable[ArticleFeatures], exclude: Collection[str]) -> Background:
        """The stored articles outside ``exclude`` (a run's own, and earlier versions of
        pages), counted for the keys ``feats`` use."""
        from storyline.cluster import Background

        rows = _rows([f for f in feats if not f.empty])
        # every term is asked for as a name word too: a word the run's articles use only
        # as a plain word may be a name's in the archive (``StoryClusterer.is_name``)
        terms = rows["key"][rows["kind"] == 0]
        wanted = {  # noqa: F841 (DuckDB scans it)
            "kind": np.concatenate([rows["kind"], np.full(len(terms), 2, dtype=np.uint8)]),
            "key": np.concatenate([rows["key"], terms]),
        }
        skip = {"article_id": np.array(sorted(exclude) or [""], dtype=str)}  # noqa: F841
        outside = "article_id NOT IN (SELECT article_id FROM skip)"
        (n,) = self.con.execute(
            f"SELECT count(DISTINCT article_id) FROM cluster_keys WHERE {outside}"
        ).fetchone() or (0,)
        counts: list[dict[int, int]] = [{}, {}, {}]
        if n:
            found = self.con.execute(
                "SELECT c.kind, c.key, count(*) FROM cluster_keys c "
                "JOIN (SELECT DISTINCT kind, key FROM wanted) w "
                f"ON c.kind = w.kind AND c.key = w.key WHERE {outside} GROUP BY ALL"
            ).fetchall()
            for kind, key, count in found:
                counts[kind][key] = count
        return Background(n=int(n), terms=counts[0], entities=counts[1], names=counts[2])

    def stored_features(self, article_ids: Collection[str]) -> dict[str, ArticleFeatures]:
        """The clustering features of stored articles as ``put_cluster_keys`` kept them, with
        their publication day (what ``storyline.cluster.storylines`` reads; no years, no
        content hash): an article that kept no keys is left out. A count a store written
        before counts were kept lacks reads as 1."""
        from storyline.cluster.features import ArticleFeatures, day_of

        wanted = {"article_id": np.array(sorted(article_ids) or [""], dtype=str)}  # noqa: F841
        rows = self.con.execute(
            "SELECT c.article_id, a.published, c.kind, c.key, coalesce(c.n, 1) "
            "FROM cluster_keys c JOIN articles a ON a.id = c.article_id "
            "WHERE c.article_id IN (SELECT article_id FROM wanted) "
            "ORDER BY c.article_id, c.kind, c.key"
        ).fetchall()
        out: dict[str, ArticleFeatures] = {}
        names: dict[str, list[int]] = {}
        for aid, published, kind, key, n in rows:
            f = out.get(aid)
            if f is None:
                f = out[aid] = ArticleFeatures(id=aid, day=day_of(published))
            if kind == 0:
                f.terms[key] = n
            elif kind == 1:
                f.entities[key] = n
            else:
                names.setdefault(aid, []).append(key)
        for aid, keys in names.items():
            out[aid].names = tuple(keys)
        return out
