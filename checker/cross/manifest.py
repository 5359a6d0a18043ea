"""A region's manifest (--manifest region.csv): one row per agency and year, saying what the
report's text may lack (agency, year, publication date), where it sits in the region (level,
parent) and whether a government's report covers its departments' figures (covers).

Columns (English or Chinese headers, any order): path, agency, level, parent, year, url,
published, covers. UTF-8 with or without BOM; GBK/GB18030 tolerated. A relative path is relative
to the manifest's folder; an empty path means the agency published no report for the year."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from checker.errors import UsageError

HEADERS = {
    "path": ("path", "文件", "路径", "文件路径"),
    "agency": ("agency", "机关", "发布机关", "单位"),
    "level": ("level", "层级", "级别"),
    "parent": ("parent", "上级", "上级机关", "所属"),
    "year": ("year", "年度", "报告年度"),
    "url": ("url", "网址", "链接"),
    "published": ("published", "发布日期", "发布时间"),
    "covers": ("covers", "含部门", "汇总部门"),
}
_YES = {"yes", "y", "true", "1", "是", "√", "含"}
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


@dataclass(frozen=True)
class ManifestRow:
    line: int
    path: Path | None  # None: no report
    agency: str | None
    level: str | None
    parent: str | None
    year: int | None
    url: str | None
    published: dt.date | None
    covers: bool  # a government's report whose tables include its departments' figures

    @property
    def key(self) -> str:
        """The file's absolute path, as results are matched to rows."""
        return os.path.abspath(self.path) if self.path else ""

    def exists(self) -> bool:
        return self.path is not None and self.path.is_file()


@dataclass(frozen=True)
class Manifest:
    path: Path
    rows: tuple[ManifestRow, ...]

    def row_for(self, path: str) -> ManifestRow | None:
        target = os.path.abspath(path)
        return next((r for r in self.rows if r.path is not None and r.key == target), None)


def _decode(data: bytes, label: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UsageError(
        f"清单文件编码无法识别：{label}（请存为 UTF-8） / cannot decode manifest {label}: save it as UTF-8"
    )


def _columns(header: list[str], label: str) -> dict[str, int]:
    found = {}
    for i, raw in enumerate(header):
        name = raw.strip().lower()
        for field, names in HEADERS.items():
            if name in names:
                found[field] = i
    if "agency" not in found or "path" not in found:
        raise UsageError(
            f"清单文件 {label} 第1行须有 path（文件）和 agency（机关）两列，实为：{'、'.join(header)} / "
            f"manifest {label}: the header needs the columns path and agency"
        )
    return found


def _year(value: str, where: str) -> int | None:
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})\s*年?度?", value)
    if not m:
        raise UsageError(f"清单 {where}：年度“{value}”应为四位数字 / manifest {where}: year {value!r} is not a year")
    return int(m.group(1))


def _date(value: str, where: str) -> dt.date | None:
    if not value:
        return None
    m = _DATE.match(value)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        pass
    raise UsageError(
        f"清单 {where}：发布日期“{value}”应为 YYYY-MM-DD / manifest {where}: published {value!r} is not a date"
    )


def _row(cells: list[str], columns: dict[str, int], base: Path, where: str, line: int) -> ManifestRow:
    def get(field: str) -> str:
        i = columns.get(field)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    path = get("path")
    return ManifestRow(
        line=line,
        path=(base / path) if path else None,
        agency=get("agency") or None,
        level=get("level") or None,
        parent=get("parent") or None,
        year=_year(get("year"), where),
        url=get("url") or None,
        published=_date(get("published"), where),
        covers=get("covers").lower() in _YES,
    )


def read_manifest(path: Path) -> Manifest:
    label = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"无法读取清单文件：{label}（{exc.strerror}） / cannot read manifest {label}") from None
    rows = list(csv.reader(io.StringIO(_decode(data, label))))
    if not rows:
        raise UsageError(f"清单文件为空：{label} / the manifest {label} is empty")
    columns = _columns(rows[0], label)
    base = path.parent
    out = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        out.append(_row(cells, columns, base, f"{label}:{line}", line))
    return Manifest(path, tuple(out))
