"""Precision on the wild corpus (tests/wild/): every error and warning the checker gives now, matched
with the verdicts recorded by hand (tests/wild/verdicts_*.csv: true, false, or cut).

    .venv/bin/python bench/wild.py            # table by code; findings with no verdict yet listed
    .venv/bin/python bench/wild.py --list false   # the false alarms still given

A finding is matched to a verdict by file, code, line and message; a finding with no recorded verdict
is "unjudged" and must be read by hand (then recorded) before the figure is quoted.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from checker.api import check_file  # noqa: E402

WILD = REPO / "tests" / "wild"


def verdicts() -> dict[tuple[str, str, str, str], str]:
    out = {}
    for path in sorted(WILD.glob("verdicts_*.csv")):
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                out[(row["file"], row["code"], row["line"], row["message"])] = row["verdict"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", choices=["true", "false", "cut", "unjudged"], action="append", default=[])
    args = parser.parse_args()
    known = verdicts()
    by_code: dict[str, Counter[str]] = {}
    listed = []
    for path in sorted(WILD.glob("*.txt")):
        for f in check_file(path):
            if f.severity == "info":
                continue
            line = "" if f.location.line is None else str(f.location.line)
            verdict = known.get((path.name, f.code, line, f.message), "unjudged")
            by_code.setdefault(f.code, Counter())[verdict] += 1
            if verdict in args.list:
                listed.append(f"{path.name}:{line} {f.code} [{verdict}] {f.message}")
    total: Counter[str] = Counter()
    print(f"{'code':6} {'true':>5} {'false':>5} {'cut':>5} {'unjudged':>8} {'precision':>9}")
    for code in sorted(by_code):
        c = by_code[code]
        total.update(c)
        judged = c["true"] + c["false"]
        precision = f"{c['true'] / judged:.0%}" if judged else "-"
        print(f"{code:6} {c['true']:5} {c['false']:5} {c['cut']:5} {c['unjudged']:8} {precision:>9}")
    judged = total["true"] + total["false"]
    precision = f"{total['true'] / judged:.1%}" if judged else "-"
    print(f"{'all':6} {total['true']:5} {total['false']:5} {total['cut']:5} {total['unjudged']:8} {precision:>9}")
    print("\n".join(listed))


if __name__ == "__main__":
    main()
