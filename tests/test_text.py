"""checker.ingest: decoding report bytes, normalised views, line index."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import opencc
import pytest

from checker.api import check_text
from checker.errors import UnreadableInput
from checker.ingest.decode import decode_bytes
from checker.ingest.views import LineIndex, flow, normalise

TEXT = "某市自然资源局2024年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息326条。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8 (BOM)"),
        (TEXT.encode("utf-16"), "utf-16-le (BOM)"),  # Python writes the BOM little-endian here
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be (BOM)"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le (BOM)"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-32-le-bom", "gb18030", "gbk"],
)
def test_decode_bytes_detects_encodings(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert decoded.replaced == 0


def test_bom_is_not_part_of_the_text():
    assert not decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8")).text.startswith("\ufeff")


def test_a_few_invalid_utf8_bytes_become_replacement_characters():
    data = TEXT.encode("utf-8")
    at = data.index("全年".encode())
    decoded = decode_bytes(data[:at] + b"\xff\xfe" + data[at:])
    assert decoded.encoding == "utf-8"
    assert decoded.replaced == 2
    assert decoded.text.count("\ufffd") == 2
    assert decoded.text.replace("\ufffd", "") == TEXT


def test_gb18030_only_characters():
    text = TEXT + "㐀䶵€\n"  # CJK extension A and the euro sign are in GB18030, not GBK
    assert decode_bytes(text.encode("gb18030")).text == text


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\r\n\t", b"\x00\x00\x00", codecs.BOM_UTF8, codecs.BOM_UTF16_LE],
    ids=["empty", "whitespace", "nuls", "bom-only", "utf16-bom-only"],
)
def test_empty_input_is_unreadable(data):
    with pytest.raises(UnreadableInput) as exc:
        decode_bytes(data)
    assert exc.value.reason_en == "the file is empty"
    assert "空" in exc.value.reason_zh


@pytest.mark.parametrize(
    "data",
    [
        random.Random(1).randbytes(4096),
        bytes(0 if k % 5 == 0 else random.Random(k).randrange(256) for k in range(4096)),
        bytes(range(256)) * 8,
        b"%PDF-1.7\n" + bytes(range(256)),
        b"PK\x03\x04" + TEXT.encode("utf-8"),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
    ],
    ids=["random", "random-with-nuls", "all-bytes", "pdf", "zip-docx", "ole-doc"],
)
def test_binary_input_is_unreadable(data):
    with pytest.raises(UnreadableInput) as exc:
        decode_bytes(data)
    assert "binary" in exc.value.reason_en


def test_normalise_maps_full_width_and_keeps_origins():
    text = "（一）统计期限：２０２４年\r\n"
    view = normalise(text)
    assert view.text == "(一)统计期限:2024年\n"
    # every character of the view points back into the original text
    assert len(view.origin) == len(view.text) + 1
    assert text[view.orig(view.text.index("2024"))] == "２"
    assert view.origin[-1] == len(text)


def test_flow_joins_hard_wrapped_pdf_lines():
    lines = [
        "   本报告由淮安市人民政府办公室根据《中华人民共和国政府",
        "信息公开条例》（国令第 711 号）（以下简称《条例》）规定编",
        "制。报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。",
    ] + ["   2024 年，我市坚持以习近平新时代中国特色社会主义思想为指导，认真学"] * 10
    view = flow(normalise("\n".join(lines)))
    assert "政府信息公开条例" in view.text
    assert "规定编制" in view.text
    assert "统计期限自2024年1月1日至2024年12月31日" in view.text


def test_flow_keeps_paragraph_breaks_of_unwrapped_text():
    text = "一、总体情况\n2024年，我局坚持以公开为常态。\n二、主动公开政府信息情况\n"
    assert flow(normalise(text)).text == "一、总体情况\n2024年,我局坚持以公开为常态。\n二、主动公开政府信息情况\n"


def test_line_index():
    idx = LineIndex("ab\ncd\n\nef")
    assert idx.line_col(0) == (1, 1)
    assert idx.line_col(1) == (1, 2)
    assert idx.line_col(3) == (2, 1)
    assert idx.line_col(6) == (3, 1)
    assert idx.line_col(8) == (4, 2)


def test_utf16_without_a_bom_is_recognised():
    decoded = decode_bytes(TEXT.encode("utf-16-le"))
    assert (decoded.text, decoded.encoding) == (TEXT, "utf-16-le")


def test_a_file_over_the_limit_is_refused(monkeypatch):
    from checker.ingest import decode

    monkeypatch.setattr(decode, "MAX_BYTES", len(TEXT.encode("utf-8")) - 1)
    with pytest.raises(UnreadableInput) as exc:
        decode_bytes(TEXT.encode("utf-8"))
    assert "too large" in exc.value.reason_en


def test_many_broken_bytes_in_utf8_are_not_kept_as_utf8():
    """One broken byte in 500 characters is damage; GB18030 text read as UTF-8 breaks at every
    character, so it is read as GB18030 instead."""
    decoded = decode_bytes((TEXT * 3).encode("gb18030"))
    assert (decoded.encoding, decoded.replaced) == ("gb18030", 0)


_WRAPPED = ["2024年，我市坚持以习近平新时代中国特色社会主义思想为指导，认真学习贯彻条例"] * 10


def test_flow_does_not_join_a_heading_or_a_table_row_to_the_line_after():
    row = "| 规范性文件 | 11 | 12 | 13 | 14 | 15 |"  # as long as a wrapped line, but a table row
    text = "\n".join([*_WRAPPED, "二、主动公开政府信息情况", row, row])
    joined = flow(normalise(text)).text
    assert "条例\n二、主动公开" in joined  # a heading starts its own line
    assert "15 |\n|规范性文件" in joined  # table rows stay rows


def test_flow_keeps_the_space_between_two_digits():
    assert flow(normalise("数量 12 34 件\n")).text == "数量12 34件\n"


def test_normalise_gives_traditional_hanzi_in_simplified_form_one_for_one():
    text = "一、總體情況\n本報告統計期限為2024年1月1日至12月31日。關於徵求意見之後\n"
    view = normalise(text)
    assert view.text == "一、总体情况\n本报告统计期限为2024年1月1日至12月31日。关于征求意见之后\n"
    assert view.origin == [*range(len(text)), len(text)]  # nothing added or dropped


def test_normalise_keeps_characters_that_are_simplified_too():
    """乾 is a county's name (乾县) in simplified text; 著, 覆, 里 are simplified characters."""
    text = "乾县显著覆盖乡里"
    assert normalise(text).text == text


def test_normalise_leaves_out_pinyin_glosses_and_maps_back():
    text = "本報(bào)告統(tǒng)計（jì）期限"
    view = normalise(text)
    assert view.text == "本报告统计期限"
    assert text[view.orig(view.text.index("告"))] == "告"
    assert text[view.orig(view.text.index("期"))] == "期"
    assert normalise("条例(试行)第(a)项(iii)").text == "条例(试行)第(a)项(iii)"  # no tone mark: no gloss


def test_a_traditional_report_reads_like_its_simplified_original():
    """A 繁体 mirror of a clean report (converted, with pinyin glosses in places): every rule
    reads it as the report it copies; only H107 says the script is mixed (info)."""
    clean = (Path(__file__).parent / "cases" / "bases" / "tables2021.txt").read_text(encoding="utf-8")
    assert check_text(clean) == []
    traditional = opencc.OpenCC("s2t").convert(clean)
    assert traditional != clean
    glossed = traditional.replace("報告", "報(bào)告").replace("統計", "統(tǒng)計")
    for text in (traditional, glossed):
        found = [(f.code, f.message) for f in check_text(text)]
        assert [code for code, _ in found] == ["H107"], found


def test_a_view_quotes_the_original_characters():
    text = "本報(bào)告統計期限：２０２４年"
    view = normalise(text)
    at = view.text.index("报告")
    assert view.original(text, at, view.text.index("2024") + 4) == "報(bào)告統計期限：２０２４"


def test_the_ideographs_normalise_passes_over_are_their_own_nfkc_form():
    import unicodedata

    from checker.ingest.views import _EXTRA, _IDEOGRAPH_FIRST, _IDEOGRAPH_LAST

    block = [chr(c) for c in range(ord(_IDEOGRAPH_FIRST), ord(_IDEOGRAPH_LAST) + 1)]
    assert len(block) > 27000
    assert all(unicodedata.normalize("NFKC", ch) == ch and ch not in _EXTRA for ch in block)
    # and a compatibility ideograph outside it is not
    assert unicodedata.normalize("NFKC", "\uf900") != "\uf900"


def test_a_view_without_some_characters_keeps_the_origins_of_the_others():
    from itertools import compress

    from checker.ingest.views import View, _kept

    rng = random.Random(15)
    for _ in range(200):
        text = "".join(rng.choice("ab 中\n") for _ in range(rng.randrange(0, 30)))
        view = View(text, [3 * i for i in range(len(text) + 1)])
        keep = bytearray(rng.choice((0, 1, 1)) for _ in text)
        kept = _kept(view, keep)
        assert kept.text == "".join(compress(text, keep))
        assert kept.origin == [*compress(view.origin, keep), view.origin[-1]]


def test_normalise_looks_at_every_character_but_ascii_and_the_ideographs():
    from checker.ingest.views import _NORMALISABLE

    every = "".join(map(chr, range(0x110000)))
    expected = [ch for ch in every if (ch >= "\x80" and not "\u3400" <= ch <= "\u9fff") or ch == "\r"]
    assert _NORMALISABLE.findall(every) == expected


def test_a_text_gb2312_holds_whole_is_its_own_simplified_form_unless_it_has_traditional_ones():
    from checker.ingest.views import simplified

    assert simplified("关于政府信息公开，（一）") == "关于政府信息公开，（一）"
    assert simplified("關於政府") == "关于政府"
    # 於 is in GB2312, and traditional in a report
    assert simplified("关於") == "关于"


def test_the_spaces_flow_drops_are_the_whole_runs_next_to_chinese_but_between_digits():
    import re

    from checker.ingest.views import _CJKISH_CLASS, _drop_cjk_spaces

    cjkish = re.compile(_CJKISH_CLASS)

    def by_each_run(text: str) -> bytearray:  # the loop it replaces
        keep = bytearray(b"\x01") * len(text)
        for m in re.finditer(r"[ \t\u3000]+", text):
            a, b = m.start(), m.end()
            left = text[a - 1] if a else ""
            right = text[b] if b < len(text) else ""
            if (left and cjkish.match(left)) or (right and cjkish.match(right)):
                if not (left.isdigit() and right.isdigit()):
                    keep[a:b] = bytes(b - a)
        return keep

    texts = [
        normalise(f.read_text(encoding="utf-8")).text for f in sorted((Path(__file__).parent / "wild").glob("*.txt"))
    ]
    rng = random.Random(7)
    texts += ["".join(rng.choice(" \t\u3000a1中１，") for _ in range(40)) for _ in range(300)]
    texts += [" \u3000a", "中 \u3000a", "a \u30001", "１ １", "1 中", " 中", "中 ", "a  b"]
    for text in texts:
        keep = bytearray(b"\x01") * len(text)
        _drop_cjk_spaces(text, keep)
        assert keep == by_each_run(text), text
