"""The rule set: rule definitions from YAML, validated on load, bound to their kinds."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from checker.model.findings import SEVERITIES
from checker.rules.registry import KINDS, Kind, Param, kind
from checker.rules.rule import Rule, RuleSet
from checker.spec.loader import RULE_FILE, Problems, built, line_of, load_yaml
from checker.spec.profiles import PROFILES
from checker.spec.regex_guard import refuse_backtracking
from checker.spec.resources import rules_dir

CODE_RE = re.compile(r"^[A-Z]\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
LANGS = ("zh", "en")
# What `xxgk explain` shows an author, each in zh and en (one string serves both); `options` (how a
# rules file tunes the rule) is for whoever writes rule files and is optional.
DOC_KEYS = ("what", "why", "fail", "pass", "fix")
DOC_OPTIONAL_KEYS = ("options",)


def _bilingual(p: Problems, parent: Any, key: str, what: str, code: str) -> dict[str, str]:
    node = parent.get(key) if isinstance(parent, dict) else None
    if isinstance(node, str):
        return {"zh": node, "en": node}
    if not isinstance(node, dict) or not all(isinstance(node.get(lang), str) for lang in LANGS):
        where = node if isinstance(node, dict) else parent
        p.fail(where, f"{code} 的 {what} 须有 zh 与 en 两种文字", f"{code}: '{what}' needs text for both zh and en")
    return {lang: node[lang] for lang in LANGS}


def _code(p: Problems, node: Any, known_codes: set[str]) -> str:
    if not isinstance(node, dict):
        p.fail(node, "每条规则须是一个映射（code、name、kind…）", "each rule must be a mapping (code, name, kind, ...)")
    code = node.get("code")
    if not isinstance(code, str) or not CODE_RE.match(code):
        p.fail(
            node,
            f"规则代码 {code!r} 无效，应为一个大写字母加三位数字，如 H101",
            f"rule code {code!r} is invalid; expected a capital letter and three digits, e.g. H101",
        )
    if code in known_codes:
        p.fail(node, f"规则代码 {code} 重复", f"rule code {code} is defined twice")
    return code


def _name(p: Problems, node: dict[str, Any], code: str) -> str:
    name = node.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        p.fail(
            node,
            f"{code} 的 name 须为 kebab-case 英文，如 web-residue",
            f"{code}: name must be kebab-case, e.g. web-residue",
        )
    return name


def _kind(p: Problems, node: dict[str, Any], code: str) -> Kind:
    kind_name = node.get("kind")
    if kind_name not in KINDS:
        p.fail(
            node,
            f"{code} 的 kind {kind_name!r} 不存在；可用：{', '.join(sorted(KINDS))}",
            f"{code}: unknown kind {kind_name!r}; known kinds: {', '.join(sorted(KINDS))}",
        )
    return KINDS[kind_name]


def _severity(p: Problems, node: dict[str, Any], code: str) -> dict[str, str]:
    sev = node.get("severity")
    if isinstance(sev, str):
        sev = {"default": sev}
    if (
        not isinstance(sev, dict)
        or "default" not in sev
        or not all(v in SEVERITIES for v in sev.values())
        or not all(str(key) in ("default", *PROFILES) for key in sev)
    ):
        p.fail(
            node,
            f"{code} 的 severity 须为 error/warning/info，或按配置文件分别给出（default、2007、2019、2021）",
            f"{code}: severity must be error/warning/info, or a mapping with 'default' and profiles 2007/2019/2021",
        )
    return {str(key): value for key, value in sev.items()}


def _profiles(p: Problems, node: dict[str, Any], code: str) -> tuple[str, ...]:
    profiles = tuple(str(x) for x in node.get("profiles", PROFILES))
    if not profiles or any(x not in PROFILES for x in profiles):
        p.fail(node, f"{code} 的 profiles 只能是 2007、2019、2021", f"{code}: profiles must be among 2007, 2019, 2021")
    return profiles


def _messages(p: Problems, node: dict[str, Any], code: str, k: Kind) -> dict[str, dict[str, str]]:
    raw = node.get("messages")
    if not isinstance(raw, dict) or "default" not in raw:
        p.fail(node, f"{code} 须有 messages.default（zh 与 en）", f"{code}: needs messages.default with zh and en")
    messages = {str(variant): _bilingual(p, raw, variant, f"messages.{variant}", code) for variant in raw}
    for variant in k.messages:
        if variant not in messages:
            p.fail(
                node,
                f"{code}（kind {k.name}）缺少 messages.{variant}",
                f"{code} (kind {k.name}) lacks messages.{variant}",
            )
    return messages


def _doc(p: Problems, node: dict[str, Any], code: str) -> dict[str, dict[str, str]]:
    doc = node.get("doc") or {}
    if not isinstance(doc, dict) or any(key not in doc for key in DOC_KEYS):
        p.fail(
            node,
            f"{code} 的 doc 须有 what、why、fail、pass、fix（如何修改）",
            f"{code}: doc needs what, why, fail, pass and fix (how to correct it)",
        )
    keys = [*DOC_KEYS, *(key for key in DOC_OPTIONAL_KEYS if key in doc)]
    return {key: _bilingual(p, doc, key, f"doc.{key}", code) for key in keys}


def _params(p: Problems, node: dict[str, Any], code: str, k: Kind) -> dict[str, Any]:
    """The rule's parameters with the kind's defaults filled in: names, types and patterns checked,
    then the kind's own validation."""
    params = node.get("params") or {}
    if not isinstance(params, dict):
        p.fail(node, f"{code} 的 params 须是映射", f"{code}: params must be a mapping")
    for pname, spec in k.params.items():
        if pname not in params:
            if spec.required:
                p.fail(params or node, f"{code} 缺少参数 params.{pname}", f"{code}: missing params.{pname}")
            continue
        if not isinstance(params[pname], spec.type):
            p.fail(params, f"{code} 的参数 {pname} 类型不对", f"{code}: params.{pname} has the wrong type")
    for pname in params:
        if pname not in k.params:
            p.fail(
                params,
                f"{code} 的参数 {pname} 不被 kind {k.name} 认识；可用：{', '.join(k.params) or '无'}",
                f"{code}: kind {k.name} takes no parameter {pname}; it takes: {', '.join(k.params) or 'none'}",
            )
    full = {pname: params.get(pname, spec.default) for pname, spec in k.params.items()}
    _compile_patterns(p, params, full, code)
    if k.validate is not None:
        try:
            k.validate(full)
        except ValueError as exc:
            zh, en = exc.args[0] if exc.args and isinstance(exc.args[0], tuple) else (str(exc), str(exc))
            p.fail(params, f"{code}：{zh}", f"{code}: {en}")
    return full


def _validate_rule(p: Problems, node: Any, known_codes: set[str]) -> Rule:
    """One rule of a rule file, each part checked in the order a reader of the file meets it."""
    code = _code(p, node, known_codes)
    name = _name(p, node, code)
    k = _kind(p, node, code)
    severity = _severity(p, node, code)
    profiles = _profiles(p, node, code)
    summary = _bilingual(p, node, "summary", "summary", code)
    messages = _messages(p, node, code, k)
    doc = _doc(p, node, code)
    params = _params(p, node, code, k)
    return Rule(code, name, k.name, severity, profiles, summary, doc, messages, params, f"{p.path}:{line_of(node)}")


def _compile_patterns(p: Problems, node: Any, params: dict[str, Any], code: str) -> None:
    """Every string under a key named like a pattern must compile, and in a user's rule file
    must not be able to backtrack without bound; fail at its line."""
    user_file = p.path.resolve().parent != rules_dir().resolve()

    def visit(value: Any, parent: Any, key: str) -> None:
        if isinstance(value, dict):
            for k2, v in value.items():
                visit(v, value, str(k2))
        elif isinstance(value, list):
            for v in value:
                visit(v, parent, key)
        elif isinstance(value, str) and (key in ("regex", "pattern", "patterns") or key.endswith("_regex")):
            try:
                re.compile(value)
            except re.error as exc:
                p.fail(
                    parent,
                    f"{code} 的正则表达式无效 {value!r}：{exc}",
                    f"{code}: invalid regular expression {value!r}: {exc}",
                )
            if user_file:  # the built-in rules are held to the same linter by tests/test_regex_guard.py
                refuse_backtracking(p, parent, value, code=code)

    visit(params, node, "")


def load_rule_file(path: Path, known_codes: set[str]) -> list[Rule]:
    data = load_yaml(path)
    p = Problems(path)
    if not isinstance(data, dict):
        p.fail(data, "文件顶层须是映射，含 rules: 列表", "the top level must be a mapping with a 'rules:' list")
    if "rules" not in data:
        p.fail(data, "文件缺少 rules: 列表", "the file has no 'rules:' list")
    if not isinstance(data["rules"], list):
        p.fail(data, "rules: 须是列表", "'rules:' must be a list")
    out = []
    for node in data["rules"]:
        rule = _validate_rule(p, node, known_codes)
        known_codes.add(rule.code)
        out.append(rule)
    return out


def _shipped_rules() -> list[Rule]:
    """The rules of rules/*.yaml, validated: built once, then read back from the cache folder."""
    files = sorted(rules_dir().glob("*.yaml"))

    def build() -> list[Rule]:
        codes: set[str] = set()
        return [rule for path in files for rule in load_rule_file(path, codes)]

    return built(files[0], RULE_FILE, build, depends_on=tuple(files[1:])) if files else []


def load_ruleset(extra: Iterable[Path] = ()) -> RuleSet:
    rules = _shipped_rules()
    codes = {r.code for r in rules}
    for path in extra:
        rules.extend(load_rule_file(Path(path), codes))
    rules.sort(key=lambda r: r.code)
    return RuleSet(rules)


__all__ = ["Param", "Rule", "RuleSet", "kind", "load_ruleset", "KINDS"]
