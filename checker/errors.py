"""Errors that end a run with exit code 2 and one clear line on stderr."""


class UsageError(Exception):
    """The run cannot go on: a bad path, option, config or rule file.

    The message says what, where and how to fix it; the CLI prints it and exits 2.
    """
