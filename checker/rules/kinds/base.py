"""What a rule kind is, and the decorator that registers one: YAML rules name a kind in `kind:`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Param:
    type: type | tuple[type, ...]
    required: bool = False
    default: Any = None


@dataclass
class Kind:
    name: str
    check: Callable  # (doc, rule, ctx) -> None; reports through ctx
    params: dict[str, Param]
    messages: tuple[str, ...] = ("default",)
    validate: Callable | None = None  # (params) -> None; raises ValueError((zh, en)) for bad params


KINDS: dict[str, Kind] = {}


def kind(
    name: str,
    params: dict[str, Param] | None = None,
    messages: tuple[str, ...] = ("default",),
    validate: Callable | None = None,
):
    """Register a rule kind; YAML rules name it in `kind:`. `validate(params)` checks what types
    alone cannot (an expression that must parse) when the rule file is loaded."""

    def register(fn: Callable) -> Callable:
        KINDS[name] = Kind(name, fn, params or {}, messages, validate)
        return fn

    return register
