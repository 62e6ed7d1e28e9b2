#!/usr/bin/env python3
"""What the survival rule costs (docs/GUARANTEES.md, "Surviving a caught panic"),
in one run: PanicMicro of this tree against PanicMicro of SURVIVAL_BASELINE
(compare.py's, the tree before the rule), release builds, run alternately,
medians of ROUNDS runs each (default 5):

- the round trip (panic + catch, depth 10, silent hook), before and after;
- the same with PANIC_FRAME_WALK=off (the exact walk every time: the portable
  path), timed with SurvivalFixture's round trip (ROUNDS=2000; PanicMicro's
  200,000 would take minutes);
- an uncontended pthread mutex lock+unlock, libc's against the counted one;
- the first caught panic of the process and the first at a new place.

  python3 Benchmarks/survival.py
"""
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compare  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "5"))


def figures(binary, env=None):
    out = subprocess.run([binary], text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         env={**os.environ, **(env or {})}).stdout
    return {name: float(value) for name, value in (line.split("\t") for line in out.splitlines() if line.count("\t") == 1)}


def main():
    tree = compare.WORK / "survival-baseline"
    if not tree.exists():
        compare.run(["git", "-C", compare.ROOT, "worktree", "add", "--detach", tree, compare.SURVIVAL_BASELINE])
    scratch = compare.WORK / "survival-baseline-build"
    compare.run(["swift", "build", "-c", "release", "--scratch-path", scratch, "--product", "PanicMicro"], cwd=tree / "Benchmarks")
    baseline = Path(compare.run(["swift", "build", "-c", "release", "--scratch-path", scratch, "--show-bin-path"],
                                cwd=tree / "Benchmarks").strip().splitlines()[-1]) / "PanicMicro"
    compare.run(["swift", "build", "-c", "release", "--scratch-path", ".build", "--product", "PanicMicro"], cwd=compare.HERE)
    current = Path(compare.run(["swift", "build", "-c", "release", "--scratch-path", ".build", "--show-bin-path"],
                               cwd=compare.HERE).strip().splitlines()[-1]) / "PanicMicro"
    samples = {"before": [], "after": []}
    for _ in range(ROUNDS):
        samples["before"].append(figures(baseline))
        samples["after"].append(figures(current))
    compare.run(["swift", "build", "-c", "release", "--product", "SurvivalFixture"], cwd=compare.ROOT)
    fixture = compare.ROOT / ".build" / "release" / "SurvivalFixture"
    exact_runs = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([fixture, "round-trip"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={**os.environ, "PANIC_FRAME_WALK": "off", "ROUNDS": "2000"}, check=True)
        exact_runs.append((time.perf_counter() - start) / 2000 * 1e9)

    def median(label, name):
        values = [run[name] for run in samples[label] if name in run]
        return statistics.median(values) if values else float("nan")

    trip = "panic + catch, depth 10, silent hook"
    before, after, exact = median("before", trip), median("after", trip), statistics.median(exact_runs)
    libc, counted = median("after", "pthread mutex lock+unlock, libc's"), median("after", "pthread mutex lock+unlock, counted")
    print(f"survival rule, medians of {ROUNDS} alternating runs (baseline {compare.SURVIVAL_BASELINE}):")
    print(f"  round trip, depth 10, silent hook    before {before:8.1f} ns   after {after:8.1f} ns   added {after - before:+.1f} ns (goal: ≤ +100 ns)")
    print(f"  the same, exact walk every time      {exact / 1000:8.1f} µs   (PANIC_FRAME_WALK=off, SurvivalFixture round-trip; the portable path)")
    print(f"  pthread mutex lock+unlock            libc's {libc:6.2f} ns   counted {counted:6.2f} ns   added {counted - libc:+.2f} ns (goal: ≤ +2 ns)")
    print(f"  first caught panic of the process    {median('after', 'panic + catch, first in the process') / 1000:8.1f} µs   (loads libdw, reads the frames' debug info)")
    print(f"  first caught panic at a new place    {median('after', 'panic + catch, first at a new place') / 1000:8.1f} µs   (goal: ≤ 1 ms)")


if __name__ == "__main__":
    main()
