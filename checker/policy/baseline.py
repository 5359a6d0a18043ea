"""Baseline files: known findings, each with the reason it is accepted, hidden by `--baseline`.

The file is YAML, because people type the reasons into it: one entry per fingerprint, in a
stable order (document, code, location path), so that rewriting it gives a small diff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from checker.errors import UsageError
from checker.model.findings import Finding
from checker.policy.settings import read_yaml

VERSION = 1
FINGERPRINT_RE = re.compile(r"^[0-9a-f]{16}$")
HEADER = """\
# xxgk 基线：已知问题，`xxgk check --baseline 本文件` 时不再报告。请在 reason 中写明接受的理由。
# xxgk baseline: known findings, hidden by `xxgk check --baseline THIS_FILE`. Give each a reason.
# An entry is keyed by its fingerprint (rule + document + location path, never a line number);
# entries that no longer match a finding are reported as stale.
"""


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    code: str
    document: str
    location: str
    message: str
    reason: str = ""
    file: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "fingerprint": self.fingerprint,
            "code": self.code,
            "document": self.document,
            "file": self.file,
            "location": self.location,
            "message": self.message,
            "reason": self.reason,
        }


def location_path(finding: Finding) -> str:
    """Where the finding is, in words that survive edits: section, table, row, column, and the
    rule's own key for the place."""
    loc = finding.location
    parts = [
        f"{label}={value}"
        for label, value in (
            ("section", loc.section),
            ("table", loc.table),
            ("row", loc.row),
            ("column", loc.column_key),
        )
        if value
    ]
    return " ".join([*parts, f"key={finding.key}"])


def entries_for(
    findings_by_file: list[tuple[str, list[Finding]]], reasons: dict[str, str] | None = None
) -> list[Entry]:
    """One entry per fingerprint, keeping the reasons already given for those still found."""
    reasons = reasons or {}
    seen: dict[str, Entry] = {}
    for path, findings in findings_by_file:
        for f in findings:
            seen.setdefault(
                f.fingerprint,
                Entry(
                    f.fingerprint,
                    f.code,
                    f.document_id,
                    location_path(f),
                    f.message,
                    reasons.get(f.fingerprint, ""),
                    path,
                ),
            )
    return sorted(seen.values(), key=lambda e: (e.document, e.code, e.location, e.fingerprint))


def write_baseline(path: Path, entries: list[Entry]) -> None:
    import yaml

    body = yaml.safe_dump(
        {"version": VERSION, "findings": [e.as_dict() for e in entries]},
        allow_unicode=True,
        sort_keys=False,
        width=1000,
    )
    try:
        path.write_text(HEADER + body, encoding="utf-8")
    except OSError as exc:
        raise UsageError(
            f"无法写入基线文件 {path}：{exc.strerror} / cannot write baseline {path}: {exc.strerror}"
        ) from None


def read_baseline(path: Path) -> list[Entry]:
    """The entries of a baseline file; UsageError naming the file and line when it is malformed."""
    data, lines = read_yaml(path, "基线文件", "baseline file")

    def fail(key: str, zh: str, en: str) -> None:
        line = lines.get(key)
        where = f"{path}:{line}" if line else str(path)
        raise UsageError(
            f"基线文件无效 {where}：{zh}（可用 --write-baseline 重新生成） / invalid baseline {where}: {en} (regenerate it with --write-baseline)"
        )

    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        fail("", "顶层须是映射，含 findings: 列表", "the top level must be a mapping with a 'findings:' list")
    if data.get("version", VERSION) != VERSION:
        fail(
            "version",
            f"不认识的版本 {data.get('version')!r}，应为 {VERSION}",
            f"unknown version {data.get('version')!r}; expected {VERSION}",
        )
    out = []
    for i, node in enumerate(data["findings"]):
        key = f"findings.{i}"
        if not isinstance(node, dict):
            fail(
                key,
                "每一项须是映射（fingerprint、code、reason…）",
                "each entry must be a mapping (fingerprint, code, reason, ...)",
            )
        fingerprint = node.get("fingerprint")
        if not isinstance(fingerprint, str) or not FINGERPRINT_RE.match(fingerprint):
            fail(
                f"{key}.fingerprint" if "fingerprint" in node else key,
                f"fingerprint 须为 16 位十六进制，而不是 {fingerprint!r}",
                f"fingerprint must be 16 hexadecimal digits, not {fingerprint!r}",
            )
        for name in ("code", "document", "file", "location", "message", "reason"):
            if not isinstance(node.get(name, ""), str):
                fail(f"{key}.{name}", f"{name} 须是文字", f"{name} must be text")
        out.append(
            Entry(
                fingerprint,
                node.get("code", ""),
                node.get("document", ""),
                node.get("location", ""),
                node.get("message", ""),
                node.get("reason") or "",
                node.get("file", ""),
            )
        )
    return out


def stale_entries(entries: list[Entry], checked_documents: set[str], matched: set[str]) -> list[Entry]:
    """Entries for documents checked in this run that matched no finding. Entries for documents
    not checked this time are neither hidden nor stale: a run on one file of a batch says
    nothing about the others."""
    return [e for e in entries if e.document in checked_documents and e.fingerprint not in matched]


def notices(entries: list[Entry], checked_documents: set[str], matched: set[str], baseline_file: str) -> list[str]:
    """What a run with a baseline says on stderr: how many known findings it hid, and each stale
    entry, one line each. Stale entries do not change the exit code (fixing a problem must not
    fail a run) but are never silent."""
    out = []
    stale = stale_entries(entries, checked_documents, matched)
    if matched:
        n = len(matched)
        out.append(
            f"xxgk: 基线 {baseline_file} 中 {n} 条已知问题仍存在，已隐藏 / {n} baseline entries still match and were hidden"
        )
    for e in stale:
        out.append(
            f"xxgk: 基线条目已失效（问题已不存在）{baseline_file}：{e.code} {e.document} {e.location} / stale baseline entry: {e.code} {e.document} {e.location} ({e.fingerprint})"
        )
    if stale:
        out.append(
            f"xxgk: {len(stale)} 条基线条目已失效，可从 {baseline_file} 删除，或用 --write-baseline 重新生成 / {len(stale)} stale baseline entries: delete them or regenerate with --write-baseline"
        )
    return out
