"""Evaluation gate for the HTML reader: the article-extraction benchmark must not drop below
its floor in ``benchmarks/floors.json`` (the same scoring as ``benchmarks/html_extraction.py``)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.gate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "article-extraction"
FLOOR_KEY = "html_extraction_f1"


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "html_extraction", ROOT / "benchmarks" / "html_extraction.py"
    )
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (DATA / "ground-truth.json").exists(), reason="benchmark data missing")
def test_html_reader_stays_above_its_floor() -> None:
    floor = json.loads((ROOT / "benchmarks" / "floors.json").read_text())[FLOOR_KEY]
    bench = _benchmark()
    pages = bench.load_pages(DATA, None)
    assert len(pages) == 181
    rows, _ = bench.run_reader(bench.storyline_reader, pages)
    f1 = bench.score(rows)["f1"]
    assert f1 >= floor, f"HTML extraction F1 {f1:.4f} fell below its floor {floor}"
