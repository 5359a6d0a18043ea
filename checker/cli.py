"""The `xxgk` command line."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from checker import __version__
from checker.errors import UsageError
from checker.ingest.pipeline import Overrides
from checker.model.findings import SEVERITIES
from checker.model.result import DocumentResult
from checker.policy.policy import matches_any
from checker.reporters import FORMATS, ReportOptions, get_reporter, localized
from checker.rules.ruleset import Rule, RuleSet, load_ruleset
from checker.spec.profiles import PROFILES

if TYPE_CHECKING:
    from checker.app import Plan
    from checker.policy.baseline import Entry


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for raw in values for v in raw.split(",") if v.strip())


def _check_selectors(selectors: tuple[str, ...], rules: RuleSet, option: str) -> None:
    for s in selectors:
        if not matches_any(s, [(r.code, r.name) for r in rules.rules]):
            raise UsageError(
                f"{option} 中的“{s}”不是规则代码、名称或前缀（见 xxgk rules） / {option}: '{s}' matches no rule code, name or prefix (see xxgk rules)"
            )


def _published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"应为 YYYY-MM-DD 格式的日期 / expected a date YYYY-MM-DD, got {value!r}", param_hint="--published"
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xxgk", message="%(prog)s %(version)s")
def cli() -> None:
    """xxgk：政府信息公开工作年度报告合规检查。 Compliance checker for government information-disclosure annual reports."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="输出格式（终端默认 rich，管道默认 concise，GitHub Actions 中默认 github）",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="写入文件而不是标准输出（目录不存在时创建）"
)
@click.option(
    "--profile", type=click.Choice(("auto", *PROFILES)), default=None, help="适用格式；默认按报告年度选择（auto）"
)
@click.option("--year", type=click.IntRange(1990, 2100), help="报告年度（覆盖从文中读取的年度）")
@click.option("--agency", help="发布机关（覆盖从文中读取的名称）")
@click.option("--published", help="发布日期 YYYY-MM-DD（覆盖从文中读取的日期）")
@click.option("--select", multiple=True, help="只检查这些规则（代码、名称或前缀，逗号分隔；取代配置文件的 select）")
@click.option("--ignore", multiple=True, help="不检查这些规则（加在配置文件的 ignore 之上）")
@click.option("--extend-select", multiple=True, help="在默认之外再检查这些规则")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="附加的 YAML 规则文件（可多次）")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="配置文件（不再向上查找 xxgk.yaml、.xxgk.yaml、pyproject.toml）",
)
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), help="基线文件：其中的已知问题不再报告")
@click.option(
    "--write-baseline",
    "write_baseline_file",
    type=click.Path(dir_okay=False),
    help="把当前全部问题写入基线文件后以 0 退出",
)
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None, help="达到此严重程度即以 1 退出（默认 error）")
@click.option("--exit-zero", is_flag=True, help="除运行失败外总是以 0 退出")
@click.option("--statistics", is_flag=True, help="最后按规则统计")
@click.option("--lang", type=click.Choice(("zh", "en")), default=None, help="消息语言（默认 zh）")
@click.option(
    "--jobs", "-j", "workers", type=click.IntRange(min=1), default=None, help="并行检查的进程数（默认 CPU 数）"
)
@click.option(
    "--stdin-filename", help="标准输入（-）的文件名：按其后缀读取格式（.docx、.pdf…），按其位置找配置，结果中以此为路径"
)
@click.option("--exclude", multiple=True, help="不检查的路径（gitignore 式模式，逗号分隔；取代配置与默认的 exclude）")
@click.option("--extend-exclude", multiple=True, help="在 exclude 之外再排除的路径（gitignore 式模式）")
@click.option("--force-exclude", is_flag=True, help="命令行直接给出的文件也按 exclude 排除（如 pre-commit 中）")
def check(
    paths: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    profile: str | None,
    year: int | None,
    agency: str | None,
    published: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    rule_files: tuple[str, ...],
    config_file: str | None,
    baseline_file: str | None,
    write_baseline_file: str | None,
    fail_on: str | None,
    exit_zero: bool,
    statistics: bool,
    lang: str | None,
    workers: int | None,
    stdin_filename: str | None,
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    force_exclude: bool,
) -> None:
    """检查报告：文件、目录（递归）或 -（标准输入）。"""
    from checker import app
    from checker.policy import baseline
    from checker.policy.policy import exit_code
    from checker.policy.settings import CommandLine, SettingsFinder

    cmd = CommandLine(
        select=_split(select),
        ignore=_split(ignore),
        extend_select=_split(extend_select),
        rules=tuple(Path(f) for f in rule_files),
        fail_on=fail_on,
        exit_zero=exit_zero,
        profile=profile,
        lang=lang,
        format=fmt,
        exclude=_split(exclude) if exclude else None,
        extend_exclude=_split(extend_exclude),
        force_exclude=force_exclude,
    )
    if stdin_filename and app.STDIN not in paths:
        raise UsageError("--stdin-filename 只用于标准输入，请在路径中给出 - / --stdin-filename needs - among the paths")
    prepare_output(output)
    prepare_output(write_baseline_file)
    finder = SettingsFinder(Path(config_file) if config_file else None)
    run_settings = finder.for_run()
    lang = cmd.lang or run_settings.lang or "zh"
    fmt = cmd.format or run_settings.format or _default_format(output)
    known = baseline.read_baseline(Path(baseline_file)) if baseline_file else []
    # plan
    collected = app.collect(list(paths), finder, cmd)
    for directory in collected.empty:
        click.echo(f"xxgk: 目录中没有可检查的报告文件：{directory} / no report files in {directory}", err=True)
    overrides = Overrides(year=year, agency=agency, published=_published(published))
    the_plan = app.plan(collected.files, finder, cmd, overrides, stdin_filename, keep_text=fmt == "html")
    all_rules = the_plan.all_rules() if the_plan.jobs else load_ruleset(run_settings.rules + cmd.rules)
    for option, values in (("--select", cmd.select), ("--ignore", cmd.ignore), ("--extend-select", cmd.extend_select)):
        _check_selectors(values, all_rules, option)
    # run
    results = _run_with_progress(the_plan, workers or os.cpu_count() or 1)
    # baseline
    if write_baseline_file:
        _write_baseline(results, known, write_baseline_file)
        sys.exit(0)
    if known:
        results = app.hide_known(results, {e.fingerprint for e in known})
        _baseline_notice(known, results, baseline_file or "")
    # report
    color = output is None and sys.stdout.isatty()
    _emit(get_reporter(fmt)(results, ReportOptions(lang=lang, statistics=statistics, color=color)), output)
    sys.exit(0 if cmd.exit_zero else max((exit_code(r.findings, r.policy) for r in results), default=0))


# A batch this long shows a progress bar on a terminal.
PROGRESS_FROM = 20


def _run_with_progress(the_plan: Plan, workers: int) -> list[DocumentResult]:
    from checker.app import run

    if len(the_plan.jobs) < PROGRESS_FROM or not sys.stderr.isatty():
        return run(the_plan, workers)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("检查中 / checking", total=len(the_plan.jobs))
        return run(the_plan, workers, lambda: progress.advance(task))


def _default_format(output: str | None) -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "rich" if (output is None and sys.stdout.isatty()) else "concise"


def _write_baseline(results: list[DocumentResult], known: list[Entry], path: str) -> None:
    from checker.policy import baseline

    reasons = {e.fingerprint: e.reason for e in known}
    entries = baseline.entries_for([(r.path, r.findings) for r in results], reasons)
    baseline.write_baseline(Path(path), entries)
    click.echo(
        f"xxgk: 已将 {len(entries)} 条问题写入基线 {path}，请在 reason 中写明理由 / wrote {len(entries)} entries to {path}; give each a reason",
        err=True,
    )


def _baseline_notice(known: list[Entry], results: list[DocumentResult], baseline_file: str) -> None:
    """Stale entries go to stderr, one line each; they do not change the exit code (fixing a
    problem must not fail a run) but are never silent."""
    from checker.policy.baseline import stale_entries

    matched: set[str] = set().union(*(r.baselined for r in results))
    hidden = len(matched)
    stale = stale_entries(known, {r.document_id for r in results}, matched)
    if hidden:
        click.echo(
            f"xxgk: 基线 {baseline_file} 中 {hidden} 条已知问题仍存在，已隐藏 / {hidden} baseline entries still match and were hidden",
            err=True,
        )
    for e in stale:
        click.echo(
            f"xxgk: 基线条目已失效（问题已不存在）{baseline_file}：{e.code} {e.document} {e.location} / stale baseline entry: {e.code} {e.document} {e.location} ({e.fingerprint})",
            err=True,
        )
    if stale:
        click.echo(
            f"xxgk: {len(stale)} 条基线条目已失效，可从 {baseline_file} 删除，或用 --write-baseline 重新生成 / {len(stale)} stale baseline entries: delete them or regenerate with --write-baseline",
            err=True,
        )


def _emit(text: str, output: str | None) -> None:
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                f"无法写入输出文件 {output}：{exc.strerror} / cannot write {output}: {exc.strerror}"
            ) from None
    else:
        click.echo(text, nl=False)


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(("table", "json", "md")), default="table", show_default=True)
@click.option("--lang", type=click.Choice(("zh", "en")), default="zh", show_default=True)
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="附加的 YAML 规则文件")
def rules_cmd(fmt: str, lang: str, rule_files: tuple[str, ...]) -> None:
    """列出全部规则：代码、名称、严重程度、适用格式、说明。"""
    rules = load_ruleset([Path(f) for f in rule_files])
    if fmt == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity,
                "profiles": list(r.profiles),
                "kind": r.kind,
                "summary": r.summary[lang],
            }
            for r in rules.rules
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt == "md":
        click.echo("| code | name | severity | profiles | summary |\n|---|---|---|---|---|")
        for r in rules.rules:
            click.echo(f"| {r.code} | {r.name} | {_severity_text(r)} | {', '.join(r.profiles)} | {r.summary[lang]} |")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("code", "name", "severity", "profiles", "summary"):
        table.add_column(col)
    for r in rules.rules:
        table.add_row(r.code, r.name, _severity_text(r), ",".join(r.profiles), r.summary[lang])
    Console(width=160).print(table)


def _severity_text(rule: Rule) -> str:
    extra = [f"{p}: {s}" for p, s in rule.severity.items() if p != "default"]
    return rule.severity["default"] + (f" ({'; '.join(extra)})" if extra else "")


@cli.command()
@click.argument("code")
@click.option("--lang", type=click.Choice(("zh", "en")), default="zh", show_default=True)
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="附加的 YAML 规则文件")
def explain(code: str, lang: str, rule_files: tuple[str, ...]) -> None:
    """显示一条规则的说明：查什么、依据、错误与正确示例、选项。"""
    rules = load_ruleset([Path(f) for f in rule_files])
    rule = rules.find(code)
    if rule is None:
        raise UsageError(f"没有规则“{code}”（用 xxgk rules 查看全部规则） / no rule '{code}' (see xxgk rules)")
    labels = {
        "zh": ("查什么", "依据", "错误示例", "正确示例", "选项", "严重程度", "适用格式"),
        "en": ("What", "Why", "Failing example", "Passing example", "Options", "Severity", "Profiles"),
    }[lang]
    d = rule.doc
    out = [f"{rule.code} {rule.name}", rule.summary[lang], ""]
    out.append(f"{labels[5]}: {_severity_text(rule)}")
    out.append(f"{labels[6]}: {', '.join(rule.profiles)}")
    out.append("")
    for label, key in zip(labels[:5], ("what", "why", "fail", "pass", "options")):
        if key in d:
            out.append(f"{label}:\n  {localized(d[key], lang)}")
    click.echo("\n".join(out))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("json", "csv")),
    default="json",
    show_default=True,
    help="json：元数据、章节与各表；csv：每个单元格一行",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="写入文件而不是标准输出")
@click.option(
    "--profile",
    type=click.Choice(("auto", *PROFILES)),
    default="auto",
    show_default=True,
    help="适用格式；默认按报告年度选择",
)
@click.option("--year", type=click.IntRange(1990, 2100), help="报告年度（覆盖从文中读取的年度）")
def extract(paths: tuple[str, ...], fmt: str, output: str | None, profile: str, year: int | None) -> None:
    """输出解析结果：元数据、章节结构、各统计表的规范单元格（行键:列键）。"""
    from checker.app import collect, load_document
    from checker.errors import UnreadableInput
    from checker.extract import document_data, to_csv

    prepare_output(output)
    overrides = Overrides(year=year, profile=profile)
    documents: list[dict[str, Any]] = []
    failed = False
    for path in collect(list(paths)).files:
        try:
            _, doc = load_document(path, overrides)
        except UnreadableInput as exc:
            failed = True
            click.echo(
                f"xxgk: 无法读取为年报 {path}：{exc.reason_zh} / cannot read as a report: {exc.reason_en}", err=True
            )
            documents.append({"path": str(path), "error": exc.reason_en, "tables": []})
            continue
        documents.append(document_data(doc))
    if fmt == "csv":
        text = to_csv(documents)
    else:
        text = json.dumps(documents[0] if len(documents) == 1 else documents, ensure_ascii=False, indent=2) + "\n"
    _emit(text, output)
    sys.exit(1 if failed else 0)


@cli.command()
@click.option("--year", type=click.IntRange(2008, 2100), required=True, help="报告年度")
@click.option("--agency", required=True, help="发布机关全称，如 某市自然资源局")
@click.option(
    "--profile",
    type=click.Choice(("auto", *PROFILES)),
    default="auto",
    show_default=True,
    help="适用格式；默认按年度选择",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), required=True, help="输出文件：report.md 或 report.docx"
)
@click.option("--force", is_flag=True, help="覆盖已存在的文件")
def init(year: int, agency: str, profile: str, output: str, force: bool) -> None:
    """写出一份空白年报：该年度格式的全部章节与统计表，待填处标为【此处填写：…】与 XX。"""
    from checker.spec.profiles import profile_for_year
    from checker.template import write_template

    chosen = profile_for_year(year) if profile == "auto" else profile
    write_template(Path(output), year, agency, chosen, force)
    click.echo(
        f"xxgk: 已写出 {output}（{chosen} 格式）；填写全部【此处填写：…】与 XX 后，用 xxgk check {output} 检查 / wrote {output} ({chosen} format); fill every placeholder, then run xxgk check {output}",
        err=True,
    )


# click's own messages (usage errors) in Chinese, for --lang zh, the default: click builds them
# with gettext from these English texts, which stay stable across its releases.
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
    (re.compile(r"(.+?) is not a valid (integer range|integer|float range|float|boolean)\.?"), r"\1 不是有效的数"),
    (re.compile(r"(.+?) is not in the range (.+?)\.$", re.M), r"\1 不在范围 \2 内。"),
    (re.compile(r"(File|Path|Directory) '(.+?)' is a directory\."), r"'\2' 是目录。"),
]


def _lang_from_argv(argv: list[str]) -> str:
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


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:
        # click turns Ctrl-C into Abort: it ends the run as an interrupt does, with 130
        if isinstance(exc.__context__, KeyboardInterrupt):
            click.echo("xxgk: 已中断 / interrupted", err=True)
            sys.exit(130)
        click.echo("已中止 / aborted", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(click_message(exc, _lang_from_argv(sys.argv[1:])), err=True, nl=False)
        sys.exit(2)
    except UsageError as exc:
        click.echo(f"xxgk: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("xxgk: 已中断 / interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # never a traceback for the user; XXGK_DEBUG=1 shows it
        if os.environ.get("XXGK_DEBUG"):
            raise
        click.echo(
            f"xxgk: 内部错误 {exc.__class__.__name__}: {exc}（设置 XXGK_DEBUG=1 查看详情并反馈） / internal error",
            err=True,
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
