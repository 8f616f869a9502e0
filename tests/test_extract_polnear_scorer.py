"""The PolNeAR scorer's matching rules on spans written for these tests."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from eval_common import names_match  # noqa: E402
from polnear_eval import _is_direct, fragment_matches, quoted_chars  # noqa: E402


def test_fragments_of_one_attribution_count_once() -> None:
    # Gold 0 holds two quoted fragments; prediction "b" is a second fragment of it, "z" fits
    # nothing: one hit, two counted predictions (not one hit of three).
    gold = [(0, 10), (20, 30)]
    preds = {"a": (1, 4), "b": (5, 9), "z": (40, 45)}

    def ok(p: str, g: tuple[int, int]) -> bool:
        s, e = preds[p]
        return g[0] <= s and e <= g[1]

    assert fragment_matches(["a", "b", "z"], gold, ok) == (1, 2)
    assert fragment_matches(["a", "z"], gold, ok) == (1, 2)


def test_doubled_apostrophes_make_a_direct_quote() -> None:
    text = "''We are not done yet,'' the coach said after the game."
    inside = quoted_chars(text)
    end = text.index(",''")
    assert _is_direct(text, 2, end, inside)
    assert not _is_direct(text, text.index("the coach"), len(text), inside)


def test_bare_possessive_names_nobody() -> None:
    assert not names_match("’s", "Smith")
    assert names_match("Mary Jones", "Ms. Jones")
