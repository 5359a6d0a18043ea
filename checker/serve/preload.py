"""Imported by the fork server of `xxgk serve` only (isolate.py): the rules and grammars loaded
once, so that every check forked from it starts warm."""

from checker.serve.work import warm

warm()
