#!/usr/bin/env python3
"""The whole comparison: swift-panic against a plain call, Rust and fatalError.

Runs, on this machine, in one go:
  1. the micro benchmarks of Benchmarks/ (ordo-one's package-benchmark);
  2. the Rust reference (Benchmarks/rust-reference, std only, built offline
     with cargo; skipped with a note when cargo is missing);
  3. one expectPanic against one Swift Testing exit test for the same check
     (Benchmarks/PanicTestingCost);
  4. whole processes from start to death: the example app panic-demo built
     with the unwind and the abort strategy, a Swift program that calls
     fatalError (Swift's crash backtracer on, its default, and off), and a
     Rust program with panic = "unwind" and "abort"; with their stripped sizes.

Prints one table, writes results.json and chart.png beside this file (the
chart needs matplotlib; it is installed with pip when missing).

  Benchmarks/compare.py            # the full run (about 5 minutes after the builds)
  Benchmarks/compare.py --smoke    # a few iterations of everything, for CI
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".build-compare"


def run(command, cwd=None, env=None, check=True, capture=True):
    result = subprocess.run(command, cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE if capture else None,
                            stderr=subprocess.STDOUT if capture else None)
    if check and result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(map(str, command))}\n{result.stdout or ''}")
    return result.stdout or ""


# MARK: - micro benchmarks

UNITS = {"ns": 1.0, "μs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}


def swift_micro(smoke):
    """p50 wall clock (ns) and mallocs of every benchmark in Benchmarks/."""
    env = dict(os.environ)
    if smoke:
        env["BENCHMARK_SMOKE"] = "1"
    text = run(["swift", "package", "--scratch-path", ".build", "benchmark", "--no-progress"], cwd=HERE, env=env)
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    results, name = {}, None
    for line in text.splitlines():
        if line and not line.startswith(("│", "╒", "╞", "├", "╘", "=", " ")) and "Time" not in line:
            name = line.strip()
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if name and cells and cells[0].startswith("Time (wall clock)"):
            unit = re.search(r"\((ns|μs|us|ms|s)\)", cells[0]).group(1)
            results.setdefault(name, {})["p50_ns"] = float(cells[3]) * UNITS[unit]
        if name and cells and cells[0].startswith("Malloc (total)"):
            results.setdefault(name, {})["mallocs"] = int(cells[3])
    return results


def swift_plain(smoke):
    """The same measurements as the Rust reference, in a plain timed loop (PanicMicro)."""
    run(["swift", "build", "-c", "release", "--scratch-path", ".build", "--product", "PanicMicro"], cwd=HERE)
    binary = Path(run(["swift", "build", "-c", "release", "--scratch-path", ".build", "--show-bin-path"], cwd=HERE).strip().splitlines()[-1]) / "PanicMicro"
    env = dict(os.environ)
    if smoke:
        env["BENCHMARK_SMOKE"] = "1"
    out = subprocess.run([binary], env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    return {name: float(ns) for name, ns in (line.split("\t") for line in out.splitlines() if "\t" in line)}


def rust_micro(smoke):
    if not shutil.which("cargo"):
        return None
    crate = HERE / "rust-reference"
    run(["cargo", "build", "--release", "--offline", "--quiet"], cwd=crate)
    env = dict(os.environ)
    if smoke:
        env["BENCHMARK_SMOKE"] = "1"
    out = subprocess.run([crate / "target/release/roundtrip"], env=env, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    return {name: float(ns) for name, ns in (line.split("\t") for line in out.splitlines() if "\t" in line)}


# MARK: - what the survival check costs

# The last commit before the survival check (docs/GUARANTEES.md, "Surviving a
# caught panic"): its PanicMicro is "today" for the goal "a round trip with no
# hazard costs at most 100 ns more".
SURVIVAL_BASELINE = "99b37a0"


def survival_check_cost(plain_loop, smoke, rounds=5):
    """Round trip (depth 10, silent hook) of SURVIVAL_BASELINE against this tree:
    both PanicMicro binaries run alternately, medians compared. None without git
    history (a shallow clone) or in smoke mode."""
    if smoke:
        return None
    tree = WORK / "survival-baseline"
    if not tree.exists():
        if subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", tree, SURVIVAL_BASELINE],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
            return None
    scratch = WORK / "survival-baseline-build"
    run(["swift", "build", "-c", "release", "--scratch-path", scratch, "--product", "PanicMicro"], cwd=tree / "Benchmarks")
    baseline = Path(run(["swift", "build", "-c", "release", "--scratch-path", scratch, "--show-bin-path"], cwd=tree / "Benchmarks").strip().splitlines()[-1]) / "PanicMicro"
    current = Path(run(["swift", "build", "-c", "release", "--scratch-path", ".build", "--show-bin-path"], cwd=HERE).strip().splitlines()[-1]) / "PanicMicro"
    name = "panic + catch, depth 10, silent hook"
    samples = {"before": [], "after": []}
    for _ in range(rounds):
        for label, binary in (("before", baseline), ("after", current)):
            out = subprocess.run([binary], text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
            values = dict(line.split("\t") for line in out.splitlines() if "\t" in line)
            samples[label].append(float(values[name]))
    before, after = statistics.median(samples["before"]), statistics.median(samples["after"])
    return {"before_ns": before, "after_ns": after, "added_ns": after - before, "samples": samples}

# MARK: - expectPanic against an exit test

def panic_testing_cost(smoke):
    """One expectPanic against one exit test (#expect(processExitsWith:)) for the same check:
    Benchmarks/PanicTestingCost, a Swift Testing package (exit tests run only inside a test run)
    whose tests print the median nanoseconds per check. Release build."""
    env = dict(os.environ)
    if smoke:
        env["BENCHMARK_SMOKE"] = "1"
    text = run(["swift", "test", "-c", "release", "--scratch-path", ".build"], cwd=HERE / "PanicTestingCost", env=env)
    return {name: float(ns) for name, ns in (line.split("\t") for line in text.splitlines()
                                             if line.count("\t") == 1 and not line.startswith("\t"))}


# MARK: - whole processes

def build_programs():
    """Builds every program timed from start to death; returns name -> (path, environment)."""
    WORK.mkdir(exist_ok=True)
    programs = {}
    for strategy, traits in (("unwind", []), ("abort", ["--traits", "PanicAbort"])):
        scratch = WORK / f"swift-{strategy}"
        run(["swift", "build", "-c", "release", "--product", "panic-demo", "--scratch-path", scratch, *traits], cwd=ROOT)
        binary = Path(run(["swift", "build", "-c", "release", "--show-bin-path", "--scratch-path", scratch, *traits], cwd=ROOT).strip().splitlines()[-1]) / "panic-demo"
        programs[f"swift-panic, {strategy} (panic-demo --panic-now)"] = (binary, {}, ["--panic-now"])
    fatal = WORK / "fatal-error"
    run(["swiftc", "-O", HERE / "fatal-error/main.swift", "-o", fatal])
    programs["Swift fatalError, crash backtracer on (default)"] = (fatal, {}, [])
    programs["Swift fatalError, crash backtracer off"] = (fatal, {"SWIFT_BACKTRACE": "enable=no"}, [])
    if shutil.which("cargo"):
        crate = HERE / "rust-reference"
        run(["cargo", "build", "--release", "--offline", "--quiet", "--bin", "death"], cwd=crate)
        run(["cargo", "build", "--profile", "release-abort", "--offline", "--quiet", "--bin", "death"], cwd=crate)
        programs['Rust, panic = "unwind"'] = (crate / "target/release/death", {}, [])
        programs['Rust, panic = "abort"'] = (crate / "target/release-abort/death", {}, [])
    return programs


def time_to_death(path, extra_env, arguments, runs):
    env = {k: v for k, v in os.environ.items() if k not in ("SWIFT_BACKTRACE", "PANIC_BACKTRACE", "RUST_BACKTRACE")}
    env.update(extra_env)
    samples, status = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run([path, *arguments], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append((time.perf_counter() - start) * 1e3)
        status = result.returncode
    return statistics.median(samples), status


def stripped_size(path):
    copy = WORK / (Path(path).name + ".stripped")
    shutil.copy(path, copy)
    run(["strip", copy])
    return copy.stat().st_size


def status_text(code):
    return f"signal {-code}" if code < 0 else f"exit {code}"


# MARK: - report

def chart(processes, path):
    try:
        import matplotlib
    except ImportError:
        run([sys.executable, "-m", "pip", "install", "--quiet", "matplotlib"])
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(processes)
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8))
    left.barh(names, [processes[n]["ms"] for n in names], color="#4477aa")
    left.set_xlabel("ms, start to death (median)")
    left.invert_yaxis()
    right.barh(names, [processes[n]["stripped_bytes"] / 1024 for n in names], color="#cc6677")
    right.set_xlabel("KiB, stripped binary (Swift: plus the shared Swift runtime)")
    right.invert_yaxis()
    right.set_yticklabels([])
    fig.suptitle("A panic from start to death, and the binary that does it")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="a few iterations of everything (CI)")
    args = parser.parse_args()

    swift = swift_micro(args.smoke)
    plain_loop = swift_plain(args.smoke)
    rust = rust_micro(args.smoke)
    survival = survival_check_cost(plain_loop, args.smoke)
    testing = panic_testing_cost(args.smoke)
    programs = build_programs()
    runs = 3 if args.smoke else 30
    processes = {}
    for name, (path, env, arguments) in programs.items():
        ms, status = time_to_death(path, env, arguments, runs)
        processes[name] = {"ms": ms, "status": status_text(status), "stripped_bytes": stripped_size(path)}

    rows = []
    base = plain_loop.get("plain call")

    def micro(label, loop_name, harness_name, rust_name=None, goal=""):
        loop = plain_loop.get(loop_name)
        harness = swift.get(harness_name, {}) if harness_name else {}
        r = rust.get(rust_name) if (rust and rust_name) else None
        notes = []
        if loop and base and "happy" in loop_name:
            notes.append(f"{loop / base:.1f}x plain call")
        if r and loop:
            notes.append(f"{r / loop:.1f}x faster than Rust" if r > loop else f"{loop / r:.1f}x slower than Rust")
        rows.append((label, fmt(loop), fmt(harness.get("p50_ns")), str(harness.get("mallocs", "-")), fmt(r), ", ".join(notes), goal))

    def fmt(ns):
        if ns is None:
            return "-"
        return f"{ns / 1e6:,.1f} ms" if ns >= 1e6 else (f"{ns / 1e3:,.1f} µs" if ns >= 1e4 else f"{ns:,.0f} ns")

    micro("plain call", "plain call", "plain call (baseline)", "plain call")
    micro("catchUnwind, happy path", "catchUnwind, happy path", "catchUnwind, happy path", "catch_unwind, happy path", "≤ 6x plain call, 0 mallocs")
    micro("panic + catch, depth 10, silent hook", "panic + catch, depth 10, silent hook", "panic + catch, depth 10, silent hook", "panic + catch_unwind, depth 10, silent hook", "≥ 20x faster than Rust")
    micro("panic + catch, depth 10, default hook to /dev/null", "panic + catch, depth 10, default hook", "panic + catch, depth 10, default hook to /dev/null", "panic + catch_unwind, depth 10, default hook")
    micro("Mutex.withLock (Synchronization), uncontended", "Mutex.withLock, uncontended", None)
    micro("PanicMutex.withLock, uncontended", "PanicMutex.withLock, uncontended", None, None, "≤ 2x Mutex.withLock")
    micro("Backtrace.capture, 20 frames", "Backtrace.capture, 20 frames", "Backtrace.capture, 20 frames", "Backtrace::force_capture, 20 frames", "< 1 µs")
    micro("short print of a captured trace, warm", None, "Backtrace short print, 20 frames, warm", None, "< 50 µs")
    micro("capture + short print, warm", "Backtrace capture + short print, warm", "Backtrace capture + short print, 20 frames, warm", "Backtrace capture + resolve + format, warm")
    micro("capture + short print, cold (first in process)", "Backtrace capture + short print, cold", None, "Backtrace capture + resolve + format, cold")

    headers = ("micro benchmark", "plain loop", "harness p50", "mallocs", "Rust 1.95", "", "goal")
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(5)]
    print()
    print("  ".join(h.ljust(widths[i]) if i == 0 else h.rjust(widths[i]) for i, h in enumerate(headers[:5])) + "  comparison")
    for row in rows:
        cells = "  ".join(str(c).ljust(widths[i]) if i == 0 else str(c).rjust(widths[i]) for i, c in enumerate(row[:5]))
        print(cells + "  " + row[5] + (f"   (goal: {row[6]})" if row[6] else ""))
    print("plain loop: a timed loop with the system malloc, as the Rust reference measures (Benchmarks/PanicMicro);")
    print("harness: package-benchmark's p50, whose malloc interposer counts allocations and slows each one.")
    if rust is None:
        print("(no cargo on this machine: the Rust column is empty)")

    if survival:
        print(f"\nsurvival check, round trip depth 10 (medians of 5 alternating runs): before {survival['before_ns']:.0f} ns, "
              f"after {survival['after_ns']:.0f} ns, added {survival['added_ns']:+.0f} ns (goal: ≤ +100 ns)")
    pm, m = plain_loop.get("PanicMutex.withLock, uncontended"), plain_loop.get("Mutex.withLock, uncontended")
    if pm and m:
        print(f"PanicMutex.withLock: {pm / m:.2f}x Synchronization.Mutex.withLock (goal: ≤ 2x)")
    if "expectPanic" in testing and "exit test" in testing:
        print(f"\none check that a call panics with \"cart is empty\" (Swift Testing, release, median):")
        print(f"  expectPanic, in process               {fmt(testing['expectPanic'])}")
        print(f"  #expect(processExitsWith:), a child   {fmt(testing['exit test'])}"
              f"   ({testing['exit test'] / testing['expectPanic']:,.0f}x expectPanic)")

    width = max(len(n) for n in processes)
    print(f"\n{'start to death':<{width}}  {'median':>9}  {'status':>10}  {'stripped':>10}")
    for name, p in processes.items():
        print(f"{name:<{width}}  {p['ms']:>7.1f} ms  {p['status']:>10}  {p['stripped_bytes'] / 1024:>7.0f} KiB")

    results = {"swift": swift, "swift_plain_loop": plain_loop, "rust": rust, "panic_testing": testing, "processes": processes, "smoke": args.smoke,
               "survival_check": survival,
               "machine": run(["uname", "-srm"]).strip(), "cores": os.cpu_count()}
    (HERE / ("results-smoke.json" if args.smoke else "results.json")).write_text(json.dumps(results, indent=2) + "\n")
    if not args.smoke:
        chart(processes, HERE / "chart.png")
        print(f"\nwrote {HERE / 'results.json'} and {HERE / 'chart.png'}")


if __name__ == "__main__":
    main()
