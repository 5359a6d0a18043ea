"""Garbage in a table region: the reader never raises and never hangs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from conftest import REPO
from table_helpers import report

# Run in a child process with a memory limit and a generous timeout, so that a reader that hangs
# fails the test instead of the test run. The work itself is bounded by counters (MAX_READINGS,
# MAX_DIGITS_PER_CELL, MAX_COMBINATIONS; tests/test_glued.py), never by the clock.
_RUNNER = textwrap.dedent(
    """
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    from checker.api import check_text
    from checker.ingest.pipeline import document_from_text
    out = []
    for text in json.loads(sys.stdin.read()):
        doc = document_from_text(text)
        found = check_text(text)
        out.append({"problem": doc.table_problem,
                    "crashes": [f.message for f in found if f.code == "I101" and f.evidence.get("error")]})
    print(json.dumps(out))
    """
)


def run_limited(texts: list[str], timeout: float) -> list[dict]:
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _RUNNER],
            check=False,
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading did not finish in {timeout:.0f} s")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


GARBAGE = {
    "only_pipes": "|" * 300 + "\n" + "| | | |\n" * 50 + "||||||||\n|\n",
    "digits_200": "1234567890" * 20,
    "unbalanced_brackets": "((((（（【规章 0 0 0 ）)))(((\n行政许可（((( 12 )\n)))) 行政处罚 ( 3\n",
    "number_5000_digits": "规章 " + "7" * 5000,
    "flattened_5000_digits": "规章" + "1" * 5000 + "行政规范性文件" + "0" * 300,
    "odd_marks": "规章 | 1,2,3,4 | 0.0.0 | --5 | ——— | 1.2.3.4. | 、、、 | ~ ～ / |\n 2.\n 3、\n(\n)\n|",
    "many_rows": "\n".join(f"行政许可{i} | {i} | {i * 2}" for i in range(300)),
    "numbers_one_per_line": "\n".join(str(i) for i in range(1000)),
    "odd_spaces": "规章\u200b|\u00a0 0 \u3000| 0\t|\x0c0 |\r\n行政规范性文件 | ０ | １ | ２ |",
}
# Where the garbage lands: right after the caption of table 二, 三 or 四.
SLOT_OPENINGS = {
    "二": "第二十条第（一）项 |\n",
    "三": "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |\n",
    "四": "行政复议 | 行政诉讼 |\n",
}


def _garbage_report(name: str, slot: str) -> str:
    tables = {s: "" for s in SLOT_OPENINGS}
    tables[slot] = SLOT_OPENINGS[slot] + GARBAGE[name]
    return report(2022, tables["二"], tables["三"], tables["四"])


@pytest.mark.parametrize("slot", sorted(SLOT_OPENINGS))
def test_garbage_in_a_table_never_raises(slot: str):
    names = sorted(GARBAGE)
    results = run_limited([_garbage_report(n, slot) for n in names], timeout=60)
    for name, out in zip(names, results):
        assert out["problem"] is None and out["crashes"] == [], name
