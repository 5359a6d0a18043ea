"""A batch of many reports: digests kept out of memory and read back only for what is compared,
and the pairing of each report with last year's done by agency and year, not report by report
(counted in steps, never timed)."""

from __future__ import annotations

import io
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import corpus_file, write

from checker import app
from checker.cross import batch as batch_module
from checker.cross.batch import build_batch
from checker.cross.stage import finish, prepare
from checker.cross.store import DigestStore, pack, unpack
from checker.ingest.pipeline import Overrides
from checker.model.digest import CellRef, Digest, Sentence, TableDigest
from checker.model.findings import Location
from checker.model.result import DocumentInfo, DocumentResult
from checker.policy.settings import CommandLine, SettingsFinder
from checker.rules.ruleset import load_ruleset

BASE = (Path(__file__).parent / "cases" / "bases" / "tables2021.txt").read_text(encoding="utf-8")


def _digest(text: str) -> Digest:
    where = Location(
        3, 1, None, None, section="三", table="表三", row="二、上年结转", column_key="total", source="第2页"
    )
    cells = {"carried:total": CellRef(Decimal("4"), where), "new:total": CellRef(None, Location(5, 2))}
    sentences = (Sentence(text, Location(1, 1, 1, 9, section="前言")), Sentence("第二句话写在这里", Location(2, 1)))
    return Digest({"三": TableDigest("2021", cells)}, sentences, "标题")


def test_a_packed_digest_reads_back_the_same():
    digest = _digest("本机关认真贯彻条例")
    assert unpack(pack(digest)) == digest
    # the digits and exponent a cell was written with come back as written
    odd = Digest({"三": TableDigest("2021", {"a:b": CellRef(Decimal("1.50E+3"), Location())})})
    (cell,) = unpack(pack(odd)).tables["三"].cells.values()
    assert str(cell.value) == "1.50E+3"


def test_the_store_gives_back_each_digest_and_its_texts_alone():
    store = DigestStore()
    store.put(0, pack(_digest("第一份报告的第一句")))
    store.put(7, pack(_digest("第二份报告的第一句")))
    assert store.sentence(7, 1) == Sentence("第二句话写在这里", Location(2, 1))  # read back alone
    assert 7 in store and 1 not in store
    assert store.texts(7) == ("第二份报告的第一句", "第二句话写在这里")
    assert store.get(0) == _digest("第一份报告的第一句")
    assert store.texts(0) == ("第一份报告的第一句", "第二句话写在这里")  # from the digest read back
    assert store.get(1) is None and store.texts(1) is None
    assert store.sentence(7, 0) == Sentence("第二份报告的第一句", Location(1, 1, 1, 9, section="前言"))
    store.close()


def test_without_a_temporary_folder_the_store_keeps_digests_in_memory(monkeypatch):
    def no_folder(**_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_folder)
    store = DigestStore()
    store.put(3, pack(_digest("没有临时目录也照常检查")))
    assert store.texts(3) == ("没有临时目录也照常检查", "第二句话写在这里")
    store.close()


class _FullFile(io.BytesIO):
    """A temporary file on a disk that fills up after the first digest."""

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.tell() > 0:
            raise OSError(28, "No space left on device")
        return super().write(data)


def test_a_full_temporary_folder_keeps_the_rest_in_memory(monkeypatch):
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda **_: _FullFile())
    store = DigestStore()
    store.put(0, pack(_digest("写进临时文件的第一份")))
    store.put(1, pack(_digest("磁盘满了以后的第二份")))
    assert store.texts(0) == ("写进临时文件的第一份", "第二句话写在这里")
    assert store.texts(1) == ("磁盘满了以后的第二份", "第二句话写在这里")
    store.close()


def _result(name: str, agency: str, year: int, readable: bool = True) -> DocumentResult:
    info = DocumentInfo(year=year, agency=agency, profile="2021") if readable else None
    return DocumentResult(name, info=info, digest=_digest(f"{agency}{year}") if readable else None)


def _pairs_of(results: list[DocumentResult]) -> dict[str, str | None]:
    batch = build_batch(results, [load_ruleset()] * len(results))
    return {
        e.label: (p.entry.label if p.entry else None)
        for e in batch.shown()
        if (p := batch.previous.get(e.index)) is not None
    }


def test_each_copy_is_paired_with_the_first_readable_report_of_last_year():
    results = [
        _result("a2023-unreadable", "某市自然资源局", 2023, readable=False),
        _result("a2024-1", "某市自然资源局", 2024),
        _result("a2023-1", "某市自然资源局", 2023),
        _result("a2024-2", "某市自然资源局", 2024),
        _result("a2023-2", "某市自然资源局", 2023),
        _result("b2024", "某市教育局", 2024),  # another agency, no earlier year: nothing expected
        _result("a2022", "某市自然资源局", 2022),
    ]
    pairs = _pairs_of(results)
    assert pairs["a2024-1"] == pairs["a2024-2"] == "a2023-1"
    assert pairs["a2023-1"] == pairs["a2023-2"] == "a2022"
    assert "b2024" not in pairs and "a2022" not in pairs


@pytest.mark.parametrize("copies", [10, 100])
def test_pairing_compares_agency_names_not_every_pair_of_copies(copies, monkeypatch):
    """Reports of one agency compared with each other once per agency name: the comparisons do
    not grow with the copies (before: each copy against every other, 100 copies 10,000 times)."""
    calls = []
    same_key = batch_module.same_key
    monkeypatch.setattr(batch_module, "same_key", lambda *a: calls.append(a) or same_key(*a))
    results = []
    for i in range(copies):
        results.append(_result(f"a2024-{i}", "某市自然资源局", 2024))
        results.append(_result(f"a2023-{i}", "某市自然资源局", 2023))
        results.append(_result(f"b2024-{i}", "某市教育局", 2024))
    pairs = _pairs_of(results)
    assert all(pairs[f"a2024-{i}"] == "a2023-0" for i in range(copies))
    assert len(calls) <= 4


def test_a_run_keeps_digests_in_its_store_not_in_the_results(tmp_path):
    this_year = write(tmp_path / "r2024.txt", BASE)
    last_year = write(tmp_path / "r2023.txt", BASE.replace("2024", "2023"))
    the_plan = prepare(app.plan([last_year, this_year], SettingsFinder(), CommandLine(), Overrides()), None, None)
    assert the_plan.digests is not None
    results = app.run(the_plan)
    assert all(r.digest is None for r in results)
    assert 0 in the_plan.digests and 1 in the_plan.digests
    digest = the_plan.digests.get(1)
    assert digest is not None and digest.tables["三"].value("carried:total") == Decimal(4)
    shown = finish(the_plan, results, None, False)
    assert [Path(r.path).name for r in shown] == ["r2023.txt", "r2024.txt"]


def test_a_corpus_report_digest_travels_packed_unchanged():
    path = corpus_file("014_pingtan_syq_2020.txt")
    result = app.check_path(path, load_ruleset(), app.Policy(), Overrides(), digest=True)
    assert result.digest is not None and result.digest.sentences and result.digest.tables
    assert unpack(pack(result.digest)) == result.digest
