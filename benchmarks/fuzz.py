"""Fuzz the validator: mutate the tests' good corpus many times (seeded) and count what went wrong.

    python benchmarks/fuzz.py [--corpora 1000] [--seed 0] [--timeout 60] [--no-build]

Prints, per outcome, how many mutated corpora ended that way: rejected with well-formed problems (the goal for
wrong data), accepted and then built and verified (the goal for harmless changes), and the failures: tracebacks,
hangs (no answer within --timeout seconds), silent acceptances of wrong data, malformed report lines, accepted
corpora that did not build or verify. The mutations and the oracle are in tests/fuzzing.py.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_CACHE", tempfile.mkdtemp(prefix="hague-claims-hf-cache-"))

from fuzzing import Outcome, judge, mutate  # noqa: E402


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=int, default=60)
    parser.add_argument("--no-build", action="store_true", help="do not build accepted corpora (faster)")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    outcomes: Counter[str] = Counter()
    by_mutation: Counter[str] = Counter()
    failures = []
    started = time.perf_counter()
    slowest = 0.0
    for number in range(args.corpora):
        seed = args.seed * 1_000_003 + number
        with tempfile.TemporaryDirectory() as scratch:
            project = Path(scratch) / "project"
            done, must_reject = mutate(ROOT / "tests" / "fixtures" / "good", project, seed, 1 + seed % 3)
            for line in done:
                by_mutation[line.split(":", 1)[0]] += 1
            one = time.perf_counter()
            signal.alarm(args.timeout)
            try:
                outcome = judge(project, must_reject, build=not args.no_build)
            except Hang:
                outcome = Outcome("hang", f"no answer within {args.timeout} s")
            finally:
                signal.alarm(0)
            slowest = max(slowest, time.perf_counter() - one)
        outcomes[outcome.kind] += 1
        if outcome.kind not in ("rejected", "accepted"):
            failures.append((seed, done, outcome))
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"mutated corpora: {args.corpora} (seed {args.seed}; 1-3 mutations each), {elapsed:.0f} s, slowest {slowest:.1f} s, peak RSS {peak:.0f} MiB")
    for kind in ("rejected", "accepted", "traceback", "hang", "silent-acceptance", "malformed-report", "build-failed"):
        print(f"  {kind:18} {outcomes[kind]}")
    print("mutations applied:", ", ".join(f"{name} {count}" for name, count in sorted(by_mutation.items())))
    for seed, done, outcome in failures[:20]:
        print(f"\nseed {seed}: {outcome.kind}: {outcome.detail.strip()[-400:]}")
        for line in done:
            print(f"  - {line[:200]}")


if __name__ == "__main__":
    main()
