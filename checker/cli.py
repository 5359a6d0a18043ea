"""The `xxgk` command line."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from checker import __version__
from checker.errors import UsageError
from checker.ingest.pipeline import Overrides
from checker.model.findings import SEVERITIES
from checker.reporters import FORMATS, ReportOptions, get_reporter, localized
from checker.rules.ruleset import RuleSet, load_ruleset
from checker.spec.profiles import PROFILES


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for raw in values for v in raw.split(",") if v.strip())


def _check_selectors(selectors: tuple[str, ...], rules: RuleSet, option: str) -> None:
    for s in selectors:
        if s.upper() == "ALL":
            continue
        if not any(r.code == s.upper() or r.name == s.lower() or r.code.startswith(s.upper()) for r in rules.rules):
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
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xxgk")
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
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="写入文件而不是标准输出")
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
def check(
    paths,
    fmt,
    output,
    profile,
    year,
    agency,
    published,
    select,
    ignore,
    extend_select,
    rule_files,
    config_file,
    baseline_file,
    write_baseline_file,
    fail_on,
    exit_zero,
    statistics,
    lang,
    workers,
):
    """检查报告：文件、目录（递归）或 -（标准输入）。"""
    from checker.app import collect, hide_known, plan
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
    )
    finder = SettingsFinder(Path(config_file) if config_file else None)
    run_settings = finder.for_run()
    lang = cmd.lang or run_settings.lang or "zh"
    known = baseline.read_baseline(Path(baseline_file)) if baseline_file else []
    files = collect(list(paths))
    jobs = plan(files, finder, cmd, Overrides(year=year, agency=agency, published=_published(published)))
    all_rules = RuleSet(list({r.code: r for j in jobs for r in j.rules.rules}.values()))
    for option, values in (("--select", cmd.select), ("--ignore", cmd.ignore), ("--extend-select", cmd.extend_select)):
        _check_selectors(values, all_rules, option)
    results = _run_with_progress(jobs, workers or os.cpu_count() or 1)
    if write_baseline_file:
        reasons = {e.fingerprint: e.reason for e in known}
        entries = baseline.entries_for([(r.path, r.findings) for r in results], reasons)
        baseline.write_baseline(Path(write_baseline_file), entries)
        click.echo(
            f"xxgk: 已将 {len(entries)} 条问题写入基线 {write_baseline_file}，请在 reason 中写明理由 / wrote {len(entries)} entries to {write_baseline_file}; give each a reason",
            err=True,
        )
        sys.exit(0)
    if known:
        results = hide_known(results, {e.fingerprint for e in known})
        _baseline_notice(known, results, baseline_file)
    fmt = cmd.format or run_settings.format or _default_format(output)
    text = get_reporter(fmt)(
        results, ReportOptions(lang=lang, statistics=statistics, color=output is None and sys.stdout.isatty())
    )
    _emit(text, output)
    if cmd.exit_zero:
        sys.exit(0)
    sys.exit(max((exit_code(r.findings, r.policy) for r in results), default=0))


# A batch this long shows a progress bar on a terminal.
PROGRESS_FROM = 20


def _run_with_progress(jobs, workers: int):
    from checker.app import run_jobs

    if len(jobs) < PROGRESS_FROM or not sys.stderr.isatty():
        return run_jobs(jobs, workers)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("检查中 / checking", total=len(jobs))
        return run_jobs(jobs, workers, lambda: progress.advance(task))


def _default_format(output: str | None) -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "rich" if (output is None and sys.stdout.isatty()) else "concise"


def _baseline_notice(known, results, baseline_file: str) -> None:
    """Stale entries go to stderr, one line each; they do not change the exit code (fixing a
    problem must not fail a run) but are never silent."""
    from checker.policy.baseline import stale_entries

    matched = set().union(*(r.baselined for r in results))
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
            raise UsageError(f"无法写入输出文件 {output}：{exc.strerror} / cannot write {output}: {exc.strerror}")
    else:
        click.echo(text, nl=False)


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(("table", "json", "md")), default="table", show_default=True)
@click.option("--lang", type=click.Choice(("zh", "en")), default="zh", show_default=True)
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="附加的 YAML 规则文件")
def rules_cmd(fmt, lang, rule_files):
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


def _severity_text(rule) -> str:
    extra = [f"{p}: {s}" for p, s in rule.severity.items() if p != "default"]
    return rule.severity["default"] + (f" ({'; '.join(extra)})" if extra else "")


@cli.command()
@click.argument("code")
@click.option("--lang", type=click.Choice(("zh", "en")), default="zh", show_default=True)
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="附加的 YAML 规则文件")
def explain(code, lang, rule_files):
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
def extract(paths, fmt, output, profile, year):
    """输出解析结果：元数据、章节结构、各统计表的规范单元格（行键:列键）。"""
    from checker.app import collect, load_document
    from checker.errors import UnreadableInput
    from checker.extract import document_data, to_csv

    overrides = Overrides(year=year, profile=profile)
    documents, failed = [], False
    for path in collect(list(paths)):
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
def init(year, agency, profile, output, force):
    """写出一份空白年报：该年度格式的全部章节与统计表，待填处标为【此处填写：…】与 XX。"""
    from checker.spec.profiles import profile_for_year
    from checker.template import write_template

    chosen = profile_for_year(year) if profile == "auto" else profile
    write_template(Path(output), year, agency, chosen, force)
    click.echo(
        f"xxgk: 已写出 {output}（{chosen} 格式）；填写全部【此处填写：…】与 XX 后，用 xxgk check {output} 检查 / wrote {output} ({chosen} format); fill every placeholder, then run xxgk check {output}",
        err=True,
    )


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("已中止 / aborted", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except UsageError as exc:
        click.echo(f"xxgk: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
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
