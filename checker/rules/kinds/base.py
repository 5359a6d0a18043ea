"""What a rule kind is, and the decorator that registers one: YAML rules name a kind in `kind:`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # for annotations only
    from checker.model.document import Document
    from checker.rules.context import Context
    from checker.rules.rule import Rule

# A kind's check: reads the document, reports through the context. A kind of scope "batch" is
# called with the batch and a CrossContext instead (checker/cross/batch.py).
Check = Callable[["Document", "Rule", "Context"], None]
AnyCheck = Callable[..., None]
# A kind's validation of a rule's parameters: raises ValueError((zh, en)).
Validate = Callable[[dict[str, Any]], None]
_C = TypeVar("_C", bound=AnyCheck)


@dataclass(frozen=True)
class Param:
    type: type | tuple[type, ...]
    required: bool = False
    default: Any = None


@dataclass
class Kind:
    name: str
    check: AnyCheck
    params: dict[str, Param]
    messages: tuple[str, ...] = ("default",)
    validate: Validate | None = None
    # "document": checks one document (check(doc, rule, ctx)); "batch": runs after every
    # document was checked, over the batch (check(batch, rule, cross_ctx), see checker/cross/).
    scope: str = "document"


KINDS: dict[str, Kind] = {}


def kind(
    name: str,
    params: dict[str, Param] | None = None,
    messages: tuple[str, ...] = ("default",),
    validate: Validate | None = None,
    scope: str = "document",
) -> Callable[[_C], _C]:
    """Register a rule kind; YAML rules name it in `kind:`. `validate(params)` checks what types
    alone cannot (an expression that must parse) when the rule file is loaded."""

    def register(fn: _C) -> _C:
        KINDS[name] = Kind(name, fn, params or {}, messages, validate, scope)
        return fn

    return register
