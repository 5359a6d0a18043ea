"""One YAML loader and one way to report a bad file.

Every mapping and sequence read keeps the line it starts on and the line of each of its keys or
items, so that whoever validates the data can name the line at fault. Every problem with a rule,
vocabulary or config file is one ``UsageError`` of one line::

    规则文件无效 rules/x.yaml:12：… / invalid rule file rules/x.yaml:12: …

``Problems`` raises it; ``FileKind`` says what sort of file it is, in both languages.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import sys
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from checker import __version__
from checker.errors import UnreadableInput, UsageError
from checker.ingest.limits import MAX_CONFIG_BYTES, MAX_YAML_NODES, read_limited
from checker.spec.resources import cache_folder, code_stamp, is_shipped, write_whole

# PyYAML is imported when a file is parsed: a run whose shipped files are all in the snapshot
# cache (see `snapshot`) and that has no config or rule file of its own does without it.
if TYPE_CHECKING:
    import yaml


@dataclass(frozen=True)
class FileKind:
    """What a file is called in messages: read errors, syntax errors and invalid content."""

    zh: str
    en: str
    invalid_zh: str
    invalid_en: str
    hint: str = ""  # after "not found": where the path came from


RULE_FILE = FileKind("规则文件", "rule file", "规则文件无效", "invalid rule file", "（请检查 --rules 的路径）")
LAYOUT_FILE = FileKind("表格定义文件", "table layout file", "表格定义无效", "invalid table layout file")
LEXICON_FILE = FileKind("数据文件", "data file", "数据文件无效", "invalid data file")
METADATA_FILE = FileKind("元数据词表", "metadata vocabulary", "元数据词表无效", "invalid metadata vocabulary")
VOCABULARY_FILE = FileKind("词表文件", "vocabulary file", "词表文件无效", "invalid vocabulary file")
CONFIG_FILE = FileKind("配置文件", "config file", "配置文件无效", "invalid config", "（请检查路径）")


class LineDict(dict[Any, Any]):
    """A mapping that remembers the line it started on and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence that remembers the line it started on and the line of each item."""

    line: int = 0
    item_lines: list[int]


@cache
def _loader() -> type[yaml.SafeLoader]:
    """PyYAML's safe loader building LineDict and LineList, with libyaml's parser when the
    installed PyYAML has it (several times faster); the marks that give line numbers are the same."""
    import yaml

    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _Loader(base):  # type: ignore[valid-type,misc]
        pass

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    return _Loader


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    import yaml

    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(item, deep=True) for item in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [item.start_mark.line + 1 for item in node.value]
    return result


_CACHE: dict[tuple[str, int, int], Any] = {}


def load_yaml(path: Path, kind: FileKind = RULE_FILE) -> Any:
    """Parsed YAML with line numbers; a file read twice in a run (a rule file that is also a
    data file) is parsed once. Callers must not modify what it returns."""
    key: tuple[str, int, int] | None
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    text = read_text(path, kind)
    data = snapshot(path, text, lambda: _parse(text, path, kind)) if is_shipped(path) else _parse(text, path, kind)
    if key is not None:
        _CACHE[key] = data
    return data


def _parse(text: str, path: Path, kind: FileKind) -> Any:
    import yaml

    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        refuse_alias_bomb(node, path, kind)
        return loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise syntax_error(exc, path, kind) from None
    finally:
        loader.dispose()


def snapshot(path: Path, text: str, parse: Callable[[], Any]) -> Any:
    """A shipped file's parsed YAML, kept in the user's cache folder by its name and content (and
    the Python and xxgk versions): read back with pickle in a few milliseconds instead of built
    node by node (the gazetteer alone takes some 30 ms). What is built from it is validated as
    ever; a user's rule or config file is always parsed."""
    folder = cache_folder()
    if folder is None:
        return parse()
    key = "\0".join((__version__, str(sys.version_info[:2]), path.name, text))
    return _kept(folder / f"yaml-{_digest(key)}.pickle", parse)


T = TypeVar("T")


def built(source: Path, kind: FileKind, build: Callable[[], T], depends_on: tuple[Path, ...] = ()) -> T:
    """What is built and validated from shipped files (the rule set, the table layouts with their
    identities parsed and bound, the lexicon and vocabularies), kept like `snapshot` by the files' content, the code
    that builds it and the Python and xxgk versions: read back with pickle instead of built again.
    ``depends_on``: other shipped files it is validated against. A shipped file that is invalid
    raises as ever, and nothing is kept."""
    folder = cache_folder()
    if folder is None or not is_shipped(source):
        return build()
    texts = [read_text(path, kind) for path in (source, *depends_on)]
    key = "\0".join((__version__, sys.version, source.name, code_stamp(), *texts))
    prefix = f"built-{source.stem}-"
    return _kept(folder / f"{prefix}{_digest(key)}.pickle", build, lambda: _prune(folder, prefix))


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def _kept(file: Path, make: Callable[[], T], after_write: Callable[[], None] = lambda: None) -> T:
    """What `file` keeps, else made and kept there."""
    try:
        kept: T = pickle.loads(file.read_bytes())
        return kept
    except Exception:  # noqa: BLE001 — missing, damaged or foreign: made again and written anew
        pass
    made = make()
    if _write_pickle(file, made):
        after_write()
    return made


# Snapshots of one file kept at most: each edit of a checkout's code makes a new one, and several
# checkouts (or versions) may share the cache folder; the oldest go.
KEEP_BUILT = 8


def _prune(folder: Path, prefix: str) -> None:
    try:
        kept = sorted(folder.glob(f"{prefix}*.pickle"), key=lambda f: f.stat().st_mtime_ns, reverse=True)
        for stale in kept[KEEP_BUILT:]:
            stale.unlink()
    except OSError:  # another run pruning at the same time
        pass


def _write_pickle(file: Path, data: Any) -> bool:
    """An object that cannot be pickled is no error either: the next run builds it again."""
    try:
        pickled = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return False
    return write_whole(file, pickled)


def read_text(path: Path, kind: FileKind | str = RULE_FILE, what_en: str = "", hint: str = "") -> str:
    """A YAML file's text, or the one-line UsageError a user can act on."""
    kind = _kind(kind, what_en, hint)
    try:
        return read_limited(path, MAX_CONFIG_BYTES).decode("utf-8")
    except UnreadableInput as exc:
        raise UsageError(
            f"无法读取{kind.zh} {path}：{exc.reason_zh} / cannot read {kind.en} {path}: {exc.reason_en}"
        ) from None
    except FileNotFoundError:
        raise UsageError(f"{kind.zh}不存在：{path}{kind.hint} / {kind.en} not found: {path}") from None
    except (UnicodeDecodeError, OSError) as exc:
        raise UsageError(
            f"无法读取{kind.zh} {path}：{exc.__class__.__name__}（须为 UTF-8 YAML） / "
            f"cannot read {kind.en} {path} (it must be UTF-8 YAML)"
        ) from None


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """Nodes under `node` with every alias expanded, each shared node counted once per use
    but computed once (so the count itself is linear in the file)."""
    import yaml

    if id(node) in sizes:
        return sizes[id(node)]
    sizes[id(node)] = 1  # a node that contains itself (a recursive alias) counts once
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(item, sizes) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    sizes[id(node)] = size
    return size


def refuse_alias_bomb(node: yaml.Node | None, path: Path, kind: FileKind | str = RULE_FILE, what_en: str = "") -> None:
    """A YAML file whose aliases expand beyond MAX_YAML_NODES ("billion laughs") is refused
    before it is built."""
    if node is None:
        return
    size = _expanded_size(node, {})
    if size > MAX_YAML_NODES:
        kind = _kind(kind, what_en, "")
        raise UsageError(
            f"{kind.invalid_zh} {path}：别名（*name）展开后有 {size:,} 个节点，超过上限 {MAX_YAML_NODES:,}；请不要用别名反复引用 / "
            f"{kind.invalid_en} {path}: its aliases (*name) expand to {size:,} nodes, over the limit of {MAX_YAML_NODES:,}"
        )


def syntax_error(exc: yaml.YAMLError, path: Path, kind: FileKind | str = RULE_FILE, what_en: str = "") -> UsageError:
    """A YAML syntax error as one line naming file, line and column."""
    kind = _kind(kind, what_en, "")
    mark = getattr(exc, "problem_mark", None)
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return UsageError(f"{kind.zh} YAML 语法错误 {where}：{problem} / malformed YAML in {kind.en} {where}: {problem}")


def _kind(kind: FileKind | str, what_en: str, hint: str) -> FileKind:
    """The older call with the names spelled out (zh, en, hint), as policy/settings.py still makes it."""
    if isinstance(kind, FileKind):
        return kind
    return FileKind(kind, what_en, f"{kind}无效", f"invalid {what_en}", hint)


def line_of(node: Any, key: Any = None) -> int:
    """The line of a mapping or sequence read by ``load_yaml``, or of one of its keys or items;
    0 when unknown (a scalar, or data that did not come from a file)."""
    if key is not None:
        if isinstance(node, LineDict) and key in node.key_lines:
            return node.key_lines[key]
        if isinstance(node, LineList) and isinstance(key, int) and 0 <= key < len(node.item_lines):
            return node.item_lines[key]
    return getattr(node, "line", 0)


def key_lines(data: Any, prefix: str = "") -> dict[str, int]:
    """The line of every key and item by dotted path ("a", "a.b", "a.0"), for files whose
    checks name a place by its path (the user's config)."""
    out: dict[str, int] = {}
    items: Iterable[tuple[Any, int]]
    if isinstance(data, LineDict):
        items = ((key, data.key_lines[key]) for key in data)
        values: Mapping[Any, Any] | list[Any] = data
    elif isinstance(data, LineList):
        items = zip(range(len(data)), data.item_lines)
        values = data
    else:
        return out
    for key, line in items:
        path = f"{prefix}{key}"
        out[path] = line
        out.update(key_lines(values[key], path + "."))
    return out


class Problems:
    """Raises the one-line UsageError for a bad file: which file, which line, what is wrong."""

    def __init__(self, path: Path, kind: FileKind = RULE_FILE, label: str | None = None):
        self.path = path
        self.kind = kind
        self.label = label or str(path)  # where, when the line is unknown

    def where(self, line: int) -> str:
        return f"{self.path}:{line}" if line else self.label

    def fail_line(self, line: int, message_zh: str, message_en: str) -> NoReturn:
        where = self.where(line)
        raise UsageError(f"{self.kind.invalid_zh} {where}：{message_zh} / {self.kind.invalid_en} {where}: {message_en}")

    def fail(self, node: Any, message_zh: str, message_en: str, key: Any = None) -> NoReturn:
        """Fail at the line of ``node`` (a mapping or sequence from ``load_yaml``), or of its ``key``."""
        self.fail_line(line_of(node, key), message_zh, message_en)

    def regex(self, node: Any, pattern: Any, flags: int = 0, key: Any = None) -> re.Pattern[str]:
        """A pattern from the file, compiled, or the error naming its line."""
        if not isinstance(pattern, str):
            self.fail(
                node, f"正则表达式须为字符串：{pattern!r}", f"a regular expression must be a string: {pattern!r}", key
            )
        try:
            compiled = re.compile(pattern, flags)
        except re.error as exc:
            self.fail(node, f"正则表达式无效 {pattern!r}：{exc}", f"invalid regular expression {pattern!r}: {exc}", key)
        return compiled

    def mapping(
        self, node: Any, context: str, required: Collection[str] = (), optional: Collection[str] = ()
    ) -> Mapping[Any, Any]:
        """``node`` as a mapping with no key outside ``required`` and ``optional`` (a typo is named
        at its line, before the key it misspells is missed) and every ``required`` key;
        ``context`` says where it is ("agency")."""
        if not isinstance(node, dict):
            self.fail(node, f"{context} 须是映射", f"{context} must be a mapping")
        for key in node:
            if key not in required and key not in optional:
                known = ", ".join(dict.fromkeys([*required, *optional]))
                self.fail(
                    node,
                    f"{context} 中的键 {key!r} 未知；可用的键：{known}",
                    f"{context}: unknown key {key!r}; known keys: {known}",
                    key,
                )
        missing = [k for k in required if k not in node]
        if missing:
            self.fail(node, f"{context} 缺少 {', '.join(missing)}", f"{context}: missing {', '.join(missing)}")
        return node

    def string(self, node: Mapping[Any, Any], key: str, context: str) -> str:
        """The string under ``key`` of a checked mapping (``context``: the mapping's path, "" at the top)."""
        value = node[key]
        name = f"{context}.{key}" if context else key
        if not isinstance(value, str):
            self.fail(node, f"{name} 须是字符串", f"{name} must be a string", key)
        return value

    def strings(self, node: Mapping[Any, Any], key: str, context: str) -> list[str]:
        """The non-empty list of strings under ``key`` of a checked mapping."""
        value = node[key]
        name = f"{context}.{key}" if context else key
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.fail(
                node,
                f"{name} 须是字符串的非空列表",
                f"{name} must be a non-empty list of strings",
                key,
            )
        return value
