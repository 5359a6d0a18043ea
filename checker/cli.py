"""The `xxgk` command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from checker import __version__, cli_process
from checker.cli_diff import diff_command
from checker.cli_options import (
    XxgkContext,
    check_selectors,
    cross_document_options,
    output_format,
    parse_date,
    prepare_output,
    split,
    write_output,
)
from checker.errors import UsageError
from checker.model.findings import SEVERITIES
from checker.reporters import FORMATS, TABLE_FORMATS, TEXT_FORMATS
from checker.serve.command import serve as serve_command
from checker.spec import regex_cache
from checker.spec.profiles import PROFILES

# What reads and checks is imported by the command that uses it (once the `xxgk` program has
# installed the compiled-pattern cache): here only what the options need.
if TYPE_CHECKING:
    from checker.app import Plan
    from checker.ingest.pipeline import Overrides
    from checker.model.result import DocumentResult
    from checker.policy.baseline import Entry
    from checker.policy.settings import CommandLine, SettingsFinder


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
@click.option("--scoring", "scoring_file", type=click.Path(dir_okay=False), help="评分方案 YAML（本地考核评分细则）")
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
@click.option(
    "--annotate",
    type=click.Path(dir_okay=False),
    help="写出带批注的副本：Word 文件每个问题一条批注；其他格式写网页报告",
)
@cross_document_options
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
    scoring_file: str | None,
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
    annotate: str | None,
    previous_file: str | None,
    manifest_file: str | None,
) -> None:
    """检查报告：文件、目录（递归）或 -（标准输入）。"""
    from checker import app
    from checker.annotate import check_target, write_annotated
    from checker.cross import stage
    from checker.ingest.pipeline import Overrides
    from checker.policy import baseline
    from checker.policy.policy import exit_code
    from checker.policy.scoring import load_scoring
    from checker.policy.settings import CommandLine, SettingsFinder
    from checker.reporters import ReportOptions, render_stream

    cmd = CommandLine(
        select=split(select),
        ignore=split(ignore),
        extend_select=split(extend_select),
        rules=tuple(Path(f) for f in rule_files),
        fail_on=fail_on,
        exit_zero=exit_zero,
        profile=profile,
        lang=lang,
        format=fmt,
        exclude=split(exclude) if exclude else None,
        extend_exclude=split(extend_exclude),
        force_exclude=force_exclude,
    )
    if stdin_filename and app.STDIN not in paths:
        raise UsageError("--stdin-filename 只用于标准输入，请在路径中给出 - / --stdin-filename needs - among the paths")
    source = check_target(paths, annotate)
    prepare_output(output)
    prepare_output(write_baseline_file)
    prepare_output(annotate)
    finder = SettingsFinder(Path(config_file) if config_file else None)
    run_settings = finder.for_run()
    fmt = output_format(cmd.format or run_settings.format, output)
    scoring = load_scoring(Path(scoring_file) if scoring_file else None)
    known = baseline.read_baseline(Path(baseline_file)) if baseline_file else []
    overrides = Overrides(year=year, agency=agency, published=parse_date(published, "--published"))
    keep = {"keep_text": fmt in TEXT_FORMATS or source is not None, "keep_tables": fmt in TABLE_FORMATS}
    manifest = stage.open_manifest(manifest_file)
    paths = stage.with_manifest_files(paths, manifest)
    the_plan = _plan(paths, finder, cmd, overrides, stdin_filename, **keep)
    the_plan = stage.prepare(the_plan, manifest, previous_file)
    cli_process.resume_collector()
    results = _run_with_progress(the_plan, workers or os.cpu_count() or 1)
    results = stage.finish(the_plan, results, manifest, previous_file is not None)
    if write_baseline_file:
        _write_baseline(results, known, write_baseline_file)
        sys.exit(0)
    if known:
        results = _hide_known(results, known, baseline_file or "")
    results = app.with_scores(results, scoring)
    options = ReportOptions(
        lang=cmd.lang or run_settings.lang or "zh", statistics=statistics, color=output is None and sys.stdout.isatty()
    )
    write_annotated(results, source, annotate, options.lang)
    write_output(render_stream(fmt, results, options), output)
    sys.exit(0 if cmd.exit_zero else max((exit_code(r.findings, r.policy) for r in results), default=0))


def _plan(
    paths: tuple[str, ...],
    finder: SettingsFinder,
    cmd: CommandLine,
    overrides: Overrides,
    stdin_filename: str | None,
    keep_text: bool,
    keep_tables: bool = False,
) -> Plan:
    """The plan phase, with what the command line says about it: directories without reports
    noted, selectors that name no rule refused."""
    from checker import app
    from checker.rules.ruleset import load_ruleset

    collected = app.collect(list(paths), finder, cmd)
    for directory in collected.empty:
        click.echo(f"xxgk: 目录中没有可检查的报告文件：{directory} / no report files in {directory}", err=True)
    the_plan = app.plan(collected.files, finder, cmd, overrides, stdin_filename, keep_text, keep_tables)
    all_rules = the_plan.all_rules() if the_plan.jobs else load_ruleset(finder.for_run().rules + cmd.rules)
    for option, values in (("--select", cmd.select), ("--ignore", cmd.ignore), ("--extend-select", cmd.extend_select)):
        check_selectors(values, all_rules, option)
    return the_plan


# A batch this long shows a progress bar on a terminal.
PROGRESS_FROM = 20


def _run_with_progress(the_plan: Plan, workers: int) -> list[DocumentResult]:
    from checker.app import run

    # once a file is done: the patterns of the start-up and the first report are all the cache keeps
    first_done = regex_cache.stop_recording
    if len(the_plan.jobs) < PROGRESS_FROM or not sys.stderr.isatty():
        return run(the_plan, workers, first_done)
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress

    columns = (*Progress.get_default_columns(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("检查中 / checking", total=len(the_plan.jobs))

        def advance() -> None:
            first_done()
            progress.advance(task)

        return run(the_plan, workers, advance)


def _hide_known(results: list[DocumentResult], known: list[Entry], baseline_file: str) -> list[DocumentResult]:
    """The baseline phase: known findings hidden, what was hidden and what is stale said on stderr."""
    from checker.app import hide_known
    from checker.policy.baseline import notices

    results = hide_known(results, {e.fingerprint for e in known})
    matched: set[str] = set().union(*(r.baselined for r in results))
    for line in notices(known, {r.document_id for r in results}, matched, baseline_file):
        click.echo(line, err=True)
    return results


def _write_baseline(results: list[DocumentResult], known: list[Entry], path: str) -> None:
    from checker.policy import baseline

    reasons = {e.fingerprint: e.reason for e in known}
    entries = baseline.entries_for([(r.path, r.findings) for r in results], reasons)
    baseline.write_baseline(Path(path), entries)
    click.echo(
        f"xxgk: 已将 {len(entries)} 条问题写入基线 {path}，请在 reason 中写明理由 / wrote {len(entries)} entries to {path}; give each a reason",
        err=True,
    )


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(("table", "json", "md")), default="table", show_default=True)
@click.option("--lang", type=click.Choice(("zh", "en")), default="zh", show_default=True)
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="附加的 YAML 规则文件")
def rules_cmd(fmt: str, lang: str, rule_files: tuple[str, ...]) -> None:
    """列出全部规则：代码、名称、严重程度、适用格式、说明。"""
    from checker.reporters.rules_doc import rules_listing
    from checker.rules.ruleset import load_ruleset

    rules = load_ruleset([Path(f) for f in rule_files])
    click.echo(rules_listing(rules, fmt, lang, color=sys.stdout.isatty()), nl=False)


@cli.command()
@click.argument("code")
@click.option("--lang", type=click.Choice(("zh", "en")), default="zh", show_default=True)
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="附加的 YAML 规则文件")
@click.option("--options", "developer", is_flag=True, help="另外显示规则名和规则文件中可调的选项（写规则文件时用）")
def explain(code: str, lang: str, rule_files: tuple[str, ...], developer: bool) -> None:
    """显示一条规则的说明：查什么、为什么、如何修改、错误与正确示例。"""
    from checker.reporters.rules_doc import explanation
    from checker.rules.ruleset import load_ruleset

    rule = load_ruleset([Path(f) for f in rule_files]).find(code)
    if rule is None:
        raise UsageError(f"没有规则“{code}”（用 xxgk rules 查看全部规则） / no rule '{code}' (see xxgk rules)")
    click.echo(explanation(rule, lang, developer), nl=False)


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
    from checker.ingest.pipeline import Overrides

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
    write_output(text, output)
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


cli.add_command(serve_command)
cli.add_command(diff_command)

# Help pages and usage lines in Chinese for --lang zh (every command makes its own context).
for _command in (cli, *cli.commands.values()):
    _command.context_class = XxgkContext


def main() -> None:
    """The command line, without what only the `xxgk` program does (see checker.cli_process)."""
    cli_process.run_command(cli)


if __name__ == "__main__":
    cli_process.run(main)
