"""What the table tests share: small whole reports around table texts, the tables of the official
forms as pipe rows, and every identity of a table's layout evaluated on its cells."""

from __future__ import annotations

from decimal import Decimal

from checker.parse.identity import bind, evaluate
from checker.spec.layouts import table_config


def identity_outcomes(tbl) -> dict[str, list[str]]:
    """Each identity of the table's layout, bound to the rows found, evaluated on the cells."""
    layout = table_config().layouts[tbl.layout]

    def value_of(ref):
        return tbl.value_of(ref.row, ref.col)

    out: dict[str, list[str]] = {}
    for ident in layout.identities:
        for inst in bind(ident, [r.key for r in layout.rows], layout.columns_of, layout.present(set(tbl.rows))):
            out.setdefault(ident.id, []).append(evaluate(inst, value_of).status)
    return out


def all_identities_hold(tbl) -> bool:
    return all(status == "holds" for statuses in identity_outcomes(tbl).values() for status in statuses)


AGENCY = "清河县交通运输局"


def report(year: int, t2: str = "", t3: str = "", t4: str = "") -> str:
    """A whole 2019/2021-format report around the given table texts (one per section)."""
    return "\n".join(
        [
            f"{AGENCY}{year}年政府信息公开工作年度报告",
            f"本报告所列数据统计期限自{year}年1月1日至{year}年12月31日。",
            "一、总体情况",
            f"{year}年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息，依法办理政府信息公开申请。",
            "二、主动公开政府信息情况",
            t2 or "本年度无相关数据。",
            "三、收到和处理政府信息公开申请情况",
            t3 or "本年度无相关数据。",
            "四、政府信息公开行政复议、行政诉讼情况",
            t4 or "本年度无相关数据。",
            "五、存在的主要问题及改进情况",
            "信息公开的及时性还有待提高，下一步将加强培训，完善审核发布机制。",
            "六、其他需要报告的事项",
            "本年度未收取信息处理费。",
            "",
        ]
    )


def table(doc, slot: str):
    found = [t for t in doc.stat_tables if t.slot == slot]
    assert len(found) == 1, f"table {slot}: {[(t.slot, t.layout) for t in doc.stat_tables]}"
    return found[0]


def values(tbl, row: str) -> list:
    """A row's cells in layout order: the Decimal value, or the state when there is none."""
    return [c.state if c.number is None else c.number for c in tbl.rows[row].cells.values()]


def D(*xs) -> list:
    return [Decimal(str(x)) for x in xs]


def codes(found, prefixes=("T", "F", "I101")) -> list[str]:
    return sorted(
        f.code for f in found if f.code.startswith(prefixes) and not (f.code == "I101" and "M105" in f.message)
    )


def flat_report(year: int, tables: str) -> str:
    """An archive page: the whole report on one line, headings in the middle of it."""
    return (
        f"平潭综合实验区{year}年度政府信息公开工作年度报告\n"
        f"本报告所列数据统计期限为{year}年1月1日至{year}年12月31日。一、总体情况 {year}年，全区认真落实政府信息公开工作要求，依法办理政府信息公开申请。"
        + tables
        + "五、存在的主要问题及改进情况 政务公开队伍建设有待进一步加强，下一步将加强业务培训。六、其他需要报告的事项 本年度无收取信息处理费情况。\n"
    )


# -- the official tables as pipe rows ------------------------------------------------------------

T2_PIPES = """\
| 第二十条第（一）项 | ||||
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 5 | 1 | 30 |
| 第二十条第（五）项 | ||||
| 信息内容 | 本年处理决定数量 | ||
| 行政许可 | 120 | ||
| 第二十条第（六）项 | ||||
| 信息内容 | 本年处理决定数量 | ||
| 行政处罚 | 46 | ||
| 行政强制 | 2 | ||
| 第二十条第（八）项 | ||||
| 信息内容 | 本年收费金额（单位：万元） | ||
| 行政事业性收费 | 12.35 | ||"""

T3_HEADER = """\
| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | ||||||
| | 自然人 | 法人或其他组织 | | | | | 总计 |
| | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |"""

# (group cell, row label, seven values); the 2021 rows, in order
T3_2021_ROWS = [
    ("", "一、本年新收政府信息公开申请数量", [10, 2, 0, 0, 1, 0, 13]),
    ("", "二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
    ("三、本年度办理结果", "（一）予以公开", [5, 1, 0, 0, 0, 0, 6]),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [2, 0, 0, 0, 0, 0, 2]),
    ("（三）不予公开", "1.属于国家秘密", [0] * 7),
    ("", "2.其他法律行政法规禁止公开", [0] * 7),
    ("", "3.危及“三安全一稳定”", [0] * 7),
    ("", "4.保护第三方合法权益", [0] * 7),
    ("", "5.属于三类内部事务信息", [0] * 7),
    ("", "6.属于四类过程性信息", [1, 0, 0, 0, 0, 0, 1]),
    ("", "7.属于行政执法案卷", [0] * 7),
    ("", "8.属于行政查询事项", [0] * 7),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", [1, 1, 0, 0, 1, 0, 3]),
    ("", "2.没有现成信息需要另行制作", [0] * 7),
    ("", "3.补正后申请内容仍不明确", [0] * 7),
    ("（五）不予处理", "1.信访举报投诉类申请", [0] * 7),
    ("", "2.重复申请", [1, 0, 0, 0, 0, 0, 1]),
    ("", "3.要求提供公开出版物", [0] * 7),
    ("", "4.无正当理由大量反复申请", [0] * 7),
    ("", "5.要求行政机关确认或重新出具已获取信息", [0] * 7),
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("", "3.其他", [0] * 7),
    ("", "（七）总计", [10, 2, 0, 0, 1, 0, 13]),
    ("", "四、结转下年度继续办理", [1, 0, 0, 0, 0, 0, 1]),
]
# The 2019 (试行) table: （六）其他处理 is one row.
T3_2019_ROWS = [r for r in T3_2021_ROWS if r[0] != "（六）其他处理" and not r[1].startswith(("2.申请人逾期", "3.其他"))]
T3_2019_ROWS.insert(len(T3_2019_ROWS) - 2, ("", "（六）其他处理", [0] * 7))


def t3_pipes(rows) -> str:
    lines = [T3_HEADER]
    for group, label, vals in rows:
        nums = " | ".join(str(v) for v in vals)
        if label.startswith(("一、", "二、", "四、")):
            lines.append(f"| {label} | {nums} |")
        elif label.startswith("（") and not group.startswith("（"):
            lines.append(f"| {group} | {label} | {nums} |")
        else:
            lines.append(f"| | {group} | {label} | {nums} |")
    return "\n".join(lines)


T4_PIPES = """\
| 行政复议 | ||||| 行政诉讼 ||||||||||
| | | | | | 未经复议直接起诉 ||||| 复议后起诉 |||||
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 1 | 3 |"""


T2_2019_PIPES = """\
| 第二十条第（一）项 | | | |
| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
| 规章 | 0 | 0 | 0 |
| 规范性文件 | 3 | 3 | 40 |
| 第二十条第（五）项 | | | |
| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
| 行政许可 | 20 | -2 | 150 |
| 其他对外管理服务事项 | 0 | 0 | 0 |
| 第二十条第（六）项 | | | |
| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
| 行政处罚 | 10 | 1 | 30 |
| 行政强制 | 0 | 0 | 0 |
| 第二十条第（八）项 | | | |
| 信息内容 | 上一年项目数量 | 本年增/减 | |
| 行政事业性收费 | 2 | 0 | |
| 第二十条第（九）项 | | | |
| 信息内容 | 采购项目数量 | 采购总金额 | |
| 政府集中采购 | 4 | 56.78 | |"""
