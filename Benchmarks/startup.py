#!/usr/bin/env python3
"""Start-up cost of adopting swift-panic (issue 15, item 1).

Builds, in release, a hello world under `start {}` that never panics
(Benchmarks/StartupHello, linked with PanicRuntime) and a plain Swift hello
world, twice: with swiftc -O (startup-hello/main.swift) and with SwiftPM
(Benchmarks/StartupPlain: the same build system as StartupHello, so its
$ORIGIN RUNPATH probes count on both sides), then runs them alternately,
RUNS times each (default 200; `STARTUP_RUNS=20` for a smoke run), stdout to
/dev/null, and prints the median wall time of each and their ratio, then the
same for the CPU time (user + system, from wait4: less disturbed by other
processes on a busy machine), as `name<TAB>value` lines:

  plain Swift hello world<TAB>3.012              (ms, wall)
  hello world under start {}<TAB>3.105           (ms, wall)
  start {} / plain<TAB>1.031                     (ratio; the goal is at most 1.05)
  start {} / plain SwiftPM<TAB>1.020             (ratio against the SwiftPM-built hello world)
  plain Swift hello world, CPU<TAB>2.410         (ms)
  hello world under start {}, CPU<TAB>2.470      (ms)
  start {} / plain, CPU<TAB>1.025

  Benchmarks/startup.py
"""
import os
import statistics
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".build-startup"
WORK.mkdir(exist_ok=True)
RUNS = int(os.environ.get("STARTUP_RUNS", "200"))

for product in ("StartupHello", "StartupPlain"):
    subprocess.run(["swift", "build", "-c", "release", "--product", product, "--scratch-path", WORK / "swift"],
                   cwd=HERE, check=True, stdout=subprocess.DEVNULL)
bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path", "--scratch-path", WORK / "swift"],
                          cwd=HERE, check=True, text=True, stdout=subprocess.PIPE).stdout.strip().splitlines()[-1]
subprocess.run(["swiftc", "-O", HERE / "startup-hello/main.swift", "-o", WORK / "hello"], check=True)

programs = {
    "plain Swift hello world": str(WORK / "hello"),
    "plain Swift hello world, SwiftPM": str(Path(bin_path) / "StartupPlain"),
    "hello world under start {}": str(Path(bin_path) / "StartupHello"),
}
env = {k: v for k, v in os.environ.items() if k not in ("SWIFT_BACKTRACE", "PANIC_BACKTRACE")}
devnull = os.open(os.devnull, os.O_WRONLY)
samples = {name: [] for name in programs}
cpu = {name: [] for name in programs}
# Alternate the programs so that both see the same machine load; one warm-up run each first.
for index in range(RUNS + 1):
    for name, path in programs.items():
        start = time.perf_counter()
        pid = os.posix_spawn(path, [path], env, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
        _, status, usage = os.wait4(pid, 0)
        elapsed = (time.perf_counter() - start) * 1e3
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{name} ({path}) exited with {os.waitstatus_to_exitcode(status)}")
        if index > 0:
            samples[name].append(elapsed)
            cpu[name].append((usage.ru_utime + usage.ru_stime) * 1e3)

for suffix, measured in (("", samples), (", CPU", cpu)):
    medians = {name: statistics.median(values) for name, values in measured.items()}
    for name, value in medians.items():
        print(f"{name}{suffix}\t{value:.3f}")
    print(f"start {{}} / plain{suffix}\t{medians['hello world under start {}'] / medians['plain Swift hello world']:.3f}")
    print(f"start {{}} / plain SwiftPM{suffix}\t{medians['hello world under start {}'] / medians['plain Swift hello world, SwiftPM']:.3f}")
