"""Baselines: --write-baseline records the findings by fingerprint, --baseline hides them and
reports the entries that no longer match; fingerprints do not move with lines."""

from __future__ import annotations

import pytest
import yaml
from conftest import write
from test_config import CLEAN, FLAWED, one_error_line

from checker.errors import UsageError
from checker.policy.baseline import Entry, read_baseline, stale_entries

# One cell of table 三 wrong, on top of FLAWED's H101 and H104: (七)总计 of 自然人 becomes 42,
# which breaks three identities (T105): 一+二 = (七)+四 in that column (43 ≠ 44), (七) = the
# sum of the results in that column (41 ≠ 42), and the total column of row (七) (52 ≠ 51).
WRONG_SUM = FLAWED.replace("| | （七）总计 | | 41 |", "| | （七）总计 | | 42 |")


def fingerprints(run) -> dict[str, str]:
    return {f["fingerprint"]: f["code"] for d in run.json()["documents"] for f in d["findings"]}


def test_the_fixture_report_has_a_table_finding(xxgk, tmp_path):
    r = xxgk("check", "--format", "json", write(tmp_path / "r.txt", WRONG_SUM))
    assert sorted(fingerprints(r).values()) == ["H101", "H104", "T105", "T105", "T105"]


def test_write_baseline_records_every_finding_without_line_numbers(xxgk, tmp_path):
    report = write(tmp_path / "r.txt", WRONG_SUM)
    expected = fingerprints(xxgk("check", "--format", "json", report))
    base = tmp_path / "baseline.yaml"
    r = xxgk("check", "--write-baseline", base, report)
    assert r.code == 0
    assert str(len(expected)) in r.err and str(base) in r.err
    data = yaml.safe_load(base.read_text(encoding="utf-8"))
    assert data["version"] == 1
    entries = data["findings"]
    assert {e["fingerprint"]: e["code"] for e in entries} == expected
    for e in entries:
        assert e["document"] == "某市自然资源局/2024"
        assert e["reason"] == ""
        assert e["file"] == str(report)
        assert "line" not in e["location"]
    t105 = [e for e in entries if e["code"] == "T105"]
    assert all("key=三:" in e["location"] for e in t105), t105
    assert [e["code"] for e in entries] == sorted(e["code"] for e in entries)


def test_baseline_file_is_stable_when_written_twice(xxgk, tmp_path):
    report = write(tmp_path / "r.txt", WRONG_SUM)
    xxgk("check", "--write-baseline", tmp_path / "a.yaml", report)
    xxgk("check", "--write-baseline", tmp_path / "b.yaml", report)
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == (tmp_path / "b.yaml").read_text(encoding="utf-8")


def test_baseline_hides_known_findings_and_reports_new_ones(xxgk, tmp_path):
    report = write(tmp_path / "r.txt", FLAWED)
    base = tmp_path / "baseline.yaml"
    xxgk("check", "--write-baseline", base, report)
    r = xxgk("check", "--format", "json", "--baseline", base, report)
    assert r.code == 0
    assert fingerprints(r) == {}
    assert "2" in r.err and "hidden" in r.err
    write(report, WRONG_SUM)
    r = xxgk("check", "--format", "json", "--baseline", base, report)
    assert r.code == 1
    assert sorted(fingerprints(r).values()) == ["T105", "T105", "T105"]


def test_stale_entries_are_reported_on_stderr_without_failing_the_run(xxgk, tmp_path):
    report = write(tmp_path / "r.txt", FLAWED)
    base = tmp_path / "baseline.yaml"
    xxgk("check", "--write-baseline", base, report)
    write(report, FLAWED.replace("XX\n", "\n"))  # the placeholder is filled in
    r = xxgk("check", "--format", "json", "--baseline", base, report)
    assert r.code == 0
    assert fingerprints(r) == {}
    stale = [ln for ln in r.err.splitlines() if "stale baseline entry" in ln]
    assert len(stale) == 1 and "H104" in stale[0] and "某市自然资源局/2024" in stale[0]
    assert "--write-baseline" in r.err


def test_entries_of_documents_not_checked_are_not_stale(xxgk, tmp_path):
    one = write(tmp_path / "one.txt", FLAWED)
    other = write(tmp_path / "other.txt", FLAWED.replace("某市自然资源局", "某县教育局"))
    base = tmp_path / "baseline.yaml"
    xxgk("check", "--write-baseline", base, one, other)
    assert {e.document for e in read_baseline(base)} == {"某市自然资源局/2024", "某县教育局/2024"}
    r = xxgk("check", "--format", "json", "--baseline", base, one)
    assert r.code == 0 and "stale" not in r.err


def test_stale_entries_pure():
    entries = [
        Entry("a" * 16, "H104", "甲/2024", "", ""),
        Entry("b" * 16, "H101", "甲/2024", "", ""),
        Entry("c" * 16, "H101", "乙/2024", "", ""),
    ]
    assert stale_entries(entries, {"甲/2024"}, {"a" * 16}) == [entries[1]]


def test_fingerprints_do_not_move_with_lines(xxgk, tmp_path):
    before = fingerprints(xxgk("check", "--format", "json", write(tmp_path / "r.txt", WRONG_SUM)))
    moved = write(tmp_path / "moved.txt", "\n" + WRONG_SUM.replace("一、总体情况\n", "\n一、总体情况\n\n"))
    r = xxgk("check", "--format", "json", moved)
    lines = sorted(f["location"]["line"] for d in r.json()["documents"] for f in d["findings"])
    original = sorted(
        f["location"]["line"]
        for d in xxgk("check", "--format", "json", tmp_path / "r.txt").json()["documents"]
        for f in d["findings"]
    )
    assert lines != original  # the findings did move
    assert fingerprints(r) == before


def test_rewriting_a_baseline_keeps_the_reasons_given(xxgk, tmp_path):
    report = write(tmp_path / "r.txt", FLAWED)
    base = tmp_path / "baseline.yaml"
    xxgk("check", "--write-baseline", base, report)
    text = base.read_text(encoding="utf-8")
    h104 = next(e for e in read_baseline(base) if e.code == "H104")
    base.write_text(
        text.replace(
            f"fingerprint: {h104.fingerprint}", f"fingerprint: {h104.fingerprint}\n  # kept on purpose", 1
        ).replace("reason: ''", "reason: 模板示例，保留", 1),
        encoding="utf-8",
    )
    reasons = {e.code: e.reason for e in read_baseline(base)}
    assert "模板示例，保留" in reasons.values()
    write(report, WRONG_SUM)
    assert xxgk("check", "--baseline", base, "--write-baseline", base, report).code == 0
    assert {e.code: e.reason for e in read_baseline(base) if e.code != "T105"} == reasons


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("findings: [\n", "YAML"),
        ("- a\n- b\n", "findings"),
        ("findings:\n  - code: H101\n", ":2"),
        ("findings:\n  - fingerprint: 12ab\n    code: H101\n", ":2"),
        ("version: 7\nfindings: []\n", "version"),
        ("findings:\n  - fingerprint: 0123456789abcdef\n    reason: [a]\n", ":3"),
    ],
    ids=["bad-yaml", "not-a-mapping", "no-fingerprint", "short-fingerprint", "unknown-version", "reason-not-text"],
)
def test_malformed_baseline_exits_2(xxgk, tmp_path, text, needle):
    base = write(tmp_path / "baseline.yaml", text)
    r = xxgk("check", "--baseline", base, write(tmp_path / "r.txt", CLEAN))
    assert r.code == 2 and r.out == ""
    one_error_line(r.err, "baseline.yaml", needle)


def test_missing_baseline_exits_2(xxgk, tmp_path):
    r = xxgk("check", "--baseline", tmp_path / "none.yaml", write(tmp_path / "r.txt", CLEAN))
    assert r.code == 2
    one_error_line(r.err, "none.yaml")


def test_read_baseline_accepts_an_empty_list(tmp_path):
    assert read_baseline(write(tmp_path / "b.yaml", "version: 1\nfindings: []\n")) == []
    with pytest.raises(UsageError):
        read_baseline(write(tmp_path / "c.yaml", ""))
