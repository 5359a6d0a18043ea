"""Run every hostile input of tests/hostile_inputs.py through `xxgk check --format json` in a
subprocess, with a time limit and a memory limit, and print what became of each: the codes
found (I102 with its reason, or findings), the CPU time and the peak memory. The README's
catalogue of hostile inputs is this table.

    .venv/bin/python bench/hostile.py                 # the issue's sizes (scale 1)
    .venv/bin/python bench/hostile.py --scale 4 --only pdf-many-chars
    git archive OLD | tar -x -C /tmp/old && .venv/bin/python bench/hostile.py --source /tmp/old
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from hostile_inputs import HOSTILE  # noqa: E402

# xxgk's entry point, printing its own peak memory (KB) on standard error as it ends; with
# --source, the checker of that source tree (an older checkout, for a before/after table).
_MEASURED = (
    "import atexit, os, resource, sys\n"
    "if os.environ.get('XXGK_SOURCE'):\n"
    "    sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f).lower()]\n"
    "    sys.path.insert(0, os.environ['XXGK_SOURCE'])\n"
    "from checker.cli import main; "
    "atexit.register(lambda: print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)); "
    "sys.argv[0] = 'xxgk'; main()"
)


def _limit_memory(megabytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (megabytes * 1024 * 1024, megabytes * 1024 * 1024))


def run_one(name: str, scale: int, timeout: float, memory_mb: int, source: str | None = None) -> dict[str, object]:
    filename, make = HOSTILE[name]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / filename
        data = make(scale)
        path.write_bytes(data)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            proc = subprocess.run(
                [sys.executable, "-c", _MEASURED, "check", "--format", "json", str(path)],
                capture_output=True,
                text=True,
                timeout=timeout,
                preexec_fn=lambda: _limit_memory(memory_mb),
                env={**os.environ, "XXGK_SOURCE": source or ""},
            )
        except subprocess.TimeoutExpired:
            return {"name": name, "bytes": len(data), "result": f"TIMEOUT > {timeout:.0f} s"}
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    rss = [int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("maxrss ")]
    row: dict[str, object] = {
        "name": name,
        "bytes": len(data),
        "cpu_s": round(cpu, 2),
        "rss_mb": rss[0] // 1024 if rss else "",
    }
    if proc.returncode not in (0, 1):
        said = [line for line in proc.stderr.splitlines() if line.strip() and not line.startswith("maxrss ")]
        row["result"] = f"exit {proc.returncode}: {(said or [''])[-1][:160]}"
        return row
    (doc,) = json.loads(proc.stdout)["documents"]
    codes = sorted({f["code"] for f in doc["findings"]})
    crash = [f for f in doc["findings"] if f["code"] == "I101" and "error" in (f.get("evidence") or {})]
    i102 = [f["message"] for f in doc["findings"] if f["code"] == "I102"]
    row["result"] = ("I102: " + i102[0]) if i102 else ",".join(codes) or "no findings"
    if crash:
        row["result"] = f"CRASHED RULE: {crash[0]['evidence']['error']}"
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--memory-mb", type=int, default=2048)
    parser.add_argument("--only", action="append")
    parser.add_argument("--source", help="a source tree of xxgk to run instead of this one (e.g. an older commit's)")
    args = parser.parse_args()
    print("| input | bytes | CPU s | peak RSS MB | result |\n|---|---|---|---|---|")
    for name in args.only or HOSTILE:
        row = run_one(name, args.scale, args.timeout, args.memory_mb, args.source)
        print(
            f"| {row['name']} | {row['bytes']:,} | {row.get('cpu_s', '')} | {row.get('rss_mb', '')} | {row['result']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
