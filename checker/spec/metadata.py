"""The metadata vocabulary (rules/vocabulary/metadata.yaml), validated on load: the patterns that
find a report's title, agency, year, statistics period and dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from checker.spec.loader import METADATA_FILE, Problems, built, load_yaml
from checker.spec.resources import vocabulary_dir

_TOP = ("title", "date_ranges", "period_phrase", "period_garbled", "year", "published", "agency")
_TITLE = ("line", "not_title")
_YEAR = ("title", "body", "statement", "forward")
_PUBLISHED = ("statement", "page", "signature")
_AGENCY = ("suffix", "not_name", "preamble", "contact", "field", "contact_other", "caption", "town", "government")
# Named groups the reader takes from the matches of a pattern.
_DATE_RANGE_GROUPS = ("y1", "m1", "d1", "y2", "m2", "d2")


@dataclass(frozen=True)
class MetaConfig:
    title_line: re.Pattern[str]
    not_title: re.Pattern[str]
    date_ranges: tuple[re.Pattern[str], ...]
    period_phrase: re.Pattern[str]
    period_garbled: re.Pattern[str]
    year_title: re.Pattern[str]
    year_body: tuple[re.Pattern[str], ...]
    year_statement: tuple[re.Pattern[str], ...]
    year_forward: re.Pattern[str]
    published_statement: re.Pattern[str]
    page_date: re.Pattern[str]
    signature_date: re.Pattern[str]
    suffix: re.Pattern[str]
    not_name: re.Pattern[str]
    preamble: tuple[re.Pattern[str], ...]
    contact: tuple[re.Pattern[str], ...]
    contact_other: re.Pattern[str]
    field: re.Pattern[str]
    caption: re.Pattern[str]
    town: re.Pattern[str]
    government: re.Pattern[str]


class _Reader:
    """Patterns from one mapping of the file, each checked for the groups the reader uses."""

    def __init__(self, p: Problems, node: Any, context: str, keys: tuple[str, ...]):
        self.p = p
        self.context = context  # the mapping's path: "agency"; "" for the top level
        self.node = p.mapping(node, context or "metadata.yaml", required=keys)

    def one(self, key: str, groups: tuple[str | int, ...] = (), flags: int = 0, suffix: str = "") -> re.Pattern[str]:
        pattern = self.p.regex(self.node, self.p.string(self.node, key, self.context) + suffix, flags, key)
        self._groups(pattern, key, groups, self.node, key)
        return pattern

    def many(self, key: str, groups: tuple[str | int, ...] = (), flags: int = 0) -> tuple[re.Pattern[str], ...]:
        items = self.p.strings(self.node, key, self.context)
        out = []
        for i, text in enumerate(items):
            pattern = self.p.regex(items, text, flags, i)
            self._groups(pattern, key, groups, items, i)
            out.append(pattern)
        return tuple(out)

    def _groups(self, pattern: re.Pattern[str], key: str, groups: tuple[str | int, ...], node: Any, at: Any) -> None:
        name = f"{self.context}.{key}" if self.context else key
        for group in groups:
            has = group in pattern.groupindex if isinstance(group, str) else pattern.groups >= group
            if not has:
                self.p.fail(
                    node,
                    f"{name} 的正则表达式须有分组 {group}",
                    f"{name}: the regular expression needs the group {group}",
                    at,
                )


def _read(p: Problems, data: Any) -> MetaConfig:
    m = re.MULTILINE
    top = _Reader(p, data, "", _TOP)
    title = _Reader(p, data["title"], "title", _TITLE)
    year = _Reader(p, data["year"], "year", _YEAR)
    published = _Reader(p, data["published"], "published", _PUBLISHED)
    agency = _Reader(p, data["agency"], "agency", _AGENCY)
    return MetaConfig(
        title_line=title.one("line"),
        not_title=title.one("not_title"),
        date_ranges=top.many("date_ranges", _DATE_RANGE_GROUPS),
        period_phrase=top.one("period_phrase"),
        period_garbled=top.one("period_garbled", ("text",)),
        year_title=year.one("title", (1,)),
        year_body=year.many("body", (1,), m),
        year_statement=year.many("statement", (1,)),
        year_forward=year.one("forward"),
        published_statement=published.one("statement", (3,)),
        page_date=published.one("page", (3,), m),
        signature_date=published.one("signature", (3,), m),
        # The suffix ends a name: it is matched at the end.
        suffix=agency.one("suffix", suffix="$"),
        not_name=agency.one("not_name"),
        preamble=agency.many("preamble", ("name",), m),
        contact=agency.many("contact", ("name",), m),
        contact_other=agency.one("contact_other"),
        field=agency.one("field", ("name",), m),
        caption=agency.one("caption", ("name",)),
        town=agency.one("town"),
        government=agency.one("government"),
    )


@cache
def meta_config() -> MetaConfig:
    """The shipped metadata vocabulary, validated: built once and then read back from the cache folder."""
    path = vocabulary_dir() / "metadata.yaml"
    return built(path, METADATA_FILE, lambda: _read(Problems(path, METADATA_FILE), load_yaml(path, METADATA_FILE)))
