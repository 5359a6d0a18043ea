"""Loading YAML with the line of every mapping, so a bad rule file is reported at its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from checker.errors import UsageError


class LineDict(dict):
    """A mapping that remembers the line it started on in its file."""

    line: int = 0


# libyaml's parser when the installed PyYAML has it (several times faster); the marks that give
# line numbers are the same.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


_CACHE: dict[tuple[str, int, int], Any] = {}


def load_yaml(path: Path) -> Any:
    """Parsed YAML with line numbers; a file read twice in a run (a rule file that is also a
    data file) is parsed once. Callers must not modify what it returns."""
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    if key in _CACHE:
        return _CACHE[key]
    data = _load(path)
    if key is not None:
        _CACHE[key] = data
    return data


def read_text(
    path: Path, what_zh: str = "规则文件", what_en: str = "rule file", hint: str = "（请检查 --rules 的路径）"
) -> str:
    """A YAML file's text, or the one-line UsageError a user can act on."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{what_zh}不存在：{path}{hint} / {what_en} not found: {path}")
    except (UnicodeDecodeError, OSError) as exc:
        raise UsageError(
            f"无法读取{what_zh} {path}：{exc.__class__.__name__}（须为 UTF-8 YAML） / cannot read {what_en} {path} (it must be UTF-8 YAML)"
        )


def syntax_error(exc: yaml.YAMLError, path: Path, what_zh: str = "规则文件", what_en: str = "rule file") -> UsageError:
    """A YAML syntax error as one line naming file, line and column."""
    mark = getattr(exc, "problem_mark", None)
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return UsageError(f"{what_zh} YAML 语法错误 {where}：{problem} / malformed YAML in {what_en} {where}: {problem}")


def _load(path: Path) -> Any:
    text = read_text(path)
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise syntax_error(exc, path)


def line_of(obj: Any) -> int:
    return getattr(obj, "line", 0)


class FileProblems:
    """Raises the one-line error for a bad YAML file: what file, which line, what is wrong."""

    what = ("规则文件无效", "invalid rule file")

    def __init__(self, path: Path):
        self.path = path

    def fail(self, node: Any, message_zh: str, message_en: str) -> None:
        line = line_of(node)
        where = f"{self.path}:{line}" if line else str(self.path)
        raise UsageError(f"{self.what[0]} {where}：{message_zh} / {self.what[1]} {where}: {message_en}")
