"""`xxgk diff OLD NEW`: two reports side by side (see checker/diff.py). Exit 0 when they are the
same, 1 when they differ (as diff(1) does), 2 when one cannot be read."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.cli_options import prepare_output, write_output
from checker.errors import UsageError


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "html")),
    default="text",
    show_default=True,
    help="text：终端；json：供程序读取；html：自包含网页，两份报告并排",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="写入文件而不是标准输出")
@click.option("--lang", type=click.Choice(("zh", "en")), default="zh", show_default=True)
def diff_command(old: str, new: str, fmt: str, output: str | None, lang: str) -> None:
    """比较两份报告（同一机关的两个年度，或两个网站上的同一份报告）：改动的部分与段落、不同的统计表单元格、正文中改变的数字。"""
    from checker.app import load_document
    from checker.diff import diff_documents
    from checker.errors import UnreadableInput
    from checker.ingest.pipeline import Overrides
    from checker.reporters import diff_out

    prepare_output(output)
    documents = []
    for path in (old, new):
        if not Path(path).exists():
            raise UsageError(f"路径不存在：{path}（请检查拼写） / path does not exist: {path}")
        try:
            documents.append(load_document(Path(path), Overrides())[1])
        except UnreadableInput as exc:
            raise UsageError(
                f"无法读取为年报 {path}：{exc.reason_zh} / cannot read {path} as a report: {exc.reason_en}"
            ) from None
    diff = diff_documents(*documents)
    if fmt == "json":
        text = diff_out.render_json(diff, lang)
    elif fmt == "html":
        text = diff_out.render_html(diff, lang)
    else:
        text = diff_out.render_text(diff, lang, color=output is None and sys.stdout.isatty())
    write_output(text, output)
    sys.exit(0 if diff.identical else 1)
