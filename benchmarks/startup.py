"""Command start-up: each command's wall time as a ratio to importing the libraries it cannot do without.

Floors, timed in the same run: `python -c "import pyarrow.parquet, pydantic, jsonschema"` for the light commands
(goal: validate, locate, candidates --document and verify of the shipped corpus at most 2x), and
`python -c "import datasets, sklearn, matplotlib"` for build (goal: at most 3x). Each command and its floor run
alternately (paired runs, so a change in the machine's load hits both), `--repeats` times; the ratio is of the
medians. verify checks a release built beforehand into a temporary directory.

validate, candidates, verify and build keep results in the project's content-addressed cache (`build/cache/`,
`builders.cache`): the goal rows time them as a user runs them again on unchanged inputs (one untimed run first
fills the cache), and the `--no-cache` rows time the full work, as on a first run or after any input changed
(no goal). Heavy libraries are imported only by the commands that need them (see docs/scale.md).

Run from the project root: `python benchmarks/startup.py [--repeats N]`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHT_FLOOR = "import pyarrow.parquet, pydantic, jsonschema"
BUILD_FLOOR = "import datasets, sklearn, matplotlib"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def paired(command: list[str], floor: str, repeats: int) -> tuple[float, float]:
    runs, floors = [], []
    for _ in range(repeats):
        floors.append(timed([sys.executable, "-c", floor]))
        runs.append(timed(command))
    return statistics.median(runs), statistics.median(floors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    cli = [sys.executable, "-m", "builders"]
    document = sorted((ROOT / "corpus" / "raw").glob("*.txt"))[0].stem.split("_")[1]
    with tempfile.TemporaryDirectory(prefix="hague-claims-startup-") as scratch:
        build = cli + ["build", "--out", scratch]
        subprocess.run(build, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        release = next(Path(scratch).glob("hague-claims-*"))
        cases = [
            ("validate", cli + ["validate"], LIGHT_FLOOR, 2.0),
            ("locate", cli + ["locate", document, "NATO"], LIGHT_FLOOR, 2.0),
            ("candidates --document", cli + ["candidates", "--document", document], LIGHT_FLOOR, 2.0),
            ("verify", cli + ["verify", str(release)], LIGHT_FLOOR, 2.0),
            ("build", build, BUILD_FLOOR, 3.0),
            ("validate --no-cache", cli + ["validate", "--no-cache"], LIGHT_FLOOR, None),
            ("candidates --document --no-cache", cli + ["candidates", "--document", document, "--no-cache"], LIGHT_FLOOR, None),
            ("verify --no-cache", cli + ["verify", str(release), "--no-cache"], LIGHT_FLOOR, None),
            ("build --no-cache", build + ["--no-cache"], BUILD_FLOOR, None),
        ]
        print("| command | median s | floor | floor median s | ratio | goal |")
        print("|---|---:|---|---:|---:|---:|")
        for name, command, floor, goal in cases:
            subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # fills the cache (untimed)
            seconds, floor_seconds = paired(command, floor, args.repeats)
            ratio = seconds / floor_seconds
            verdict = "–" if goal is None else f"≤ {goal:g} {'ok' if ratio <= goal else 'MISSED'}"
            print(f"| {name} | {seconds:.2f} | `{floor}` | {floor_seconds:.2f} | {ratio:.2f} | {verdict} |", flush=True)


if __name__ == "__main__":
    main()
