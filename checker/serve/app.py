"""The web page and the API of `xxgk serve` (FastAPI).

- `GET /`: the page (static/, Chinese, no resource from outside the server);
- `POST /api/check`: the report as CLI.md's JSON (or `?format=html`: the HTML report);
- `POST /api/annotate`: a Word upload with each finding as a comment (other uploads: the HTML report);
- `POST /api/review`: what the page shows (view.py);
- `GET /docs`: the OpenAPI documentation (Swagger UI served by this server, fastapi-offline),
  `GET /openapi.json`: the OpenAPI description.

Each POST takes the file as a multipart form (field `file`) or as the raw body with `?filename=`.
Stateless: the upload is read into memory, checked in a process of its own (isolate.py) and
forgotten; nothing is stored or logged. Limits: the body's size (413), the time of one check
(504), the checks at once (503). A file that is not a readable report is an I102 finding (200).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio.to_thread
from fastapi import FastAPI, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from checker import __version__
from checker.serve import work
from checker.serve.isolate import TimedOut, WorkerFailed, run_isolated
from checker.serve.upload import UploadError, file_of, read_body, too_large

STATIC = Path(__file__).parent / "static"
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_size: int = 20 * MB  # bytes of one request's body
    timeout: float = 60.0  # seconds one check may take
    concurrency: int = 2  # checks at once; one more is refused (503)


_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
        },
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
    },
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "请求中没有可读取的文件"},
    413: {"description": "上传超过大小上限"},
    503: {"description": "同时进行的检查已达上限"},
    504: {"description": "检查超过时间上限"},
}
FILENAME = Query(None, description="原文件名（按其后缀读取格式）；multipart 上传时取表单中的文件名")
LANG = Query("zh", pattern="^(zh|en)$", description="消息语言")


class _Busy(Exception):
    pass


class _Slots:
    """Checks running at once. The event loop is one thread, so a counter is enough."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.active = 0

    def take(self) -> None:
        if self.active >= self.size:
            raise _Busy
        self.active += 1

    def give(self) -> None:
        self.active -= 1


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def _attachment(data: bytes, filename: str) -> Response:
    media = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if filename.endswith(".docx")
        else "text/html; charset=utf-8"
    )
    disposition = f"attachment; filename=\"xxgk{Path(filename).suffix}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media, headers={"Content-Disposition": disposition})


def create_app(limits: Limits | None = None) -> FastAPI:
    limits = limits or Limits()
    slots = _Slots(limits.concurrency)
    app = FastAPIOffline(
        title="xxgk 政府信息公开工作年度报告检查",
        version=__version__,
        description="上传年度报告（.docx、.pdf、.html、.txt、.md），得到检查结果。上传的文件只在内存中处理，不保存、不记录。",
        redoc_url=None,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    async def run(request: Request, filename: str | None, lang: str, task: Any, *args: Any) -> Any:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limits.max_size:
            raise too_large(limits.max_size)
        slots.take()
        try:
            body = await read_body(request.stream(), declared, limits.max_size)
            data, name = file_of(body, request.headers.get("content-type", ""), filename)
            upload = work.Upload(data, name or "", lang)
            return await anyio.to_thread.run_sync(run_isolated, task, (upload, *args), limits.timeout)
        finally:
            slots.give()

    @app.exception_handler(UploadError)
    async def upload_error(request: Request, exc: UploadError) -> JSONResponse:
        return _error(exc.status, exc.message)

    @app.exception_handler(_Busy)
    async def busy(request: Request, exc: _Busy) -> JSONResponse:
        return _error(503, f"服务器正忙：同时进行的检查已达上限（{limits.concurrency} 个），请稍后再试。")

    @app.exception_handler(TimedOut)
    async def timed_out(request: Request, exc: TimedOut) -> JSONResponse:
        return _error(504, f"检查超时：{limits.timeout:g} 秒内没有完成，已停止。文件可能过大或结构异常。")

    @app.exception_handler(WorkerFailed)
    async def failed(request: Request, exc: WorkerFailed) -> JSONResponse:
        return _error(500, "检查时发生内部错误，请把文件交给维护人员排查。")

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.post("/api/check", summary="检查一份报告", openapi_extra={"requestBody": _BODY}, responses=_ERRORS)
    async def check(
        request: Request,
        filename: str | None = FILENAME,
        lang: str = LANG,
        format: str = Query("json", pattern="^(json|html)$", description="json：CLI.md 的 JSON；html：网页报告"),
    ) -> Response:
        """检查结果。JSON 的结构与 `xxgk check --format json` 相同（CLI.md）；无法作为年报读取的文件得到 I102。"""
        text = await run(request, filename, lang, work.report, format)
        media = "application/json" if format == "json" else "text/html; charset=utf-8"
        return Response(text, media_type=media)

    @app.post("/api/annotate", summary="带批注的 Word 副本", openapi_extra={"requestBody": _BODY}, responses=_ERRORS)
    async def annotate(request: Request, filename: str | None = FILENAME, lang: str = LANG) -> Response:
        """Word 文件：每个问题一条批注（作者 xxgk）的副本；其他格式：网页报告。"""
        data, name = await run(request, filename, lang, work.annotated)
        return _attachment(data, name)

    @app.post("/api/review", summary="网页显示用的检查结果", openapi_extra={"requestBody": _BODY}, responses=_ERRORS)
    async def review(request: Request, filename: str | None = FILENAME, lang: str = LANG) -> JSONResponse:
        """检查结果（report，与 /api/check 相同）、原文各行、问题所指的表格单元格和规则说明。"""
        return JSONResponse(await run(request, filename, lang, work.page_data))

    return app
