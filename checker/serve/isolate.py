"""Each check in a process of its own, ended when it runs past the time limit.

A thread cannot be stopped, so a hostile or pathological file would keep a thread busy after its
request timed out; a process can be killed. Processes are forked from a fork server that has
loaded the rules and grammars once (preload.py), so a check starts warm in a few milliseconds,
and the server's own threads are never forked. The upload travels to the process and the result
back through a pipe, in memory.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")


class TimedOut(Exception):
    """The check ran past the time limit and was ended."""


class WorkerFailed(Exception):
    """The worker process died or raised (never for a damaged file: that is an I102 finding)."""


_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["checker.serve.preload"])


def _child(conn: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        conn.send((True, function(*args)))
    except BaseException as exc:  # noqa: BLE001 — whatever happened is sent back, never printed here
        conn.send((False, f"{exc.__class__.__name__}"))
    finally:
        conn.close()


def run_isolated(function: Callable[..., T], args: tuple[Any, ...], timeout: float) -> T:
    """function(*args) in a worker process; TimedOut past `timeout` seconds (the process killed)."""
    receive, send = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_child, args=(send, function, args), daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(timeout):
            process.kill()
            raise TimedOut
        try:
            ok, value = receive.recv()
        except EOFError:
            raise WorkerFailed("the worker process ended without a result") from None
    finally:
        receive.close()
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join()
    if not ok:
        raise WorkerFailed(value)
    result: T = value
    return result
