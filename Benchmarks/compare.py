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
     Rust program with panic = "unwind" and "abort"; with their stripped sizes;
  5. the toolchain's own backtracer (`import Runtime`, SE-0419's Backtrace),
     Benchmarks/ToolchainBacktrace, its own package: the "Swift
     Runtime.Backtrace" column (skipped with a note where it does not build);
  6. issue 15's figures, each a ratio measured in this run beside its goal:
     start-up (startup_cost: Benchmarks/startup.py when present), catchUnwind
     against a plain call, the round trip against Rust, the cold backtrace by
     both methods (cold_backtrace: Benchmarks/coldtrace.py when present),
     abort against unwind size, and the toolchain's backtracer.

Prints the tables, writes results.json and chart.png beside this file (the
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


# Environment variables that turn backtraces on: a "cold" figure is warm, a death slower.
BACKTRACE_VARIABLES = ("SWIFT_BACKTRACE", "PANIC_BACKTRACE", "RUST_BACKTRACE", "RUST_LIB_BACKTRACE")


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
    env = {k: v for k, v in os.environ.items() if k not in BACKTRACE_VARIABLES}
    if smoke:
        env["BENCHMARK_SMOKE"] = "1"
    # Only PanicBenchmarks: the plugin would otherwise run every executable of the package
    # (PanicMicro, programs that exit 101 on purpose...) and fail on the first non-zero exit.
    text = run(["swift", "package", "--scratch-path", ".build", "benchmark", "--target", "PanicBenchmarks", "--no-progress"], cwd=HERE, env=env)
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


MICRO_RUNS = 5


def tab_medians(outputs):
    """Per name, the median of the `name<TAB>value` lines of several runs."""
    samples = {}
    for out in outputs:
        for name, value in (line.split("\t") for line in out.splitlines() if line.count("\t") == 1):
            samples.setdefault(name, []).append(float(value))
    return {name: statistics.median(values) for name, values in samples.items()}


def plain_loops(smoke):
    """The same measurements as the Rust reference, in a plain timed loop: PanicMicro
    and roundtrip.rs (None without cargo), run MICRO_RUNS times each, taking turns
    (this machine's speed drifts by several percent between runs), medians. The
    first run of each binary in a process is a cold start (the cold lines are kept
    as measured each time, medians too)."""
    run(["swift", "build", "-c", "release", "--scratch-path", ".build", "--product", "PanicMicro"], cwd=HERE)
    swift_binary = Path(run(["swift", "build", "-c", "release", "--scratch-path", ".build", "--show-bin-path"], cwd=HERE).strip().splitlines()[-1]) / "PanicMicro"
    rust_binary = None
    if shutil.which("cargo"):
        crate = HERE / "rust-reference"
        run(["cargo", "build", "--release", "--offline", "--quiet"], cwd=crate)
        rust_binary = crate / "target/release/roundtrip"
    env = {k: v for k, v in os.environ.items() if k not in BACKTRACE_VARIABLES}
    if smoke:
        env["BENCHMARK_SMOKE"] = "1"
    swift_out, rust_out = [], []
    for _ in range(1 if smoke else MICRO_RUNS):
        swift_out.append(subprocess.run([swift_binary], env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout)
        if rust_binary:
            # The default hook writes to stderr.
            rust_out.append(subprocess.run([rust_binary], env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout)
    return tab_medians(swift_out), (tab_medians(rust_out) if rust_binary else None)


# MARK: - what the survival check costs

# The last commit before the survival rule (docs/GUARANTEES.md, "Surviving a
# caught panic": every skipped frame understood, locks counted, task-local
# bindings popped): its PanicMicro is "today" for the goal "a round trip with
# no hazard costs at most 100 ns more".
SURVIVAL_BASELINE = "38c7b20"


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
    env = {k: v for k, v in os.environ.items() if k not in BACKTRACE_VARIABLES}
    if smoke:
        env["BENCHMARK_SMOKE"] = "1"
    text = run(["swift", "test", "-c", "release", "--scratch-path", ".build"], cwd=HERE / "PanicTestingCost", env=env)
    return {name: float(ns) for name, ns in (line.split("\t") for line in text.splitlines()
                                             if line.count("\t") == 1 and not line.startswith("\t"))}


# MARK: - the toolchain's own backtracer

def toolchain_backtrace(smoke):
    """The toolchain's `Backtrace` (`import Runtime`, SE-0419), timed like PanicMicro:
    Benchmarks/ToolchainBacktrace, its own package (no swift-panic in its graph).
    Medians over several runs of the binary (the cold figures are one call each).
    Returns (figures, None), or (None, why) where `import Runtime` does not build."""
    package = HERE / "ToolchainBacktrace"
    build = subprocess.run(["swift", "build", "-c", "release", "--scratch-path", ".build"], cwd=package,
                           text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if build.returncode != 0:
        errors = [line for line in build.stdout.splitlines() if "error:" in line]
        return None, (errors[0].strip() if errors else f"swift build failed ({build.returncode})")
    binary = package / ".build/release/ToolchainBacktrace"
    env = {k: v for k, v in os.environ.items() if k not in BACKTRACE_VARIABLES}
    if smoke:
        env["BENCHMARK_SMOKE"] = "1"
    samples = {}
    for _ in range(1 if smoke else 5):
        out = subprocess.run([binary], env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        for name, value in (line.split("\t") for line in out.splitlines() if line.count("\t") == 1):
            samples.setdefault(name, []).append(float(value))
    if not samples:
        return None, "ToolchainBacktrace printed nothing"
    return {name: statistics.median(values) for name, values in samples.items()}, None


# MARK: - issue 15: start-up and the cold backtrace

def tab_lines(text):
    """`name<TAB>number` lines of a script's output; anything else is skipped."""
    values = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 2:
            try:
                values[parts[0].strip()] = float(parts[1].strip().rstrip("%"))
            except ValueError:
                pass
    return values


def helper_script(name, arguments=(), extra_env=None):
    """Runs Benchmarks/<name> when it exists: its `name<TAB>value` lines, or None when
    the script is absent."""
    script = HERE / name
    if not script.exists():
        return None
    env = {k: v for k, v in os.environ.items() if k not in BACKTRACE_VARIABLES}
    env.update(extra_env or {})
    return tab_lines(run([sys.executable, script, *arguments], cwd=ROOT, env=env))


def elapsed_ms(binaries, runs):
    """Median wall time (ms) of each binary from exec to exit, the binaries taking turns
    (the machine's load drifts). With perf: rounds of `perf stat -r 20` (the mean elapsed
    of each round; the median of the rounds); without it, or when perf fails: single runs
    timed here, median."""
    perf = shutil.which("perf") is not None
    per_round = min(20, runs)
    samples = {name: [] for name in binaries}
    for _ in range(max(1, runs // per_round)):
        for name, binary in binaries.items():
            if perf:
                result = subprocess.run(["perf", "stat", "-r", str(per_round), "--", binary], text=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                match = re.search(r"([0-9.]+) \+- [0-9.]+ seconds time elapsed", result.stderr)
                if result.returncode == 0 and match:
                    samples[name].append(float(match.group(1)) * 1e3)
                    continue
                perf = False
            for _ in range(per_round):
                begin = time.perf_counter()
                subprocess.run([binary], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                samples[name].append((time.perf_counter() - begin) * 1e3)
    return {name: statistics.median(values) for name, values in samples.items()}


def startup_cost(smoke):
    """Issue 15, item 1: a hello world under `start {}` against a plain Swift hello world.
    Runs Benchmarks/startup.py when it exists (its `name<TAB>ms` lines); otherwise builds
    both here (a plain `swiftc -O` hello, and a one-file package importing PanicRuntime in
    .build-compare) and times them with elapsed_ms. Returns (lines, plain name, start name)."""
    lines = helper_script("startup.py", extra_env={"STARTUP_RUNS": "20"} if smoke else None)
    if lines is None:
        WORK.mkdir(exist_ok=True)
        plain = WORK / "hello-plain"
        (WORK / "hello-plain.swift").write_text('print("hello")\n')
        run(["swiftc", "-O", WORK / "hello-plain.swift", "-o", plain])
        package = WORK / "hello-start"
        (package / "Sources/hello-start").mkdir(parents=True, exist_ok=True)
        (package / "Package.swift").write_text(
            "// swift-tools-version: 6.1\n"
            "// Written by Benchmarks/compare.py (startup_cost): a hello world under start {}.\n"
            "import PackageDescription\n"
            "let package = Package(name: \"hello-start\",\n"
            f"    dependencies: [.package(name: \"swift-panic\", path: \"{ROOT}\")],\n"
            "    targets: [.executableTarget(name: \"hello-start\", dependencies: [.product(name: \"PanicRuntime\", package: \"swift-panic\")])])\n")
        (package / "Sources/hello-start/main.swift").write_text('import PanicRuntime\n\nstart { print("hello") }\n')
        run(["swift", "build", "-c", "release", "--scratch-path", package / ".build"], cwd=package)
        lines = elapsed_ms({"plain Swift hello world": plain,
                            "hello world under start {}": package / ".build/release/hello-start"},
                           20 if smoke else 160)
    plain_name = "plain Swift hello world" if "plain Swift hello world" in lines else None
    start_name = "hello world under start {}" if "hello world under start {}" in lines else None
    return lines, plain_name, start_name


def cold_backtrace(smoke):
    """Issue 15, item 4: the cold backtrace by both methods (in process; a whole process
    dying of a panic with a short backtrace), both languages. Runs Benchmarks/coldtrace.py
    when it exists (its `swift: what<TAB>µs` and `rust: what<TAB>µs` lines); None otherwise
    (main() then uses PanicMicro's and roundtrip.rs's cold lines and times panic-demo and
    death with the backtrace on)."""
    return helper_script("coldtrace.py", ["--runs", "3"] if smoke else [])


def rust_pairs(values):
    """coldtrace.py's figures in pairs: (what, swift-panic µs, Rust µs) for each
    `swift: what` that has a `rust: what`."""
    return [(name[len("swift: "):], value, values[f"rust: {name[len('swift: '):]}"])
            for name, value in values.items()
            if name.startswith("swift: ") and f"rust: {name[len('swift: '):]}" in values]


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


def fmt(ns):
    if ns is None:
        return "-"
    return f"{ns / 1e6:,.1f} ms" if ns >= 1e6 else (f"{ns / 1e3:,.1f} µs" if ns >= 1e4 else f"{ns:,.0f} ns")


def times(ratio):
    return f"{ratio:,.1f}x" if ratio < 10 else f"{ratio:,.0f}x"


def verdict(met):
    return "-" if met is None else ("met" if met else "MISSED")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="a few iterations of everything (CI)")
    args = parser.parse_args()

    swift = swift_micro(args.smoke)
    plain_loop, rust = plain_loops(args.smoke)
    toolchain, toolchain_note = toolchain_backtrace(args.smoke)
    survival = survival_check_cost(plain_loop, args.smoke)
    testing = panic_testing_cost(args.smoke)
    startup, startup_plain, startup_start = startup_cost(args.smoke)
    cold = cold_backtrace(args.smoke)
    programs = build_programs()
    runs = 3 if args.smoke else 30
    processes = {}
    for name, (path, env, arguments) in programs.items():
        ms, status = time_to_death(path, env, arguments, runs)
        processes[name] = {"ms": ms, "status": status_text(status), "stripped_bytes": stripped_size(path)}
    # Without coldtrace.py: the whole-process cold backtrace is a death with the backtrace on.
    cold_processes = {}
    if cold is None:
        for name, (path, env, arguments) in programs.items():
            if "unwind" in name:
                backtrace_env = {"RUST_BACKTRACE": "1"} if name.startswith("Rust") else {"PANIC_BACKTRACE": "1"}
                cold_processes[name] = time_to_death(path, {**env, **backtrace_env}, arguments, runs)[0]

    rows = []
    base = plain_loop.get("plain call")
    toolchain = toolchain or {}

    def micro(label, loop_name, harness_name, rust_name=None, toolchain_name=None, goal=""):
        loop = plain_loop.get(loop_name)
        harness = swift.get(harness_name, {}) if harness_name else {}
        r = rust.get(rust_name) if (rust and rust_name) else None
        t = toolchain.get(toolchain_name) if toolchain_name else None
        notes = []
        if loop and base and "happy" in loop_name:
            notes.append(f"{loop / base:.1f}x plain call")
        if r and loop:
            notes.append(f"{r / loop:.1f}x faster than Rust" if r > loop else f"{loop / r:.1f}x slower than Rust")
        if t and loop:
            notes.append(f"{times(t / loop)} faster than Runtime.Backtrace" if t > loop else f"{times(loop / t)} slower than Runtime.Backtrace")
        rows.append((label, fmt(loop), fmt(harness.get("p50_ns")), str(harness.get("mallocs", "-")), fmt(r), fmt(t), ", ".join(notes), goal))

    micro("plain call", "plain call", "plain call (baseline)", "plain call")
    micro("catchUnwind, happy path", "catchUnwind, happy path", "catchUnwind, happy path", "catch_unwind, happy path", None, "≤ 6x plain call, 0 mallocs")
    micro("panic + catch, depth 10, silent hook", "panic + catch, depth 10, silent hook", "panic + catch, depth 10, silent hook", "panic + catch_unwind, depth 10, silent hook", None, "≥ 30x faster than Rust")
    micro("panic + catch, depth 10, default hook to /dev/null", "panic + catch, depth 10, default hook", "panic + catch, depth 10, default hook to /dev/null", "panic + catch_unwind, depth 10, default hook")
    micro("pthread mutex lock+unlock, libc's", "pthread mutex lock+unlock, libc's", None)
    micro("pthread mutex lock+unlock, counted (lock tracking)", "pthread mutex lock+unlock, counted", None, None, None, "≤ libc's + 2 ns")
    micro("panic + catch, first in the process (exact walk, libdw loaded)", "panic + catch, first in the process", None)
    micro("panic + catch, first at a new place (exact walk)", "panic + catch, first at a new place", None, None, None, "≤ 1 ms")
    micro("Mutex.withLock (Synchronization), uncontended", "Mutex.withLock, uncontended", None)
    micro("PanicMutex.withLock, uncontended", "PanicMutex.withLock, uncontended", None, None, None, "≤ 2x Mutex.withLock")
    micro("Backtrace.capture, 20 frames", "Backtrace.capture, 20 frames", "Backtrace.capture, 20 frames", "Backtrace::force_capture, 20 frames", "Runtime.Backtrace.capture, warm", "< 1 µs")
    micro("Backtrace.capture, cold (first in process)", "Backtrace.capture, cold", None, None, "Runtime.Backtrace.capture, cold")
    micro("short print of a captured trace, warm", None, "Backtrace short print, 20 frames, warm", None, None, "< 50 µs")
    micro("capture + short print, warm", "Backtrace capture + short print, warm", "Backtrace capture + short print, 20 frames, warm", "Backtrace capture + resolve + format, warm", "Runtime.Backtrace capture + symbolicate + describe, warm")
    micro("capture + short print, cold (first in process)", "Backtrace capture + short print, cold", None, "Backtrace capture + resolve + format, cold", "Runtime.Backtrace capture + symbolicate + describe, cold", "no slower than Rust")

    headers = ("micro benchmark", "plain loop", "harness p50", "mallocs", "Rust 1.95", "Swift Runtime.Backtrace")
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
    print()
    print("  ".join(h.ljust(widths[i]) if i == 0 else h.rjust(widths[i]) for i, h in enumerate(headers)) + "  comparison")
    for row in rows:
        cells = "  ".join(str(c).ljust(widths[i]) if i == 0 else str(c).rjust(widths[i]) for i, c in enumerate(row[:len(headers)]))
        print(cells + "  " + row[6] + (f"   (goal: {row[7]})" if row[7] else ""))
    print(f"plain loop: a timed loop with the system malloc, as the Rust reference measures (Benchmarks/PanicMicro);")
    print(f"  it and roundtrip.rs run {MICRO_RUNS} times each, taking turns: medians;")
    print("harness: package-benchmark's p50, whose malloc interposer counts allocations and slows each one.")
    print("Swift Runtime.Backtrace: the toolchain's own backtracer (`import Runtime`, Benchmarks/ToolchainBacktrace), its defaults:")
    print("  capture() reads the image map each time; symbolicated().description describes every frame, with source locations.")
    if "Runtime.Backtrace.capture(images:), warm" in toolchain:
        print(f"  given an ImageMap captured once, its capture takes {fmt(toolchain['Runtime.Backtrace.capture(images:), warm'])}"
              f" and capture + symbolicate + describe {fmt(toolchain.get('Runtime.Backtrace capture(images:) + symbolicate + describe, warm'))}.")
    if toolchain_note:
        print(f"(the toolchain's `import Runtime` does not build here, its column is empty: {toolchain_note})")
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

    # Issue 15: every figure a ratio measured above, in this run, beside its goal.
    goals = []

    def goal(item, measured, target, met):
        goals.append({"item": item, "measured": measured, "goal": target, "met": met})

    plain_ms = startup.get(startup_plain) if startup_plain else None
    start_ms = startup.get(startup_start) if startup_start else None
    if plain_ms and start_ms:
        overhead = (start_ms / plain_ms - 1) * 100
        goal("1. start-up: hello world under start {} vs plain Swift",
             f"{start_ms:.2f} ms vs {plain_ms:.2f} ms: {overhead:+.1f}%", "≤ +5%", overhead <= 5)
        # startup.py also times a plain hello built by SwiftPM, and CPU time (user + system).
        for suffix, what in ((", SwiftPM", "plain Swift built by SwiftPM"), (", CPU", "plain Swift, CPU time")):
            plain_other = startup.get(f"plain Swift hello world{suffix}")
            start_other = startup.get(f"hello world under start {{}}{', CPU' if suffix == ', CPU' else ''}")
            if plain_other and start_other:
                overhead = (start_other / plain_other - 1) * 100
                goal(f"1. start-up: hello world under start {{}} vs {what}",
                     f"{start_other:.2f} ms vs {plain_other:.2f} ms: {overhead:+.1f}%", "≤ +5%", overhead <= 5)
    else:
        goal("1. start-up: hello world under start {} vs plain Swift",
             "startup.py printed: " + ", ".join(f"{n} {v:g}" for n, v in startup.items()), "≤ +5%", None)
    happy = plain_loop.get("catchUnwind, happy path")
    happy_mallocs = swift.get("catchUnwind, happy path", {}).get("mallocs")
    if happy and base:
        goal("2. catchUnwind happy path vs plain call",
             f"{happy:.1f} ns vs {base:.1f} ns: {happy / base:.1f}x, {'?' if happy_mallocs is None else happy_mallocs} mallocs",
             "≤ 6x, 0 mallocs", happy / base <= 6 and happy_mallocs == 0)
    trip = plain_loop.get("panic + catch, depth 10, silent hook")
    rust_trip = rust.get("panic + catch_unwind, depth 10, silent hook") if rust else None
    if trip and rust_trip:
        goal("3. round trip (depth 10, silent hook) vs Rust",
             f"{fmt(trip)} vs {fmt(rust_trip)}: {rust_trip / trip:.1f}x faster", "≥ 30x faster", rust_trip / trip >= 30)
    if cold is not None:
        for what, ours, theirs in rust_pairs(cold):
            # coldtrace.py also prints the second capture (warm): beside the goal only what is cold.
            if "caught panic" in what and "cold" in what:
                # Not the issue's cold backtrace: a first panic's one-time costs, shown beside it.
                goal(f"   (no goal) {what}", f"{fmt(ours * 1e3)} vs Rust {fmt(theirs * 1e3)}: {theirs / ours:.2f}x Rust's speed",
                     "none: the first panic's one-time costs", None)
            elif "cold" in what or "whole process" in what:
                goal(f"4. cold backtrace, {what}", f"{fmt(ours * 1e3)} vs Rust {fmt(theirs * 1e3)}: {theirs / ours:.2f}x Rust's speed",
                     "no slower than Rust", ours <= theirs)
        if not rust_pairs(cold):
            goal("4. cold backtrace (coldtrace.py)", ", ".join(f"{n} {v:g}" for n, v in cold.items()), "no slower than Rust", None)
    else:
        ours, theirs = plain_loop.get("Backtrace capture + short print, cold"), rust.get("Backtrace capture + resolve + format, cold") if rust else None
        if ours and theirs:
            goal("4. cold backtrace, in process (first capture + print)", f"{fmt(ours)} vs Rust {fmt(theirs)}: {theirs / ours:.2f}x Rust's speed",
                 "no slower than Rust", ours <= theirs)
        swift_death = next((v for n, v in cold_processes.items() if n.startswith("swift-panic")), None)
        rust_death = next((v for n, v in cold_processes.items() if n.startswith("Rust")), None)
        if swift_death and rust_death:
            goal("4. cold backtrace, whole process (start to death, backtrace on)",
                 f"{swift_death:.1f} ms vs Rust {rust_death:.1f} ms: {rust_death / swift_death:.2f}x Rust's speed",
                 "no slower than Rust", swift_death <= rust_death)

    def size_delta(unwind_name, abort_name):
        unwind, abort = processes.get(unwind_name), processes.get(abort_name)
        if not unwind or not abort:
            return None
        delta = abort["stripped_bytes"] - unwind["stripped_bytes"]
        return delta / 1024, delta / unwind["stripped_bytes"] * 100

    ours_size = size_delta("swift-panic, unwind (panic-demo --panic-now)", "swift-panic, abort (panic-demo --panic-now)")
    rust_size = size_delta('Rust, panic = "unwind"', 'Rust, panic = "abort"')
    if ours_size:
        beside = f"; Rust {rust_size[0]:+.1f} KiB ({rust_size[1]:+.2f}%)" if rust_size else ""
        goal("5. abort vs unwind, stripped size", f"{ours_size[0]:+.1f} KiB ({ours_size[1]:+.2f}%){beside}",
             "abort smaller (Rust's delta beside)", ours_size[0] < 0)
    if toolchain:
        parts = []
        for label, ours_name, theirs_name in (("capture warm", "Backtrace.capture, 20 frames", "Runtime.Backtrace.capture, warm"),
                                              ("capture cold", "Backtrace.capture, cold", "Runtime.Backtrace.capture, cold"),
                                              ("capture+print warm", "Backtrace capture + short print, warm", "Runtime.Backtrace capture + symbolicate + describe, warm"),
                                              ("cold", "Backtrace capture + short print, cold", "Runtime.Backtrace capture + symbolicate + describe, cold")):
            ours, theirs = plain_loop.get(ours_name), toolchain.get(theirs_name)
            if ours and theirs:
                parts.append(f"{label} {fmt(theirs)} ({times(theirs / ours)} ours)")
        goal("6. the toolchain's Runtime.Backtrace", ", ".join(parts), "shown beside ours", None)
    else:
        goal("6. the toolchain's Runtime.Backtrace", f"skipped: {toolchain_note}", "shown beside ours", None)

    print("\nissue 15, each figure measured in this run" + (" (smoke: a few iterations, not figures to quote)" if args.smoke else ""))
    item_width = max(len(g["item"]) for g in goals)
    for g in goals:
        print(f"  {g['item']:<{item_width}}  {g['measured']}   (goal: {g['goal']}: {verdict(g['met'])})")
    for name, value in (cold or {}).items():
        if name.startswith("swift: ") and "cold" not in name and "whole process" not in name and f"rust: {name[7:]}" in cold:
            print(f"  coldtrace.py, {name[7:]}: {fmt(value * 1e3)} vs Rust {fmt(cold[f'rust: {name[7:]}'] * 1e3)}")
        elif not name.startswith(("swift: ", "rust: ", "ratio ")):
            print(f"  coldtrace.py, {name}: {fmt(value * 1e3)}")

    results = {"swift": swift, "swift_plain_loop": plain_loop, "rust": rust, "panic_testing": testing, "processes": processes, "smoke": args.smoke,
               "survival_check": survival, "toolchain_backtrace": toolchain or None, "toolchain_backtrace_note": toolchain_note,
               "startup_ms": startup, "cold_backtrace": cold, "cold_backtrace_processes_ms": cold_processes or None, "issue15": goals,
               "machine": run(["uname", "-srm"]).strip(), "cores": os.cpu_count()}
    (HERE / ("results-smoke.json" if args.smoke else "results.json")).write_text(json.dumps(results, indent=2) + "\n")
    if not args.smoke:
        chart(processes, HERE / "chart.png")
        print(f"\nwrote {HERE / 'results.json'} and {HERE / 'chart.png'}")


if __name__ == "__main__":
    main()
