"""Whether two agency names name the same agency (rules/vocabulary/agencies.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from checker.spec.loader import VOCABULARY_FILE, Problems, load_yaml
from checker.spec.resources import vocabulary_dir

_NOT_NAME = re.compile(r"[\s\W_]+")
# A place's government or committee is the place itself: 洪泽区人民政府 = 洪泽区, 平潭综合实验区管委会 = 平潭综合实验区.
_OWN_BODY = re.compile(r"(?<=[区县市州旗镇乡])(?:管委会|政府)$")
# A name that begins with a level, not a place (市政府办公厅, 区教育局, 本局) names no one agency.
_NO_PLACE = re.compile(r"^(?:省|市|区|县|州|镇|乡|街道|本|我)")


@dataclass(frozen=True)
class AgencyNames:
    short_forms: tuple[tuple[str, str], ...]  # longest first
    renames: tuple[tuple[str, str], ...]  # longest first
    placeless: frozenset[str]
    places: re.Pattern[str]  # one or more places written before a name

    def key(self, name: str | None) -> str | None:
        """The name brought to its key; None for no name, or one without its place."""
        if not name:
            return None
        key = _NOT_NAME.sub("", name)
        for long, short in self.short_forms:
            key = key.replace(long, short)
        for old, new in self.renames:
            if key.endswith(old) and not key.endswith(new):
                key = key[: -len(old)] + new
                break
        key = _OWN_BODY.sub("", key)
        if not key or key in self.placeless or _NO_PLACE.match(key):
            return None
        return key

    def same(self, a: str | None, b: str | None) -> bool:
        return same_key(self, self.key(a), self.key(b))


def same_key(names: AgencyNames, a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    if a == b:
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if not longer.endswith(shorter) or shorter in names.placeless:
        return False
    return bool(names.places.fullmatch(longer[: -len(shorter)]))


def _pairs(p: Problems, data: dict[str, object], key: str) -> tuple[tuple[str, str], ...]:
    node = data.get(key)
    if not isinstance(node, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in node.items()):
        p.fail(data, f"{key} 须是“名称: 名称”的映射", f"{key} must map names to names")
    return tuple(sorted(((str(k), str(v)) for k, v in node.items()), key=lambda kv: -len(kv[0])))


@cache
def agency_names() -> AgencyNames:
    path = vocabulary_dir() / "agencies.yaml"
    data = load_yaml(path, VOCABULARY_FILE)
    p = Problems(path, VOCABULARY_FILE)
    if not isinstance(data, dict):
        p.fail(data, "顶层须是映射", "the top level must be a mapping")
    placeless = frozenset(p.strings(data, "placeless", "agencies"))
    suffix = p.string(data, "place_suffix", "agencies")
    places = p.regex(data, rf"(?:[\u4e00-\u9fff]{{1,8}}?{suffix})+", key="place_suffix")
    return AgencyNames(_pairs(p, data, "short_forms"), _pairs(p, data, "renames"), placeless, places)
