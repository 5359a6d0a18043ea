"""What running jobs in worker processes needs besides the jobs: Ctrl-C handled while a pool
starts, a pool stopped at once, and findings' read-only evidence made to travel."""

from __future__ import annotations

import copyreg
import multiprocessing
import signal
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from types import MappingProxyType
from typing import Any, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")


def _mapping_proxy(values: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(values)


# Findings keep their evidence in read-only mappings, which pickle cannot send between processes.
copyreg.pickle(MappingProxyType, lambda m: (_mapping_proxy, (dict(m),)))


class CtrlC:
    """Ctrl-C noted, not raised, while the pool starts: raised there, it could leave a pool
    half made that nothing stops, or be swallowed where Python ignores exceptions (a finaliser
    run meanwhile) and the run would go on. Worker processes forked meanwhile inherit the note,
    harmless, until their initializer ignores SIGINT. Raised (release) once the pool can be stopped."""

    def __init__(self) -> None:
        self.pressed = False
        self._previous: Any = None
        self._noting = False

    def _note(self, signum: int, frame: object) -> None:
        self.pressed = True

    def note(self) -> None:
        try:
            self._previous = signal.signal(signal.SIGINT, self._note)
            self._noting = True
        except ValueError:  # not the main thread: Ctrl-C is not this thread's to handle
            self._noting = False

    def restore(self) -> None:
        if self._noting:
            signal.signal(signal.SIGINT, self._previous if self._previous is not None else signal.SIG_DFL)
            self._noting = False

    def release(self) -> None:
        self.restore()
        if self.pressed:
            raise KeyboardInterrupt


def start(
    work: Callable[[Job], Result],
    jobs: list[Job],
    workers: int,
    initializer: Callable[[Any], None],
    shared: Any,
    ctrl_c: CtrlC,
) -> tuple[ProcessPoolExecutor, list[Future[Result]]]:
    """A pool with every job submitted, Ctrl-C noted: the caller releases it once it can stop the
    pool. Each worker process gets `shared` once, through the initializer."""
    ctrl_c.note()
    try:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=(shared,))
        return pool, [pool.submit(work, job) for job in jobs]
    except BaseException:
        ctrl_c.restore()
        raise


def stop(pool: ProcessPoolExecutor) -> None:
    """End a pool at once: pending jobs cancelled, the workers (this process's only children)
    terminated rather than left to finish the file they are on."""
    results = getattr(pool, "_result_queue", None)  # shutdown lets go of both
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    workers = multiprocessing.active_children()
    for process in workers:
        process.terminate()
    for process in workers:
        process.join(timeout=5)
    # A worker ended while sending a result leaves half of it in the pipe: with this process's end
    # closed, the pool's thread reads the end of the pipe instead of waiting for ever (at exit).
    getattr(getattr(results, "_writer", None), "close", lambda: None)()
    # The pool's own thread reaps the same workers: until it has, a worker reaped by it may still
    # look alive here (its exit status not yet recorded).
    if manager is not None:
        manager.join(timeout=5)
