"""The `xxgk` program around its click group: exit codes and messages for whatever a command lets
escape (never a traceback), and what only a process that ends with the run may do.

The compiled-pattern cache (checker.spec.regex_cache) is installed before the command line is
imported, so that the patterns its modules compile as they are imported come from it too (for
every command but `serve`, a process that lives on and reads uploads). The
start-up of a check (modules, rules, vocabularies: objects that live as long as the process) is
made with the cyclic garbage collector off, and once the plan is made they are set aside
(gc.freeze): the collector runs as ever while reports are read, but never walks them again, nor
when the process ends (together some 15% of a one-file check). Tests run `checker.cli.main()`
in-process, which does none of this.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable

import click

from checker.errors import UsageError
from checker.spec import regex_cache

_paused = False


def entry() -> None:
    """The `xxgk` program (the script pyproject.toml names)."""

    def main() -> None:
        from checker.cli import main

        main()

    run(main)


def run(main: Callable[[], None]) -> None:
    if sys.argv[1:2] == ["check"]:
        pause_collector()
    # A server starts once and then reads uploads for days: each would add patterns made from its
    # text, and its start-up is not worth them.
    cache = contextlib.nullcontext() if sys.argv[1:2] == ["serve"] else regex_cache.installed()
    try:
        with cache:
            main()
    finally:
        resume_collector()


def pause_collector() -> None:
    global _paused
    _paused = gc.isenabled()
    gc.disable()


def resume_collector() -> None:
    """Once the plan is made (a no-op unless `run` paused the collector)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def run_command(group: click.Group) -> None:
    """The command line's group run, whatever escapes it made an exit code and one line on stderr."""
    try:
        group.main(prog_name="xxgk", standalone_mode=False)  # not "python -m …", whatever ran it
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:
        # click turns Ctrl-C into Abort: it ends the run as an interrupt does, with 130
        if isinstance(exc.__context__, KeyboardInterrupt):
            click.echo("xxgk: 已中断 / interrupted", err=True)
            sys.exit(130)
        click.echo("已中止 / aborted", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        from checker.cli_options import click_message, lang_from_argv

        click.echo(click_message(exc, lang_from_argv(sys.argv[1:])), err=True, nl=False)
        sys.exit(2)
    except UsageError as exc:
        click.echo(f"xxgk: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("xxgk: 已中断 / interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # never a traceback for the user; XXGK_DEBUG=1 shows it
        if os.environ.get("XXGK_DEBUG"):
            raise
        click.echo(
            f"xxgk: 内部错误 {exc.__class__.__name__}: {exc}（设置 XXGK_DEBUG=1 查看详情并反馈） / internal error",
            err=True,
        )
        sys.exit(2)
