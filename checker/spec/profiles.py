"""Which set of requirements applies to a report (RULES.md, Profiles)."""

from __future__ import annotations

import re

PROFILES = ("2007", "2019", "2021")

# Layout hints for a report whose year could not be read.
_HINTS = (
    ("2021", re.compile(r"本年制发件数|本年废止件数|现行有效件数|逾期不补正")),
    ("2019", re.compile(r"本年新制作数量|对外公开总数量|本年增/减")),
    ("2007", re.compile(r"收到申请数|申请办结数|主动公开政府信息数|统计表|收费及减免")),
)


def profile_for_year(year: int) -> str:
    if year <= 2018:
        return "2007"
    if year <= 2020:
        return "2019"
    return "2021"


def choose_profile(year: int | None, text: str, override: str | None) -> tuple[str, str]:
    """The profile and why it was chosen ('option', 'year', 'layout', 'default')."""
    if override and override != "auto":
        return override, "option"
    if year is not None:
        return profile_for_year(year), "year"
    for profile, pattern in _HINTS:
        if pattern.search(text):
            return profile, "layout"
    return "2021", "default"
