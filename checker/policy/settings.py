"""Configuration files: found upward from each checked file, validated on load.

A directory's config is the first of ``xxgk.yaml``, ``.xxgk.yaml``, or ``pyproject.toml`` with a
``[tool.xxgk]`` table (a pyproject without one does not stop the search). The search goes up from
the checked file's directory and stops at the repository root (the first directory holding
``.git``, a directory or, in worktrees and submodules, a file) or at the filesystem root.

Keys are kebab-case, as in ruff; a snake_case spelling is refused with the right spelling named,
so that one config has one way to say a thing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import UnreadableInput, UsageError
from checker.ingest.limits import MAX_CONFIG_BYTES, read_limited
from checker.model.findings import SEVERITIES
from checker.policy.policy import Policy, matches_any
from checker.spec.loader import read_text, refuse_alias_bomb, syntax_error
from checker.spec.profiles import PROFILES

CONFIG_NAMES = ("xxgk.yaml", ".xxgk.yaml", "pyproject.toml")
LANGS = ("zh", "en")
FAIL_ON = SEVERITIES
# Never reports: packaging and tool folders, and the lock files Word leaves beside an open
# document (~$报告.docx). `exclude` replaces this list, `extend-exclude` adds to it.
DEFAULT_EXCLUDE = ("*.egg-info", "build/", ".venv/", ".git/", "~$*")


@dataclass(frozen=True)
class Settings:
    """One config file's values; None (or empty) where the file says nothing."""

    source: Path | None = None  # the config file; None: no config, the defaults
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[
        tuple[str, tuple[str, ...]], ...
    ] = ()  # glob relative to the config's directory -> selectors
    severity: tuple[tuple[str, str], ...] = ()  # selector -> severity
    rules: tuple[Path, ...] = ()  # absolute paths
    fail_on: str | None = None
    lang: str | None = None
    format: str | None = None
    profile: str | None = None
    exclude: tuple[str, ...] | None = None  # gitignore patterns, relative to the config's directory
    extend_exclude: tuple[str, ...] = ()
    # Where each key was written ("select", "severity.H1"...), for messages that name the line.
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def root(self) -> Path:
        """The directory per-file-ignores globs are relative to."""
        return self.source.parent if self.source else Path.cwd()

    @property
    def effective_exclude(self) -> tuple[str, ...]:
        return DEFAULT_EXCLUDE if self.exclude is None else self.exclude

    def where(self, key: str) -> str:
        line = self.lines.get(key)
        return f"{self.source}:{line}" if line else f"{self.source}"


@dataclass(frozen=True)
class CommandLine:
    """What the command line said; None or empty where it said nothing."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    rules: tuple[Path, ...] = ()
    fail_on: str | None = None
    exit_zero: bool = False
    profile: str | None = None
    lang: str | None = None
    format: str | None = None
    exclude: tuple[str, ...] | None = None  # gitignore patterns, relative to the working directory
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False  # exclude files named on the command line too


def merge(settings: Settings, cmd: CommandLine) -> Policy:
    """Command line over config over defaults. ``--select`` replaces the config's select and
    extend-select (it says exactly which rules); ``--ignore`` and ``--extend-select`` add to the
    config's lists."""
    if cmd.select:
        select, extend = cmd.select, cmd.extend_select
    else:
        select, extend = settings.select or (), settings.extend_select + cmd.extend_select
    return Policy(
        select=select,
        ignore=settings.ignore + cmd.ignore,
        extend_select=extend,
        severity=dict(settings.severity),
        per_file_ignores=settings.per_file_ignores,
        fail_on=cmd.fail_on or settings.fail_on or "error",
        exit_zero=cmd.exit_zero,
    )


def relative_to_config(path: Path, settings: Settings) -> str:
    """The checked file's path relative to its config's directory, '/'-separated, for globs."""
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(settings.root))).as_posix()


# -- finding the config ----------------------------------------------------------------------


def _has_tool_table(pyproject: Path) -> bool:
    return "xxgk" in _read_toml(pyproject).get("tool", {})


def config_in(directory: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = directory / name
        if not candidate.is_file():
            continue
        if name != "pyproject.toml" or _has_tool_table(candidate):
            return candidate
    return None


def find_config(start: Path) -> Path | None:
    """The config that governs files in `start` (a directory), searching upward."""
    directory = Path(os.path.abspath(start))
    for d in (directory, *directory.parents):
        found = config_in(d)
        if found is not None or (d / ".git").exists():
            return found
    return None


class SettingsFinder:
    """Each checked file's settings; with an explicit --config, that file for every input."""

    def __init__(self, explicit: Path | None = None):
        self._explicit = load_settings(explicit) if explicit is not None else None
        self._by_dir: dict[Path, Settings] = {}
        self._by_file: dict[Path, Settings] = {}

    def for_directory(self, directory: Path) -> Settings:
        if self._explicit is not None:
            return self._explicit
        key = Path(os.path.abspath(directory))
        if key not in self._by_dir:
            source = find_config(key)
            if source is None:
                self._by_dir[key] = Settings()
            else:
                if source not in self._by_file:
                    self._by_file[source] = load_settings(source)
                self._by_dir[key] = self._by_file[source]
        return self._by_dir[key]

    def for_path(self, path: Path) -> Settings:
        """A file's settings; stdin ('-') takes the current directory's."""
        return self.for_directory(Path.cwd() if str(path) == "-" else path.parent)

    def for_run(self) -> Settings:
        """What decides the run as a whole (output format, language): --config or the current directory's."""
        return self.for_directory(Path.cwd())


# -- reading and validating ------------------------------------------------------------------


class _Problems:
    def __init__(self, path: Path, lines: dict[str, int]):
        self.path, self.lines = path, lines

    def fail(self, key: str, zh: str, en: str) -> None:
        line = self.lines.get(key) or self.lines.get(key.split(".")[0])
        where = (
            f"{self.path}:{line}"
            if line
            else (f"{self.path} [tool.xxgk]" if self.path.name == "pyproject.toml" else str(self.path))
        )
        raise UsageError(f"配置文件无效 {where}：{zh} / invalid config {where}: {en}")


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(read_limited(path, MAX_CONFIG_BYTES).decode("utf-8"))
    except UnreadableInput as exc:
        raise UsageError(
            f"无法读取配置文件 {path}：{exc.reason_zh} / cannot read config {path}: {exc.reason_en}"
        ) from None
    except UnicodeDecodeError:
        raise UsageError(f"配置文件不是 UTF-8 {path} / config is not UTF-8: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"配置文件 TOML 语法错误 {path}：{exc} / malformed TOML in config {path}: {exc}") from None
    except OSError as exc:
        raise UsageError(
            f"无法读取配置文件 {path}：{exc.strerror} / cannot read config {path}: {exc.strerror}"
        ) from None


def read_yaml(path: Path, what_zh: str, what_en: str) -> tuple[Any, dict[str, int]]:
    """A YAML file's data and the line of every key ("a", "a.b", "a.0"), for messages naming lines."""
    import yaml

    text = read_text(path, what_zh, what_en, "（请检查路径）")
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        refuse_alias_bomb(node, path, what_zh, what_en)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise syntax_error(exc, path, what_zh, what_en) from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    _key_lines(node, "", lines)
    return data, lines


def _key_lines(node: Any, prefix: str, out: dict[str, int]) -> None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            out[key] = key_node.start_mark.line + 1
            _key_lines(value_node, key + ".", out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out[f"{prefix}{i}"] = item.start_mark.line + 1
            _key_lines(item, f"{prefix}{i}.", out)


def _strings(p: _Problems, key: str, value: Any, example_zh: str, example_en: str) -> list[str]:
    """A list of strings, or one string."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        p.fail(key, f"{key} 须是{example_zh}", f"{key} must be {example_en}")
    return value


def _selectors(p: _Problems, key: str, value: Any) -> tuple[str, ...]:
    """A list of selectors, or one comma-separated string."""
    value = _strings(
        p,
        key,
        value,
        "规则代码、名称或前缀的列表，如 [H101, S]",
        "a list of rule codes, names or prefixes, e.g. [H101, S]",
    )
    return tuple(s.strip() for v in value for s in v.split(",") if s.strip())


def _patterns(p: _Problems, key: str, value: Any) -> tuple[str, ...]:
    """gitignore-style patterns: a list, or one string."""
    return tuple(
        _strings(
            p,
            key,
            value,
            "gitignore 式路径模式的列表，如 [drafts/, '*.bak']",
            "a list of gitignore-style patterns, e.g. [drafts/, '*.bak']",
        )
    )


def _choice(choices: tuple[str, ...]) -> Callable[[_Problems, str, Any], str]:
    def parse(p: _Problems, key: str, value: Any) -> str:
        value = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if value not in choices:
            p.fail(
                key,
                f"{key} 须为 {'、'.join(choices)} 之一，而不是 {value!r}",
                f"{key} must be one of {', '.join(choices)}, not {value!r}",
            )
        return value

    return parse


def _mapping(p: _Problems, key: str, value: Any) -> dict:
    if not isinstance(value, dict):
        p.fail(key, f"{key} 须是映射（键: 值）", f"{key} must be a mapping (key: value)")
    return value


def _per_file_ignores(p: _Problems, key: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((str(glob), _selectors(p, f"{key}.{glob}", codes)) for glob, codes in _mapping(p, key, value).items())


def _severity(p: _Problems, key: str, value: Any) -> tuple[tuple[str, str], ...]:
    parse = _choice(SEVERITIES)
    return tuple((str(sel), parse(p, f"{key}.{sel}", sev)) for sel, sev in _mapping(p, key, value).items())


def _rule_files(p: _Problems, key: str, value: Any) -> tuple[Path, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        p.fail(
            key,
            f"{key} 须是规则文件路径的列表（相对于配置文件）",
            f"{key} must be a list of rule file paths (relative to the config file)",
        )
    out = []
    for i, v in enumerate(value):
        path = p.path.parent / v
        if not path.is_file():
            p.fail(
                f"{key}.{i}",
                f"规则文件不存在：{v}（路径相对于配置文件所在目录 {p.path.parent}）",
                f"rule file not found: {v} (paths are relative to the config's directory {p.path.parent})",
            )
        out.append(Path(os.path.abspath(path)))
    return tuple(out)


# key -> (Settings field, parser)
_KEYS: dict[str, tuple[str, Callable[[_Problems, str, Any], Any]]] = {
    "select": ("select", _selectors),
    "ignore": ("ignore", _selectors),
    "extend-select": ("extend_select", _selectors),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "severity": ("severity", _severity),
    "rules": ("rules", _rule_files),
    "fail-on": ("fail_on", _choice(FAIL_ON)),
    "lang": ("lang", _choice(LANGS)),
    "format": ("format", lambda p, k, v: _choice(_formats())(p, k, v)),
    "profile": ("profile", _choice(("auto", *PROFILES))),
    "exclude": ("exclude", _patterns),
    "extend-exclude": ("extend_exclude", _patterns),
}


def _formats() -> tuple[str, ...]:
    from checker.reporters import FORMATS

    return tuple(FORMATS)


def load_settings(path: Path) -> Settings:
    """Read and validate one config file; UsageError naming the file (and line) if it is wrong."""
    path = Path(os.path.abspath(path))
    if path.name == "pyproject.toml":
        if not path.is_file():
            raise UsageError(f"配置文件不存在：{path}（请检查 --config 的路径） / config file not found: {path}")
        data, lines = _read_toml(path).get("tool", {}).get("xxgk", {}), dict[str, int]()
    else:
        data, lines = read_yaml(path, "配置文件", "config file")
    p = _Problems(path, lines)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        p.fail("", "顶层须是映射（select: …、ignore: …）", "the top level must be a mapping (select: ..., ignore: ...)")
    values: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        if key not in _KEYS:
            dashed = key.replace("_", "-")
            hint_zh = f"应写作 {dashed}" if dashed in _KEYS else f"可用的键：{', '.join(_KEYS)}"
            hint_en = f"write it as {dashed}" if dashed in _KEYS else f"known keys: {', '.join(_KEYS)}"
            p.fail(key, f"未知的键 {key}；{hint_zh}", f"unknown key {key}; {hint_en}")
        name, parse = _KEYS[key]
        values[name] = parse(p, key, value)
    return Settings(source=path, lines=lines, **values)


def check_selectors(settings: Settings, rule_codes_names: list[tuple[str, str]]) -> None:
    """Every selector in the config must name at least one rule of its rule set."""
    if settings.source is None:
        return
    p = _Problems(settings.source, settings.lines)
    entries = [
        (key, s)
        for key in ("select", "ignore", "extend-select")
        for s in getattr(settings, key.replace("-", "_")) or ()
    ]
    entries += [(f"per-file-ignores.{glob}", s) for glob, sels in settings.per_file_ignores for s in sels]
    entries += [(f"severity.{s}", s) for s, _ in settings.severity]
    for key, selector in entries:
        if not matches_any(selector, rule_codes_names):
            p.fail(
                key,
                f"{key} 中的“{selector}”不是规则代码、名称或前缀（见 xxgk rules）",
                f"{key}: '{selector}' matches no rule code, name or prefix (see xxgk rules)",
            )
