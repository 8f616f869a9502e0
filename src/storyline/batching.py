"""Cutting a sequence into batches by a budget: the nlp stage's pieces of text (by
characters) and a whole-store run's stories (by articles)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")


def batched(
    items: Iterable[Item], budget: int, weight: Callable[[Item], int], most: int | None = None
) -> Iterator[list[Item]]:
    """``items`` in order, in lists whose ``weight`` sums to at most ``budget`` and that hold
    at most ``most`` items; an item heavier than ``budget`` alone is a list of its own."""
    batch: list[Item] = []
    n = 0
    for item in items:
        w = weight(item)
        if batch and (n + w > budget or (most is not None and len(batch) >= most)):
            yield batch
            batch, n = [], 0
        batch.append(item)
        n += w
    if batch:
        yield batch


__all__ = ["batched"]
