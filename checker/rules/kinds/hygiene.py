"""Kinds for the hygiene of the published text: mojibake, missing attachments, script mix,
unbalanced brackets."""

from __future__ import annotations

import re

from checker.rules.kinds.base import Param, kind

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{4,}")
_LATIN1_RUN = re.compile(r"(?:[\u00c0-\u00ef][\u0080-\u00bf]{1,2}){2,}")
_LIST_MARKER = re.compile(r"(?:^|(?<=[\s。;:,，、]))[\dA-Za-z一二三四五六七八九十]{1,2}\)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _gbk_misread(run: str, min_chars: int) -> str | None:
    """UTF-8 bytes that were decoded as GBK: re-encode as GBK, decode as UTF-8."""
    try:
        raw = run.encode("gbk")
    except UnicodeEncodeError:
        return None
    repaired = raw.decode("utf-8", errors="replace")
    best = max(
        (m.group(0) for m in re.finditer(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef《》“”]+", repaired)),
        key=len,
        default="",
    )
    if len(_CJK.findall(best)) < min_chars:
        return None
    try:
        best.encode("gb2312")  # the repaired text is ordinary simplified Chinese
    except UnicodeEncodeError:
        return None
    return best


def _rare(ch: str) -> bool:
    """Not a common character: outside GB2312 level 1 (the 3755 frequent hanzi)."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return len(b) == 2 and b[0] >= 0xD8


_HANZI_RUN = re.compile(r"[\u4e00-\u9fff\u2460-\u24ff]{6,}")


@kind(
    "mojibake",
    params={
        "min_repaired_chars": Param(int, default=3),
        "known": Param(list, default=[]),
        "rare_window": Param(int, default=8),
        "rare_share": Param(float, default=0.5),
    },
    messages=("default", "replacement", "latin1", "known", "rare"),
)
def check_mojibake(doc, rule, ctx):
    """Works on the original text: NFKC would turn some mojibake symbols (⒐) into ASCII."""
    text = doc.text
    spans: list[tuple[int, int]] = []

    def report(a: int, b: int, key: str, variant: str = "default", **values):
        if any(a < y and b > x for x, y in spans):
            return
        spans.append((a, b))
        ctx.report(
            at=doc.norm_at(a),
            end=doc.norm_at(b),
            key=key,
            variant=variant,
            evidence={k: v for k, v in values.items()},
            **values,
        )

    first_bad = text.find("\ufffd")
    if first_bad >= 0:
        report(first_bad, first_bad + 1, "replacement", "replacement", count=text.count("\ufffd"))
    for m in _NON_ASCII_RUN.finditer(text):
        repaired = _gbk_misread(m.group(0), rule.params["min_repaired_chars"])
        if repaired:
            report(m.start(), m.end(), f"gbk:{m.group(0)[:20]}", text=m.group(0)[:40], repaired=repaired[:40])
    for m in _LATIN1_RUN.finditer(text):
        try:
            repaired = m.group(0).encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if _CJK.search(repaired):
            report(
                m.start(), m.end(), f"latin1:{m.group(0)[:20]}", "latin1", text=m.group(0)[:40], repaired=repaired[:40]
            )
    window, share = rule.params["rare_window"], rule.params["rare_share"]
    for m in _HANZI_RUN.finditer(text):
        run = m.group(0)
        flags = [_rare(ch) for ch in run]
        hits = [
            i
            for i in range(max(1, len(run) - window + 1))
            if sum(flags[i : i + window]) >= share * min(window, len(run))
        ]
        if hits:
            a, b = (0, len(run)) if len(run) <= 30 else (hits[0], min(len(run), hits[-1] + window))
            report(m.start() + a, m.start() + b, f"rare:{run[a:b][:20]}", "rare", text=run[a:b][:40])
    for word in rule.params["known"]:
        i = text.find(word)
        if i >= 0:
            report(i, i + len(word), f"known:{word}", "known", text=word)


@kind(
    "attachment",
    params={"references": Param(list, required=True), "file_reference_regex": Param(str, required=True)},
    messages=("default", "file"),
)
def check_attachment(doc, rule, ctx):
    """A reference to an attachment or annex whose content is not in the document."""
    text = doc.flow.text
    has_table = bool(doc.tables)
    for pattern in rule.params["references"]:
        for m in re.finditer(pattern, text):
            norm_at = doc.flow_to_norm(m.start())
            if has_table and any(t.start >= norm_at - 200 for t in doc.tables):
                continue  # the attachment is the table that follows
            if _annex_follows(doc, norm_at):
                continue
            ctx.report(
                flow_at=m.start(),
                flow_end=m.end(),
                key=f"ref:{m.group(0)}",
                evidence={"text": m.group(0)},
                text=m.group(0),
            )
            return
    for m in re.finditer(rule.params["file_reference_regex"], text):
        if doc.tables:
            continue
        ctx.report(
            flow_at=m.start(),
            flow_end=m.end(),
            key=f"file:{m.group(0)}",
            variant="file",
            evidence={"text": m.group(0)},
            text=m.group(0),
        )
        return


def _annex_follows(doc, norm_at: int) -> bool:
    """An annex printed after the body: a line that starts with 附件 followed by real content."""
    text = doc.norm.text
    for m in re.finditer(r"^\s*附件\s*\d?\s*[:：]?\s*(.*)$", text[norm_at:], re.MULTILINE):
        rest = text[norm_at + m.end() :]
        if not re.search(r"\.(xlsx?|docx?|pdf|wps|et|zip|rar)\b", m.group(1), re.I) and len(rest.strip()) > 200:
            return True
    return False


@kind("script_mix", params={"characters": Param(str, required=True), "min_count": Param(int, default=3)})
def check_script_mix(doc, rule, ctx):
    chars = set(rule.params["characters"])
    text = doc.norm.text
    hits = [i for i, ch in enumerate(text) if ch in chars]
    if len(hits) >= rule.params["min_count"]:
        sample = "".join(dict.fromkeys(text[i] for i in hits))[:20]
        ctx.report(
            at=hits[0],
            end=hits[0] + 1,
            key="traditional",
            evidence={"count": len(hits), "characters": sample},
            count=len(hits),
            sample=sample,
        )


@kind(
    "brackets",
    params={"pairs": Param(list, required=True), "doubled": Param(list, default=[])},
    messages=("default", "doubled", "unopened"),
)
def check_brackets(doc, rule, ctx):
    """Unclosed or doubled brackets within each paragraph of running text (tables excluded)."""
    text = doc.norm.text
    opens = {p[0]: p[1] for p in rule.params["pairs"]}
    closes = {p[1]: p[0] for p in rule.params["pairs"]}
    doubled_at: set[int] = set()
    for token in rule.params["doubled"]:
        for m in re.finditer(re.escape(token), text):
            if not doc.in_table(m.start()):
                doubled_at.update(range(m.start(), m.end()))
                ctx.report(
                    at=m.start(),
                    end=m.end(),
                    key=f"doubled:{token}:{text[m.start() : m.start() + 12]}",
                    variant="doubled",
                    evidence={"text": token},
                    text=token,
                )
    for a, b in doc.prose_spans():
        stack: list[tuple[str, int]] = []
        for i in range(a, b):
            ch = text[i]
            if ch in opens:
                if i not in doubled_at or (i + 1 < b and text[i + 1] == ch):
                    stack.append((ch, i))
            elif ch in closes:
                if stack and stack[-1][0] == closes[ch]:
                    stack.pop()
                elif any(s[0] == closes[ch] for s in stack):
                    while stack and stack[-1][0] != closes[ch]:
                        stack.pop()
                    stack.pop()
                elif not _LIST_MARKER.search(text, max(a, i - 3), i + 1):
                    ctx.report(
                        at=i,
                        end=i + 1,
                        key=f"unopened:{ch}:{text[max(a, i - 10) : i]}",
                        variant="unopened",
                        evidence={"bracket": ch},
                        bracket=ch,
                        expected=closes[ch],
                    )
        for ch, i in stack:
            ctx.report(
                at=i,
                end=i + 1,
                key=f"unclosed:{ch}:{text[i : i + 10]}",
                evidence={"bracket": ch},
                bracket=ch,
                expected=opens[ch],
            )
