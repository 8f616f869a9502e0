"""Score the quotes of the briefing a user reads on PolNeAR dev (issue #15).

Runs ``storyline.analyze`` on ``../shared/eval/polnear/dev/text`` (84 articles) into a fresh
store and folder, then ``../shared/eval/polnear/score_briefing.py briefing.json polnear/dev``
as its docstring says: gold direct quotes matched by a briefing rendering (>= 50 % of tokens),
precision of renderings against every gold attribution, and speaker accuracy (the speaker a
card shows, after grouping and canonical names). The scorer is not ours and is run unchanged;
its one line is parsed here. Figures pinned in ``benchmarks/floors.json`` as
``polnear.briefing.*`` (tests/test_polnear_briefing_gate.py); the issue's targets are F1 0.95
and speaker accuracy 0.90. About 50 s on two cores.

Usage: ``python benchmarks/polnear_briefing.py``
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"
SCORER = POLNEAR / "score_briefing.py"
_LINE = re.compile(
    r"quote recall (?P<recall>[\d.]+), precision (?P<precision>[\d.]+), F1 (?P<f1>[\d.]+); "
    r"speaker accuracy (?P<speaker_accuracy>[\d.]+) on (?P<named>\d+) named"
)


def parse(line: str) -> dict[str, float]:
    """The figures of score_briefing.py's output line."""
    m = _LINE.search(line)
    if m is None:
        raise ValueError(f"unexpected score_briefing.py output: {line!r}")
    return {k: float(v) for k, v in m.groupdict().items()}


def score_briefing(briefing: Path, split: str = "dev") -> dict[str, float]:
    """Run the shared scorer on a briefing.json of the split's text files."""
    out = subprocess.run(
        [sys.executable, str(SCORER), str(briefing), str(POLNEAR / split)],
        capture_output=True,
        text=True,
        check=True,
    )
    return parse(out.stdout)


def polnear_briefing(split: str = "dev") -> dict[str, float]:
    """Analyze the split's text files and score the briefing.json analyze wrote."""
    from storyline.pipeline import analyze
    from storyline.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with Store(work / "store.duckdb") as store:
            analyze([POLNEAR / split / "text"], store, out=work / "report")
        return score_briefing(work / "report" / "briefing.json", split)


def metrics(scores: dict[str, float]) -> dict[str, float]:
    """The flat figures pinned in ``benchmarks/floors.json``."""
    return {
        "polnear.briefing.direct_f1": scores["f1"],
        "polnear.briefing.speaker_accuracy": scores["speaker_accuracy"],
    }


def main() -> int:
    from eval_common import below_floors

    t0 = time.perf_counter()
    s = polnear_briefing()
    print(
        f"PolNeAR dev briefing: direct-quote recall {s['recall']:.3f}, precision "
        f"{s['precision']:.3f}, F1 {s['f1']:.3f}; speaker accuracy {s['speaker_accuracy']:.3f} "
        f"on {s['named']:.0f} named (targets 0.95 / 0.90; {time.perf_counter() - t0:.0f} s)"
    )
    low = below_floors(metrics(s))
    for line in low:
        print("BELOW FLOOR:", line)
    return 1 if low else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
