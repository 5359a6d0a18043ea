"""What the command line is given, checked before any work: option values (comma-separated
lists, dates, selectors), the output file, and click's own usage errors in Chinese.

click's messages (Usage, Error, Missing argument, No such option…) are shown in Chinese for
`--lang zh`, the default. click builds them with gettext from English texts that stay stable
across its releases; the simplest robust way to translate them without shipping a message
catalogue is to translate the text click would print, pattern by pattern. A message no
pattern knows stays English."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from checker.errors import UsageError
from checker.policy.policy import matches_any
from checker.reporters import BINARY_FORMATS
from checker.rules.rule import RuleSet


def split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Values of an option given several times, each possibly comma-separated."""
    return tuple(v.strip() for raw in values for v in raw.split(",") if v.strip())


def check_selectors(selectors: tuple[str, ...], rules: RuleSet, option: str) -> None:
    for s in selectors:
        if not matches_any(s, [(r.code, r.name) for r in rules.rules]):
            raise UsageError(
                f"{option} 中的“{s}”不是规则代码、名称或前缀（见 xxgk rules） / {option}: '{s}' matches no rule code, name or prefix (see xxgk rules)"
            )


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"应为 YYYY-MM-DD 格式的日期 / expected a date YYYY-MM-DD, got {value!r}", param_hint=option
        ) from None


def prepare_output(output: str | None) -> None:
    """Make the output file's directory, before the run: a run of an hour must not end in
    "cannot write". UsageError (exit 2) when the file cannot be written there."""
    if not output:
        return
    target = Path(output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"无法创建输出目录 {target.parent}：{exc.strerror} / cannot create the output directory {target.parent}: {exc.strerror}"
        ) from None
    if target.is_dir() or not os.access(target.parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        reason = "是目录 / is a directory" if target.is_dir() else "没有写权限 / permission denied"
        raise UsageError(f"无法写入输出文件 {output}：{reason}")


def output_format(chosen: str | None, output: str | None) -> str:
    """The format asked for, else the default for where the output goes; a binary one needs -o."""
    fmt = chosen or default_format(output)
    if fmt in BINARY_FORMATS and not output:
        raise UsageError(f"--format {fmt} 需要用 -o 指定输出文件 / --format {fmt} needs -o FILE")
    return fmt


def default_format(output: str | None) -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "rich" if (output is None and sys.stdout.isatty()) else "concise"


_ZH_CLICK = [
    (re.compile(r"^Usage: ", re.M), "用法："),
    (re.compile(r"^Try '(.+)' for help\.$", re.M), r"用 '\1' 查看帮助。"),
    (re.compile(r"^Error: ", re.M), "错误："),
    (re.compile(r"Missing argument '(.+?)'\."), r"缺少参数 '\1'。"),
    (re.compile(r"Missing option '(.+?)'\."), r"缺少选项 '\1'。"),
    (re.compile(r"No such option '(.+?)'\.\s?"), r"没有选项 '\1'。"),
    (re.compile(r"No such option: (\S+)"), r"没有选项 \1"),
    (re.compile(r"Did you mean (.+?)\?"), r"是否要用 \1？"),
    (re.compile(r"\(Possible options: (.+?)\)"), r"（可能的选项：\1）"),
    (re.compile(r"No such command '(.+?)'\."), r"没有命令 '\1'。"),
    (re.compile(r"Option '(.+?)' requires an argument\."), r"选项 '\1' 需要一个值。"),
    (re.compile(r"Option '(.+?)' does not take a value\."), r"选项 '\1' 不带值。"),
    (re.compile(r"Got unexpected extra arguments? \((.+?)\)"), r"多余的参数（\1）"),
    (re.compile(r"Invalid value for (.+?): "), r"\1 的值无效："),
    (re.compile(r"(.+?) is not one of (.+)\.$", re.M), r"\1 不是 \2 之一。"),
    (re.compile(r"(.+?) is not a valid (?:integer|float)(?: range)?\.?"), r"\1 不是有效的数字。"),
    (re.compile(r"(.+?) is not in the range (.+?)\.$", re.M), r"\1 不在范围 \2 内。"),
    (re.compile(r"(File|Path|Directory) '(.+?)' is a directory\."), r"'\2' 是目录。"),
]


def lang_from_argv(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "zh"


def click_message(exc: click.ClickException, lang: str) -> str:
    """What click would print for this error, in Chinese unless lang is en."""
    buffer = io.StringIO()
    exc.show(file=buffer)
    text = buffer.getvalue()
    if lang != "en":
        for pattern, replacement in _ZH_CLICK:
            text = pattern.sub(replacement, text)
    return text


# click's help headings and its own option texts, for --help in Chinese.
_ZH_HEADINGS = {"Options": "选项", "Commands": "命令", "Positional arguments": "参数"}
_ZH_HELP_TEXTS = {"Show this message and exit.": "显示此帮助并退出。", "Show the version and exit.": "显示版本并退出。"}


class ZhHelpFormatter(click.HelpFormatter):
    """click's help page with its headings in Chinese (the texts of the options are already)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_ZH_HEADINGS.get(heading, heading))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _ZH_HELP_TEXTS.get(text, text)) for term, text in rows], col_max, col_spacing)


class XxgkContext(click.Context):
    """Help and usage lines in Chinese unless --lang en is on the command line."""

    def make_formatter(self) -> click.HelpFormatter:
        english = lang_from_argv(sys.argv[1:]) == "en"
        formatter = click.HelpFormatter if english else ZhHelpFormatter
        return formatter(width=self.terminal_width, max_width=self.max_content_width)


def write_output(text: Iterable[str] | str | bytes, output: str | None) -> None:
    """A reporter's output written to -o (its folder made by prepare_output), else to standard
    output; given in pieces, each is written as it comes."""
    chunks = [text] if isinstance(text, str | bytes) else text
    if output:
        try:
            with open(output, "wb") as out:
                try:
                    for chunk in chunks:
                        out.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
                except BaseException:  # no half-written report left behind (a full disk, Ctrl-C)
                    out.close()
                    Path(output).unlink(missing_ok=True)
                    raise
        except OSError as exc:
            raise UsageError(
                f"无法写入输出文件 {output}：{exc.strerror} / cannot write {output}: {exc.strerror}"
            ) from None
    else:
        for chunk in chunks:
            click.echo(chunk, nl=False)  # never bytes: a binary format needs -o


def cross_document_options(fn: Any) -> Any:
    """--previous and --manifest: what the rules across documents (Y) are given besides the reports."""
    fn = click.option(
        "--manifest",
        "manifest_file",
        type=click.Path(dir_okay=False),
        help="地区清单 CSV（path, agency, level, parent, year, url, published, covers）：补充机关、年度、发布日期，核对缺报（Y105、Y106）",
    )(fn)
    return click.option(
        "--previous", "previous_file", type=click.Path(dir_okay=False), help="同一机关上一年度的报告（供 Y 类规则比较）"
    )(fn)
