"""Kinds for the hygiene of the published text: mojibake, missing attachments, script mix,
unbalanced brackets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from checker.ingest.views import simplified, to_simplified
from checker.rules.kinds.base import Param, kind

if TYPE_CHECKING:
    from checker.model.document import Document
    from checker.rules.context import Context
    from checker.rules.rule import Rule

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{4,}")
_LATIN1_RUN = re.compile(r"(?:[\u00c0-\u00ef][\u0080-\u00bf]{1,2}){2,}")
_LIST_MARKER = re.compile(r"(?:^|(?<=[\s。;:,，、]))[\dA-Za-z一二三四五六七八九十]{1,2}\)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_TEXT = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef《》“”]+")
_MIN_RUN = 6  # hanzi: a shorter stretch is not looked at for rare characters
_HANZI_RUN = re.compile(rf"[\u4e00-\u9fff\u2460-\u24ff]{{{_MIN_RUN},}}")
# GB2312 level 2 (the rarer hanzi) starts at lead byte 0xD8; level 1 holds the 3755 frequent ones.
_GB2312_LEVEL2 = 0xD8
# A run of rare characters up to this long is reported whole; a longer one from its first to its last rare window.
_SHORT_RUN = 30
# Mojibake is quoted in messages and keys by its first characters.
_KEY_CHARS = 20
_QUOTE_CHARS = 40
_SAMPLE_CHARS = 20  # distinct traditional characters shown by script_mix
# A list marker 1) or a) is one or two characters before its bracket.
_MARKER_SPAN = 3


@dataclass(frozen=True)
class _Mojibake:
    start: int
    end: int
    key: str
    variant: str
    values: dict[str, Any] = field(default_factory=dict)


# The bytes that do not open a UTF-8 hanzi of U+4E00–U+9FFF (E4–E9 do).
_NOT_HANZI_LEADS = bytes(b for b in range(256) if not 0xE4 <= b <= 0xE9)


def _gbk_misread(run: str, min_chars: int) -> str | None:
    """UTF-8 bytes that were decoded as GBK: re-encode as GBK, decode as UTF-8."""
    try:
        raw = run.encode("gbk")
    except UnicodeEncodeError:
        return None
    if len(raw.translate(None, _NOT_HANZI_LEADS)) < min_chars:
        return None  # in UTF-8 each of U+4E00–U+9FFF opens with one of these bytes: too few hanzi
    repaired = raw.decode("utf-8", errors="replace")
    if len(_CJK.findall(repaired)) < min_chars:
        return None  # the longest stretch holds no more hanzi than the whole
    best = max((m.group(0) for m in _CJK_TEXT.finditer(repaired)), key=len, default="")
    if len(_CJK.findall(best)) < min_chars:
        return None
    try:
        best.encode("gb2312")  # the repaired text is ordinary simplified Chinese
    except UnicodeEncodeError:
        return None
    return best


def _uncommon(ch: str) -> bool:
    """Outside GB2312 level 1 (the 3755 frequent hanzi)."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return len(b) == 2 and b[0] >= _GB2312_LEVEL2


def _uncommon_count(run: str) -> int:
    """How many characters of a run of hanzi are uncommon, counted in C: in GB2312 each is two
    bytes, its lead byte telling its level. A run GB2312 cannot encode counts as all uncommon."""
    try:
        raw = run.encode("gb2312")
    except UnicodeEncodeError:
        return len(run)
    if len(raw) != 2 * len(run):
        return len(run)
    return len(raw[::2].translate(None, _COMMON_LEADS))


_COMMON_LEADS = bytes(range(_GB2312_LEVEL2))


@cache
def _rare(ch: str) -> bool:
    """Not a common character in either script: a traditional character (業, 務, 動, 態 from a
    mirror site or a conversion) whose simplified form is common is ordinary text, not mojibake
    (H107 reports the script mix)."""
    if not _uncommon(ch):
        return False
    simplified = to_simplified().convert(ch)
    return simplified == ch or _uncommon(simplified)


def _replacement(text: str) -> Iterator[_Mojibake]:
    first_bad = text.find("\ufffd")
    if first_bad >= 0:
        yield _Mojibake(first_bad, first_bad + 1, "replacement", "replacement", {"count": text.count("\ufffd")})


def _gbk_runs(text: str, min_chars: int) -> Iterator[_Mojibake]:
    for m in _NON_ASCII_RUN.finditer(text):
        run = m.group(0)
        repaired = _gbk_misread(run, min_chars)
        if repaired:
            values = {"text": run[:_QUOTE_CHARS], "repaired": repaired[:_QUOTE_CHARS]}
            yield _Mojibake(m.start(), m.end(), f"gbk:{run[:_KEY_CHARS]}", "default", values)


def _latin1_runs(text: str) -> Iterator[_Mojibake]:
    for m in _LATIN1_RUN.finditer(text):
        run = m.group(0)
        try:
            repaired = run.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if _CJK.search(repaired):
            values = {"text": run[:_QUOTE_CHARS], "repaired": repaired[:_QUOTE_CHARS]}
            yield _Mojibake(m.start(), m.end(), f"latin1:{run[:_KEY_CHARS]}", "latin1", values)


def _rare_runs(text: str, window: int, share: float) -> Iterator[_Mojibake]:
    """Runs of hanzi where, in some window, rare characters make up the given share."""
    if _uncommon_count("".join(_HANZI_RUN.findall(text))) < share * min(window, _MIN_RUN):
        return  # fewer uncommon characters in all the runs than the shortest run needs
    for m in _HANZI_RUN.finditer(text):
        run = m.group(0)
        need = share * min(window, len(run))
        if _uncommon_count(run) < need:
            continue  # a rare character is an uncommon one: too few in the whole run, too few in any window
        flags = list(map(_rare, run))
        if sum(flags) < need:
            continue  # no window holds more rare characters than the whole run
        # rare[i]: rare characters among the first i, so that a window's count is one subtraction
        rare = [0, *accumulate(flags)]
        hits = [i for i in range(max(1, len(run) - window + 1)) if rare[min(i + window, len(run))] - rare[i] >= need]
        if hits:
            a, b = (0, len(run)) if len(run) <= _SHORT_RUN else (hits[0], min(len(run), hits[-1] + window))
            yield _Mojibake(
                m.start() + a, m.start() + b, f"rare:{run[a:b][:_KEY_CHARS]}", "rare", {"text": run[a:b][:_QUOTE_CHARS]}
            )


def _known(text: str, words: list[str]) -> Iterator[_Mojibake]:
    for word in words:
        i = text.find(word)
        if i >= 0:
            yield _Mojibake(i, i + len(word), f"known:{word}", "known", {"text": word})


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
def check_mojibake(doc: Document, rule: Rule, ctx: Context) -> None:
    """Works on the original text: NFKC would turn some mojibake symbols (⒐) into ASCII. Each
    stretch is reported once, by the first finder that sees it."""
    text = doc.text
    found = [
        *_replacement(text),
        *_gbk_runs(text, rule.params["min_repaired_chars"]),
        *_latin1_runs(text),
        *_rare_runs(text, rule.params["rare_window"], rule.params["rare_share"]),
        *_known(text, rule.params["known"]),
    ]
    spans: list[tuple[int, int]] = []
    for f in found:
        if any(f.start < y and f.end > x for x, y in spans):
            continue
        spans.append((f.start, f.end))
        ctx.report(
            at=doc.norm_at(f.start),
            end=doc.norm_at(f.end),
            key=f.key,
            variant=f.variant,
            evidence=dict(f.values),
            **f.values,
        )


# A table this close after a reference (norm characters) is the attachment it refers to.
_TABLE_NEAR = 200
# An annex heading followed by less text than this announces the annex without giving it.
_ANNEX_CONTENT = 200
_ANNEX_HEADING = re.compile(r"^\s*附件\s*\d?\s*[:：]?\s*(.*)$", re.MULTILINE)
_ATTACHED_FILE = re.compile(r"\.(xlsx?|docx?|pdf|wps|et|zip|rar)\b", re.I)


@kind(
    "attachment",
    params={"references": Param(list, required=True), "file_reference_regex": Param(str, required=True)},
    messages=("default", "file"),
)
def check_attachment(doc: Document, rule: Rule, ctx: Context) -> None:
    """A reference to an attachment or annex whose content is not in the document."""
    text = doc.flow.text
    for pattern in rule.params["references"]:
        for m in re.finditer(pattern, text):
            norm_at = doc.flow_to_norm(m.start())
            if any(t.start >= norm_at - _TABLE_NEAR for t in doc.tables):
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
    if doc.tables:
        return
    file_ref = re.search(rule.params["file_reference_regex"], text)
    if file_ref is not None:
        ctx.report(
            flow_at=file_ref.start(),
            flow_end=file_ref.end(),
            key=f"file:{file_ref.group(0)}",
            variant="file",
            evidence={"text": file_ref.group(0)},
            text=file_ref.group(0),
        )


def _annex_follows(doc: Document, norm_at: int) -> bool:
    """An annex printed after the body: a line that starts with 附件 followed by real content."""
    text = doc.norm.text
    for m in _ANNEX_HEADING.finditer(text[norm_at:]):
        rest = text[norm_at + m.end() :]
        if not _ATTACHED_FILE.search(m.group(1)) and len(rest.strip()) > _ANNEX_CONTENT:
            return True
    return False


# A text where this share of the hanzi has another simplified form is written in traditional script
# (about a third in a converted report); a simplified text with a few traditional characters is far below.
_TRADITIONAL_SHARE = 0.15


@lru_cache(maxsize=8)
def _one_of(chars: str) -> re.Pattern[str]:
    """A class of the characters: `re` scans for them in C."""
    return re.compile("[" + "".join(map(re.escape, sorted(set(chars)))) + "]")


@kind(
    "script_mix",
    params={"characters": Param(str, required=True), "min_count": Param(int, default=3)},
    messages=("default", "traditional"),
)
def check_script_mix(doc: Document, rule: Rule, ctx: Context) -> None:
    """Works on the original text: the norm view gives traditional characters in simplified form."""
    text = doc.text
    hits = [m.start() for m in _one_of(rule.params["characters"]).finditer(text)]
    if len(hits) >= rule.params["min_count"]:
        sample = "".join(dict.fromkeys(text[i] for i in hits))[:_SAMPLE_CHARS]
        converted = sum(a != b for a, b in zip(text, simplified(text)))
        whole = converted >= _TRADITIONAL_SHARE * len(_CJK.findall(text))
        at = doc.norm_at(hits[0])
        ctx.report(
            at=at,
            end=at + 1,
            key="traditional",
            variant="traditional" if whole else "default",
            evidence={"count": len(hits), "characters": sample, "converted": converted},
            count=converted if whole else len(hits),
            sample=sample,
        )


@dataclass(frozen=True)
class _Brackets:
    opens: dict[str, str]  # opening bracket -> its closing one
    closes: dict[str, str]  # closing bracket -> its opening one

    def scan(self, text: str, a: int, b: int, doubled_at: set[int]) -> tuple[list[int], list[tuple[str, int]]]:
        """The closing brackets of text[a:b] that close nothing, and the opening ones left
        unclosed. A closing bracket of an outer pair closes the inner ones left open; a bracket
        of a doubled pair (（（) counts once; 1) and a) are list markers, not brackets."""
        unopened: list[int] = []
        stack: list[tuple[str, int]] = []
        for m in _one_of("".join(self.opens) + "".join(self.closes)).finditer(text, a, b):
            i, ch = m.start(), m.group(0)
            if ch in self.opens:
                if i not in doubled_at or (i + 1 < b and text[i + 1] == ch):
                    stack.append((ch, i))
            elif ch in self.closes:
                opening = self.closes[ch]
                if any(s[0] == opening for s in stack):
                    while stack[-1][0] != opening:
                        stack.pop()
                    stack.pop()
                elif not _LIST_MARKER.search(text, max(a, i - _MARKER_SPAN), i + 1):
                    unopened.append(i)
        return unopened, stack


def _report_doubled(doc: Document, ctx: Context, tokens: list[str]) -> set[int]:
    """Report doubled brackets (（（, ））) in the running text; the offsets they cover."""
    text = doc.norm.text
    doubled_at: set[int] = set()
    for token in tokens:
        for m in re.finditer(re.escape(token), text):
            if doc.in_table(m.start()):
                continue
            doubled_at.update(range(m.start(), m.end()))
            ctx.report(
                at=m.start(),
                end=m.end(),
                key=f"doubled:{token}:{text[m.start() : m.start() + 12]}",
                variant="doubled",
                evidence={"text": token},
                text=token,
            )
    return doubled_at


@kind(
    "brackets",
    params={"pairs": Param(list, required=True), "doubled": Param(list, default=[])},
    messages=("default", "doubled", "unopened"),
)
def check_brackets(doc: Document, rule: Rule, ctx: Context) -> None:
    """Unclosed or doubled brackets within each paragraph of running text (tables excluded)."""
    text = doc.norm.text
    pairs = rule.params["pairs"]
    brackets = _Brackets({p[0]: p[1] for p in pairs}, {p[1]: p[0] for p in pairs})
    doubled_at = _report_doubled(doc, ctx, rule.params["doubled"])
    for a, b in doc.prose_spans():
        unopened, unclosed = brackets.scan(text, a, b, doubled_at)
        for i in unopened:
            ch = text[i]
            ctx.report(
                at=i,
                end=i + 1,
                key=f"unopened:{ch}:{text[max(a, i - 10) : i]}",
                variant="unopened",
                evidence={"bracket": ch},
                bracket=ch,
                expected=brackets.closes[ch],
            )
        for ch, i in unclosed:
            ctx.report(
                at=i,
                end=i + 1,
                key=f"unclosed:{ch}:{text[i : i + 10]}",
                evidence={"bracket": ch},
                bracket=ch,
                expected=brackets.opens[ch],
            )
