"""An upload read from the request into memory: the body up to the size limit, then the file of a
multipart form, or the body itself (with ?filename=).

Starlette's own form parsing spools a file of more than 1 MB to a temporary file on disk; an
upload to this server must never be written, so the multipart body is parsed here with
python-multipart's streaming parser, into memory.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header


class UploadError(Exception):
    """What is wrong with a request, in Chinese, with the HTTP status to answer it with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def too_large(limit: int) -> UploadError:
    return UploadError(413, f"上传的文件过大：上限为 {limit // 1024 // 1024} MB。请压缩图片或只上传报告正文后再试。")


async def read_body(chunks: AsyncIterator[bytes], declared: str | None, limit: int) -> bytes:
    """The whole body, refused (413) past `limit` bytes: by its Content-Length before reading, or
    as soon as the bytes read pass the limit."""
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    body = bytearray()
    async for chunk in chunks:
        body += chunk
        if len(body) > limit:
            raise too_large(limit)
    return bytes(body)


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    data: bytearray = field(default_factory=bytearray)

    def disposition(self) -> dict[bytes, bytes]:
        return parse_options_header(self.headers.get(b"content-disposition", b""))[1]


class _Collector:
    """python-multipart's callbacks, collecting every part in memory."""

    def __init__(self) -> None:
        self.parts: list[_Part] = []
        self._field = b""
        self._value = b""

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": lambda: self.parts.append(_Part()),
            "on_header_field": self._on_field,
            "on_header_value": self._on_value,
            "on_header_end": self._on_header_end,
            "on_part_data": lambda data, start, end: self.parts[-1].data.extend(data[start:end]),
        }

    def _on_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _on_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _on_header_end(self) -> None:
        self.parts[-1].headers[self._field.strip().lower()] = self._value.strip()
        self._field = self._value = b""


def _decode_name(raw: bytes) -> str:
    # Browsers send a file name in UTF-8 (WHATWG); a GBK one from an old client is still readable.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", "replace")


def file_of(body: bytes, content_type: str, filename: str | None) -> tuple[bytes, str | None]:
    """The uploaded file and its name: the first file of a multipart form (field `file`
    preferred), or the raw body named by ?filename=."""
    kind, options = parse_options_header(content_type)
    if kind != b"multipart/form-data":
        if not body:
            raise UploadError(400, "请求中没有文件：请用表单字段 file 上传，或把文件内容作为请求体并给出 ?filename=")
        return body, filename
    boundary = options.get(b"boundary")
    if not boundary:
        raise UploadError(400, "multipart 请求缺少 boundary，无法读取上传的文件")
    collector = _Collector()
    parser = MultipartParser(boundary, collector.callbacks())  # type: ignore[arg-type]
    try:
        parser.write(body)
        parser.finalize()
    except Exception:  # noqa: BLE001 — python-multipart's errors are all "this is not a valid form"
        raise UploadError(400, "上传的表单格式不正确，无法读取其中的文件") from None
    files = [p for p in collector.parts if b"filename" in p.disposition()]
    files.sort(key=lambda p: p.disposition().get(b"name") != b"file")
    if not files:
        raise UploadError(400, "表单中没有文件：请在字段 file 中上传报告")
    chosen = files[0]
    return bytes(chosen.data), filename or _decode_name(chosen.disposition()[b"filename"])
