#!/usr/bin/env python3
"""Benchmark of xxgk, run by hand (not a test). Measurements, each with the machine's load
average printed beside it (the machine may be shared: compare runs made under a like load):

1. in-process: every *.txt report under the corpus read + parsed + checked N times through the
   Python API (median and p90 per report), beside the floor — reading the file and splitting it
   into lines and sentences — and the ratio of the two;
2. peak memory of one pass in-process (tracemalloc, RSS);
3. single `xxgk check FILE` runs as a subprocess, start-up included: wall and CPU time, medians;
4. a batch: the corpus reports copied round-robin into a temporary folder until there are
   --batch of them, checked by `xxgk check FOLDER --format json -j 1` and `-j 2`, --batch-runs
   times each: CPU per report over all processes, reports per second, -j 2 against -j 1, and the
   peak memory of the whole process tree (RSS summed over the processes, sampled);
5. with several batch sizes (--batch 1000,3000): the peak memory of each, and how much it grows
   per report (the target: flat, ≤ 150 MB whatever the size).

    .venv/bin/python bench/bench.py                       # corpus: ../shared/corpus
    .venv/bin/python bench/bench.py --corpus DIR -n 50 --cli-runs 9 --batch 2000 --batch-runs 5
    .venv/bin/python bench/bench.py --batch 0             # no batch
    .venv/bin/python bench/bench.py --batch 1000,3000     # and how peak memory grows with the batch

Targets (issue 15): a batch ≤ 10 ms CPU per report over all processes, -j 2 ≥ 1.7× the throughput
of -j 1 on an idle machine, peak memory ≤ 150 MB for 1,000 reports; one `xxgk check FILE` ≤ 0.25 s
CPU and ≤ 0.3 s wall; in-process ≤ 100× the read-and-split floor. The subprocesses run without
PYTHONDONTWRITEBYTECODE, as an installed package does (its modules compiled once), after one
warm-up run (which also fills xxgk's cache folder, as any first run does).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / ".." / "shared" / "corpus"

TARGET_FLOOR_RATIO = 100
TARGET_CLI_CPU_S = 0.25
TARGET_CLI_WALL_S = 0.3
TARGET_BATCH_CPU_MS = 10.0
TARGET_SPEEDUP = 1.7
TARGET_BATCH_MB = 150

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))
    return s[k]


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} / {five:.2f} (1 / 5 min)"


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def check_once(path: Path, rules, policy) -> int:
    from checker.ingest.pipeline import read_document
    from checker.rules.engine import check_document

    doc = read_document(path)
    return len(check_document(doc, rules, policy))


def floor_once(path: Path) -> int:
    """The least any checker does: read the file, split it into lines and sentences."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    return len(text.splitlines()) + len(_SENTENCE_END.split(text))


def timed_ms(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        a = time.perf_counter()
        fn()
        out.append((time.perf_counter() - a) * 1000)
    return out


def in_process(files: list[Path], corpus: Path, repeat: int) -> None:
    from checker.api import default_rules
    from checker.policy.policy import Policy

    t0 = time.perf_counter()
    rules = default_rules()
    load_ms = (time.perf_counter() - t0) * 1000
    policy = Policy()
    check_once(files[0], rules, policy)  # warm-up: the first check compiles patterns and grammars

    print(f"1. in-process — {len(files)} reports from {corpus}, {repeat} runs each; {load()}")
    print(f"   rule set loaded in {load_ms:.0f} ms ({len(rules.rules)} rules)")
    name_w = max(len(str(f.relative_to(corpus))) for f in files)
    header = f"{'file':<{name_w}}  {'size':>8}  {'findings':>8}  {'median ms':>9}  {'p90 ms':>7}  {'floor ms':>8}  {'ratio':>5}"
    print(header)
    print("-" * len(header))
    all_times, all_floors = [], []
    for f in files:
        n_findings = check_once(f, rules, policy)
        times = timed_ms(lambda f=f: check_once(f, rules, policy), repeat)
        floors = timed_ms(lambda f=f: floor_once(f), repeat)
        all_times.extend(times)
        all_floors.extend(floors)
        med, floor = statistics.median(times), statistics.median(floors)
        print(
            f"{str(f.relative_to(corpus)):<{name_w}}  {f.stat().st_size / 1024:>6.1f} K  {n_findings:>8}  {med:>9.1f}"
            f"  {percentile(times, 90):>7.1f}  {floor:>8.3f}  {med / floor:>5.0f}"
        )
    print("-" * len(header))
    overall, floor = statistics.median(all_times), statistics.median(all_floors)
    print(
        f"   per report: median {overall:.1f} ms (p90 {percentile(all_times, 90):.1f}, max {max(all_times):.1f});"
        f" read-and-split floor {floor:.3f} ms: {overall / floor:.0f}× the floor"
        f" — target ≤ {TARGET_FLOOR_RATIO}×: {verdict(overall / floor <= TARGET_FLOOR_RATIO)}"
    )
    tracemalloc.start()
    for f in files:
        check_once(f, rules, policy)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"2. peak memory in-process: tracemalloc {peak / 2**20:.1f} MB (one pass); RSS {_own_rss_mb():.1f} MB")


def _own_rss_mb() -> float:
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / 2**20 if sys.platform == "darwin" else maxrss / 1024  # bytes on macOS, KiB on Linux


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # seconds of CPU, user + system, of the process and every child it waited for
    peak_mb: float  # the largest sum of RSS over the process tree seen while it ran (0: not measurable)


def _tree_rss_kb(pid: int) -> int:
    """RSS of a process and its descendants (Linux /proc); 0 where /proc cannot tell."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1))  # type: ignore[union-attr]
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError, ValueError):
            continue
    return total


def run_measured(cmd: list[str], env: dict[str, str]) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.02):
            peak = max(peak, _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed with exit code {proc.returncode}: {err.decode(errors='replace').strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, peak / 1024)


def child_env() -> dict[str, str]:
    env = dict(os.environ, NO_COLOR="1")
    for name in ("GITHUB_ACTIONS", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def single_cli(exe: Path, target: Path, runs: int) -> None:
    env = child_env()
    cmd = [str(exe), "check", "--format", "concise", str(target)]
    run_measured(cmd, env)  # warm-up
    print(f"3. single `xxgk check {target.name}` (start-up included), {runs} runs; {load()}")
    measured = [run_measured(cmd, env) for _ in range(runs)]
    wall = statistics.median(r.wall for r in measured)
    cpu = statistics.median(r.cpu for r in measured)
    print(
        f"   wall median {wall:.3f} s (min {min(r.wall for r in measured):.3f}) — target ≤ {TARGET_CLI_WALL_S} s:"
        f" {verdict(wall <= TARGET_CLI_WALL_S)}"
    )
    print(
        f"   CPU  median {cpu:.3f} s (min {min(r.cpu for r in measured):.3f}) — target ≤ {TARGET_CLI_CPU_S} s:"
        f" {verdict(cpu <= TARGET_CLI_CPU_S)}"
    )


def batch(exe: Path, files: list[Path], count: int, runs: int) -> float:
    """The batch measurement for one size; gives the largest peak RSS seen (MB)."""
    env = child_env()
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-") as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        for i in range(count):
            f = files[i % len(files)]
            shutil.copyfile(f, folder / f"{i:05d}_{f.name}")
        print(f"4. batch of {count} reports (the corpus repeated), {runs} runs per -j")
        throughput = {}
        peaks = []
        for workers in (1, 2):
            cmd = [str(exe), "check", str(folder), "--format", "json", "--exit-zero", "-j", str(workers)]
            cmd += ["-o", str(Path(tmp) / "out.json")]
            measured = []
            for _ in range(runs):
                note = load()
                measured.append(run_measured(cmd, env))
                r = measured[-1]
                print(
                    f"   -j {workers}: wall {r.wall:.2f} s, CPU {r.cpu:.2f} s ({r.cpu / count * 1000:.1f} ms per report),"
                    f" peak RSS {r.peak_mb:.0f} MB; {note}"
                )
            wall = statistics.median(r.wall for r in measured)
            cpu_ms = statistics.median(r.cpu for r in measured) / count * 1000
            peak = max(r.peak_mb for r in measured)
            peaks.append(peak)
            throughput[workers] = count / wall
            print(
                f"   -j {workers} median: {throughput[workers]:.0f} reports/s, {cpu_ms:.1f} ms CPU per report"
                f" (target ≤ {TARGET_BATCH_CPU_MS:.0f}: {verdict(cpu_ms <= TARGET_BATCH_CPU_MS)}),"
                f" peak RSS of the process tree {peak:.0f} MB (target ≤ {TARGET_BATCH_MB}: {verdict(peak <= TARGET_BATCH_MB)})"
            )
        speedup = throughput[2] / throughput[1]
        print(
            f"   -j 2 / -j 1 throughput: {speedup:.2f}× — target ≥ {TARGET_SPEEDUP}× on an idle machine:"
            f" {verdict(speedup >= TARGET_SPEEDUP)}"
        )
        return max(peaks)


def flatness(peaks: dict[int, float]) -> None:
    """Peak memory against the number of reports: flat means the largest batch needs little
    more than the smallest (the output JSON, which the command holds whole, grows with it)."""
    sizes = sorted(peaks)
    small, large = sizes[0], sizes[-1]
    per_report_kb = (peaks[large] - peaks[small]) * 1024 / (large - small)
    print(
        "5. peak memory by batch size: "
        + ", ".join(f"{n}: {peaks[n]:.0f} MB" for n in sizes)
        + f" — {per_report_kb:.0f} KB more per report from {small} to {large}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="directory searched recursively for *.txt")
    ap.add_argument("-n", "--repeat", type=int, default=20, help="checks per report in-process (default 20)")
    ap.add_argument("--cli-runs", type=int, default=5, help="single `xxgk check` runs (default 5)")
    ap.add_argument("--cli-file", type=Path, default=None, help="file for the CLI runs (default: the largest report)")
    ap.add_argument(
        "--batch",
        default="1000",
        help="reports in the batch (default 1000; 0: no batch); several sizes, e.g. 1000,3000, also show"
        " how peak memory grows with the number of reports",
    )
    ap.add_argument("--batch-runs", type=int, default=3, help="runs of the batch per -j (default 3)")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(REPO))  # works from a checkout even without an install
    corpus = args.corpus.resolve()
    files = sorted(corpus.rglob("*.txt"))
    if not files:
        print(f"bench: no *.txt files under {corpus}", file=sys.stderr)
        return 2
    print(f"python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs")
    in_process(files, corpus, args.repeat)

    exe = Path(sys.executable).with_name("xxgk")
    if not exe.exists():
        print(f"CLI and batch skipped: {exe} not found (install the package in this interpreter's environment)")
        return 0
    if args.cli_runs > 0:
        single_cli(exe, args.cli_file or max(files, key=lambda p: p.stat().st_size), args.cli_runs)
    sizes = [int(n) for n in str(args.batch).split(",") if int(n) > 0]
    peaks = {n: batch(exe, files, n, args.batch_runs) for n in sizes}
    if len(peaks) > 1:
        flatness(peaks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
