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

When valgrind is installed, it then counts the instructions each program
executes from exec to exit (`valgrind --tool=callgrind` on stripped copies):
deterministic, unlike the times on a shared VM:

  plain Swift hello world, instructions<TAB>4398135
  hello world under start {}, instructions<TAB>4517847
  start {} / plain, instructions<TAB>1.027

Each count is the least of 8 runs whose environments differ in size by one
byte: valgrind lays the initial stack out its own way, and in 3 layouts of 4
(the program name's end is 4-byte aligned there, 8 past the page's end in
the kernel's layout) our reading of the main thread's stack bounds falls
back to parsing /proc/self/maps, about 0.2 M instructions that never run
outside valgrind.

  Benchmarks/startup.py
"""
import os
import shutil
import statistics
import subprocess
import tempfile
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


def instructions(path):
    """Callgrind's instruction count for one run of `path`, the least over a few environment sizes."""
    counts = []
    for pad in range(8):
        run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", path],
                             env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PAD": "x" * pad},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in run.stderr.splitlines():
            if "Collected :" in line:
                counts.append(int(line.split()[-1]))
    return min(counts) if counts else None


if shutil.which("valgrind"):
    with tempfile.TemporaryDirectory() as stripped:
        counted = {}
        for name in ("plain Swift hello world", "hello world under start {}"):
            copy = os.path.join(stripped, os.path.basename(programs[name]))
            subprocess.run(["strip", "-o", copy, programs[name]], check=True)
            counted[name] = instructions(copy)
            if counted[name] is not None:
                print(f"{name}, instructions\t{counted[name]}")
        if all(counted.values()):
            print(f"start {{}} / plain, instructions\t{counted['hello world under start {}'] / counted['plain Swift hello world']:.3f}")
