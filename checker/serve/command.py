"""The `xxgk serve` command: its options, and a clear message when the serve extra is missing."""

from __future__ import annotations

import os

import click

from checker.errors import UsageError


def _missing_extra() -> str | None:
    """The first module of the serve extra that cannot be imported, if any."""
    import importlib.util

    for module in ("fastapi", "uvicorn", "python_multipart", "fastapi_offline"):
        try:
            if importlib.util.find_spec(module) is None:
                return module
        except (ImportError, ValueError):
            return module
    return None


@click.command("serve")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="监听地址；默认只有本机能访问，在内网提供服务用 0.0.0.0"
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="端口")
@click.option("--max-size", type=click.IntRange(1, 20), default=20, show_default=True, help="上传大小上限（MB）")
@click.option("--timeout", type=click.IntRange(1, 3600), default=60, show_default=True, help="每次检查的时间上限（秒）")
@click.option(
    "--concurrency",
    "--workers",
    type=click.IntRange(1, 256),
    default=None,
    help="同时进行的检查数（每个检查一个进程；默认 CPU 数）；超出的请求得到 503",
)
def serve(host: str, port: int, max_size: int, timeout: int, concurrency: int | None) -> None:
    """启动网页与 API：上传或粘贴报告，在原文中标出问题，下载带批注的 Word、JSON 或网页报告。"""
    missing = _missing_extra()
    if missing:
        raise UsageError(
            f"xxgk serve 需要安装 serve 扩展（缺少 {missing}）：pip install 'xxgk[serve]' / "
            f"xxgk serve needs the serve extra (missing {missing}): pip install 'xxgk[serve]'"
        )
    import uvicorn

    from checker.serve.app import MB, Limits, create_app

    limits = Limits(max_size=max_size * MB, timeout=float(timeout), concurrency=concurrency or os.cpu_count() or 1)
    click.echo(f"xxgk: 网页 http://{host}:{port}/ ，接口文档 http://{host}:{port}/docs （Ctrl-C 停止）", err=True)
    # No access log: the server keeps no trace of who checked what (file names travel in URLs).
    uvicorn.run(create_app(limits), host=host, port=port, access_log=False, log_level="warning")
