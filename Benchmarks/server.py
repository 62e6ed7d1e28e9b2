#!/usr/bin/env python3
"""The server comparison and the panic flood of issue 22, rerunnable.

Builds Benchmarks/ServerBoundary (a Hummingbird 2 app, release) and runs it
twice on loopback: with the catchUnwindAsync boundary around its router
(`--boundary on`) and without (`--boundary off`). wrk (Debian's package,
installed here when missing) loads each route from 16 connections:

  1. throughput: `/constant` (returns a constant) and `/json` (one await,
     then a small JSON body), runs alternating between the two servers,
     which one goes first alternating too; medians of requests/s and their
     ratio (the machine is shared: a single run means little);
  2. the flood: `--flood N` panicking requests (`/panic`, one await then a
     panic) against the server with the boundary, counted by a wrk script
     that stops each thread after its share; resident memory (VmRSS) before
     and after, non-2xx answers counted, then one `/constant` must answer 200.

  Benchmarks/server.py                      # 5 rounds of 5 s per route, flood of 100,000
  Benchmarks/server.py --rounds 3 --seconds 3 --flood 20000
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "ServerBoundary"
CONNECTIONS = 16
THREADS = 2


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("installing wrk (Debian package)", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"], check=True, env=env)


def build():
    subprocess.run(["swift", "build", "-c", "release", "--package-path", str(PACKAGE),
                    "--product", "BoundaryServer"], check=True)
    path = subprocess.run(["swift", "build", "-c", "release", "--package-path", str(PACKAGE), "--show-bin-path"],
                          check=True, text=True, capture_output=True).stdout.strip()
    return Path(path) / "BoundaryServer"


class Server:
    """One BoundaryServer child on a free loopback port; stderr (panic reports) to /dev/null."""

    def __init__(self, binary, boundary):
        self.process = subprocess.Popen([str(binary), "--port", "0", "--boundary", "on" if boundary else "off"],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        match = re.match(r"listening on (\d+)", line)
        if not match:
            self.stop()
            sys.exit(f"the server did not start: {line!r}")
        self.port = int(match.group(1))

    def url(self, route):
        return f"http://127.0.0.1:{self.port}/{route}"

    def rss_kib(self):
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def alive(self):
        return self.process.poll() is None

    def status(self, route):
        try:
            with urllib.request.urlopen(self.url(route), timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def wrk(url, seconds, script=None, env=None):
    command = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--latency"]
    if script:
        command += ["-s", script]
    result = subprocess.run(command + [url], text=True, capture_output=True, env=env, timeout=seconds + 120)
    return result.stdout


def requests_per_second(output):
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    return float(match.group(1)) if match else 0.0


FLOOD_SCRIPT = """
-- Each thread stops after its share of the flood; done() prints the counts.
local share = tonumber(os.getenv("FLOOD_SHARE"))
local seen = 0
function response(status, headers, body)
  seen = seen + 1
  if seen >= share then wrk.thread:stop() end
end
function done(summary, latency, requests)
  io.write(string.format("flood requests %d non2xx %d errors %d\\n", summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def throughput(binary, rounds, seconds):
    servers = {True: Server(binary, True), False: Server(binary, False)}
    results = {}
    try:
        for server in servers.values():  # warm up both
            wrk(server.url("constant"), 2)
            wrk(server.url("json"), 2)
        for route in ("constant", "json"):
            runs = {True: [], False: []}
            for round_index in range(rounds):
                order = (True, False) if round_index % 2 == 0 else (False, True)
                for boundary in order:
                    rate = requests_per_second(wrk(servers[boundary].url(route), seconds))
                    runs[boundary].append(rate)
                    print(f"  /{route} boundary={'on' if boundary else 'off'} round {round_index + 1}: {rate:,.0f} req/s",
                          file=sys.stderr)
            on, off = statistics.median(runs[True]), statistics.median(runs[False])
            ratios = [a / b for a, b in zip(runs[True], runs[False]) if b > 0]
            results[route] = (on, off, on / off if off else 0.0, statistics.median(ratios) if ratios else 0.0)
    finally:
        for server in servers.values():
            server.stop()
    return results


def flood(binary, count):
    server = Server(binary, True)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(FLOOD_SCRIPT)
        # Warm-up (the pool's threads, the first panics' one-time costs), which
        # also gives the rate: wrk runs for its whole duration even when every
        # thread has stopped, so the flood's duration is sized from it.
        rate = requests_per_second(wrk(server.url("panic"), 3))
        seconds = int(count / max(rate, 1.0) * 1.5) + 5
        env = dict(os.environ, FLOOD_SHARE=str(max(1, count // THREADS)))
        before = server.rss_kib()
        output = wrk(server.url("panic"), seconds, script.name, env)
        elapsed = count / max(rate, 1.0)
        time.sleep(1)
        after = server.rss_kib()
        match = re.search(r"flood requests (\d+) non2xx (\d+) errors (\d+)", output)
        requests, non2xx, errors = (int(g) for g in match.groups()) if match else (0, 0, 0)
        alive = server.alive()
        status = server.status("constant") if alive else None
        os.unlink(script.name)
        return dict(requests=requests, non2xx=non2xx, errors=errors, seconds=elapsed, before=before, after=after,
                    alive=alive and status == 200, status=status)
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--flood", type=int, default=100_000)
    parser.add_argument("--skip-throughput", action="store_true")
    arguments = parser.parse_args()
    ensure_wrk()
    binary = build()
    if not arguments.skip_throughput:
        print(f"throughput, {CONNECTIONS} connections, {arguments.rounds} alternating rounds of {arguments.seconds} s:")
        for route, (on, off, ratio, median_ratio) in throughput(binary, arguments.rounds, arguments.seconds).items():
            print(f"  /{route}: with the boundary {on:,.0f} req/s, without {off:,.0f} req/s: "
                  f"{ratio:.3f}x (median of the per-round ratios {median_ratio:.3f}x)")
    if arguments.flood > 0:
        result = flood(binary, arguments.flood)
        grown = (result["after"] - result["before"]) * 1024
        per_panic = grown / result["requests"] if result["requests"] else 0.0
        print(f"flood: {result['requests']:,} panicking requests (about {result['requests'] / result['seconds']:,.0f}/s "
              f"in the warm-up), {result['non2xx']:,} answered non-2xx, "
              f"{result['errors']} socket errors; RSS {result['before']:,} KiB before, {result['after']:,} KiB after: "
              f"{per_panic:,.0f} bytes per caught panic; alive and answering 200 afterwards: {result['alive']}")


if __name__ == "__main__":
    main()
