#!/usr/bin/env python3
"""Benchmark of xxgk, run by hand (not a test).

For every *.txt report under the corpus directory, read + parse + check it N times in one
process through the Python API and print the median and 90th percentile per report; then the
overall median, the peak memory, and the wall time of single `xxgk check FILE` runs as a
subprocess (start-up included).

    .venv/bin/python bench/bench.py                       # corpus: ../shared/corpus
    .venv/bin/python bench/bench.py --corpus DIR -n 50 --cli-runs 9

Targets: median < 30 ms per report in-process; one CLI run < 0.5 s.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / ".." / "shared" / "corpus"

TARGET_MEDIAN_MS = 30.0
TARGET_CLI_S = 0.5


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))
    return s[k]


def check_once(path: Path, rules, policy) -> int:
    from checker.ingest.pipeline import read_document
    from checker.rules.engine import check_document

    doc = read_document(path)
    return len(check_document(doc, rules, policy))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="directory searched recursively for *.txt (default: ../shared/corpus beside the repository)",
    )
    ap.add_argument("-n", "--repeat", type=int, default=20, help="checks per report in-process (default 20)")
    ap.add_argument(
        "--cli-runs", type=int, default=5, help="runs of the xxgk command for the start-up timing (default 5)"
    )
    ap.add_argument(
        "--cli-file", type=Path, default=None, help="file for the CLI timing (default: the largest corpus report)"
    )
    args = ap.parse_args(argv)

    sys.path.insert(0, str(REPO))  # works from a checkout even without an install
    from checker.api import default_rules
    from checker.policy.policy import Policy

    corpus = args.corpus.resolve()
    files = sorted(corpus.rglob("*.txt"))
    if not files:
        print(f"bench: no *.txt files under {corpus}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    rules = default_rules()
    load_ms = (time.perf_counter() - t0) * 1000
    policy = Policy()

    # Warm-up: the first check compiles patterns and the grammar; not part of the timings.
    check_once(files[0], rules, policy)

    print(f"xxgk benchmark — {len(files)} reports from {corpus}, {args.repeat} runs each")
    print(
        f"python {sys.version.split()[0]} on {sys.platform}; rule set loaded in {load_ms:.0f} ms ({len(rules.rules)} rules)"
    )
    print()
    name_w = max(len(str(f.relative_to(corpus))) for f in files)
    print(f"{'file':<{name_w}}  {'size':>8}  {'findings':>8}  {'median ms':>9}  {'p90 ms':>7}")
    print("-" * (name_w + 42))
    medians, all_times = [], []
    for f in files:
        times = []
        n_findings = 0
        for _ in range(args.repeat):
            a = time.perf_counter()
            n_findings = check_once(f, rules, policy)
            times.append((time.perf_counter() - a) * 1000)
        med = statistics.median(times)
        medians.append(med)
        all_times.extend(times)
        size = f.stat().st_size
        print(
            f"{str(f.relative_to(corpus)):<{name_w}}  {size / 1024:>6.1f} K  {n_findings:>8}  {med:>9.1f}  {percentile(times, 90):>7.1f}"
        )
    print("-" * (name_w + 42))

    overall = statistics.median(all_times)
    print(
        f"overall median per report: {overall:.1f} ms (p90 {percentile(all_times, 90):.1f} ms, max {max(all_times):.1f} ms)"
        f"  — target < {TARGET_MEDIAN_MS:.0f} ms: {'OK' if overall < TARGET_MEDIAN_MS else 'MISSED'}"
    )

    # Peak memory: Python allocations while checking every report once, and the process's RSS high-water mark.
    tracemalloc.start()
    for f in files:
        check_once(f, rules, policy)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    maxrss_mb = maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024  # bytes on macOS, KiB on Linux
    print(
        f"peak memory: tracemalloc {peak / 1024 / 1024:.1f} MB (one pass over all reports); ru_maxrss {maxrss_mb:.1f} MB"
    )

    # One CLI run, start-up included.
    exe = Path(sys.executable).with_name("xxgk")
    if not exe.exists():
        print(f"CLI timing skipped: {exe} not found (install the package in this interpreter's environment)")
        return 0
    target = args.cli_file or max(files, key=lambda p: p.stat().st_size)
    env = dict(os.environ, NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    walls = []
    for _ in range(args.cli_runs):
        a = time.perf_counter()
        proc = subprocess.run(
            [str(exe), "check", "--format", "concise", str(target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        walls.append(time.perf_counter() - a)
        if proc.returncode not in (0, 1):
            print(
                f"xxgk check failed with exit code {proc.returncode}: {proc.stderr.decode(errors='replace').strip()}",
                file=sys.stderr,
            )
            return 2
    cli = statistics.median(walls)
    print(
        f"single `xxgk check {target.name}` (start-up included): median {cli:.2f} s of {args.cli_runs} runs (min {min(walls):.2f}, max {max(walls):.2f})"
        f"  — target < {TARGET_CLI_S} s: {'OK' if cli < TARGET_CLI_S else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
