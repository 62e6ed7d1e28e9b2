#!/usr/bin/env python3
"""The cold backtrace, swift-panic against Rust, measured two ways (issue 15, item 4).

In process: the first capture + short print of a process, timed inside it
(Benchmarks/ColdTrace, rust-reference/src/bin/coldtrace.rs), one sample per
process; and the first caught panic (the same programs with `roundtrip`).
Nothing captures or symbolizes before, whatever the environment says:
RUST_BACKTRACE=1 in the environment of roundtrip.rs makes its "cold" line warm
(its default-hook loop has already resolved every frame), which is where the
old 217 µs came from.

From outside: a whole process, start to death by an index out of range in
main with a short backtrace (Benchmarks/IndexDeath under `start` with
PANIC_BACKTRACE=1; rust-reference/src/bin/index_death.rs with RUST_BACKTRACE=1).

Both languages run alternately; each figure is the median over --runs.
Also: what a dlopen of libdw (the `startup` branch loads it on first use)
costs in a fresh process, to add to the Swift figures.
Prints `name<TAB>microseconds` lines, then `name<TAB>ratio` lines (Rust / Swift:
above 1 means swift-panic is faster).
Usage: Benchmarks/coldtrace.py [--runs 30] [--no-build]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".build-coldtrace"
CLEAN = ("RUST_BACKTRACE", "PANIC_BACKTRACE", "SWIFT_BACKTRACE", "RUST_LIB_BACKTRACE")

DLOPEN_C = r"""
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e6 + t.tv_nsec / 1e3; }
int main(void) {
    double start = now();
    void *dw = dlopen("libdw.so.1", RTLD_NOW | RTLD_LOCAL);
    double end = now();
    if (!dw) { fprintf(stderr, "%s\n", dlerror()); return 1; }
    printf("%.1f\n", end - start);
    return 0;
}
"""


def run(command, cwd=None):
    result = subprocess.run(command, cwd=cwd, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(map(str, command))}\n{result.stdout}")
    return result.stdout


def environment(extra=None):
    env = {k: v for k, v in os.environ.items() if k not in CLEAN}
    env.update(extra or {})
    return env


def build(no_build):
    """Paths of the four programs (and the dlopen probe, when a C compiler exists)."""
    if not no_build:
        for product in ("ColdTrace", "IndexDeath"):
            run(["swift", "build", "-c", "release", "--scratch-path", ".build", "--product", product], cwd=HERE)
    bin_path = Path(run(["swift", "build", "-c", "release", "--scratch-path", ".build", "--show-bin-path"], cwd=HERE).strip().splitlines()[-1])
    programs = {"swift cold": bin_path / "ColdTrace", "swift death": bin_path / "IndexDeath"}
    if shutil.which("cargo"):
        crate = HERE / "rust-reference"
        if not no_build:
            run(["cargo", "build", "--release", "--offline", "--quiet", "--bin", "coldtrace", "--bin", "index_death"], cwd=crate)
        programs["rust cold"] = crate / "target/release/coldtrace"
        programs["rust death"] = crate / "target/release/index_death"
    compiler = shutil.which("cc")
    if compiler:
        WORK.mkdir(exist_ok=True)
        source = WORK / "dlopen_libdw.c"
        source.write_text(DLOPEN_C)
        run([compiler, "-O2", source, "-o", WORK / "dlopen_libdw", "-ldl"])
        programs["dlopen probe"] = WORK / "dlopen_libdw"
    return programs


def in_process(path, arguments=()):
    """The program's `name<TAB>nanoseconds` lines, in microseconds."""
    out = subprocess.run([path, *arguments], env=environment(), text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout
    return {name: float(value) / 1e3 for name, value in (line.split("\t") for line in out.splitlines() if "\t" in line)}


def to_death(path, variable):
    """Microseconds from start to death, and the exit status."""
    start = time.perf_counter()
    result = subprocess.run([path], env=environment({variable: "1"}), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1e6, result.returncode


def check_death(path, variable):
    """The death must print a short backtrace and exit 101, else the timing means nothing."""
    result = subprocess.run([path], env=environment({variable: "1"}), text=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if result.returncode != 101 or "stack backtrace:" not in result.stderr:
        sys.exit(f"{path}: expected exit 101 and a backtrace, got {result.returncode}:\n{result.stderr}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-build", action="store_true", help="use the programs already built")
    args = parser.parse_args()
    programs = build(args.no_build)
    languages = ["swift"] + (["rust"] if "rust cold" in programs else [])
    deaths = {"swift": "PANIC_BACKTRACE", "rust": "RUST_BACKTRACE"}
    for language in languages:
        check_death(programs[f"{language} death"], deaths[language])

    samples = {}
    def add(name, value):
        samples.setdefault(name, []).append(value)

    for _ in range(args.runs):
        for language in languages:
            for name, value in in_process(programs[f"{language} cold"]).items():
                add(f"{language}: {name} (in process)", value)
            for name, value in in_process(programs[f"{language} cold"], ["roundtrip"]).items():
                add(f"{language}: {name} (in process)", value)
            elapsed, status = to_death(programs[f"{language} death"], deaths[language])
            add(f"{language}: start to death by index out of range, short backtrace (whole process)", elapsed)
        if "dlopen probe" in programs:
            out = subprocess.run([programs["dlopen probe"]], text=True, stdout=subprocess.PIPE, check=True).stdout
            add("dlopen of libdw.so.1 in a fresh process (to add to swift's cold figures)", float(out))

    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, value in medians.items():
        print(f"{name}\t{value:.1f}")
    if "rust" in languages:
        for what in ("capture + short print, cold (in process)", "first caught panic, cold (in process)",
                     "start to death by index out of range, short backtrace (whole process)"):
            swift, rust = medians[f"swift: {what}"], medians[f"rust: {what}"]
            print(f"ratio Rust / swift-panic: {what}\t{rust / swift:.2f}")
        dlopen = medians.get("dlopen of libdw.so.1 in a fresh process (to add to swift's cold figures)")
        if dlopen is not None:
            what = "capture + short print, cold (in process)"
            print(f"ratio Rust / swift-panic: {what}, swift with the dlopen added\t{medians[f'rust: {what}'] / (medians[f'swift: {what}'] + dlopen):.2f}")
    else:
        print("(no cargo on this machine: no Rust figures)")


if __name__ == "__main__":
    main()
