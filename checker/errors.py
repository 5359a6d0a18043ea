"""Errors: a run that cannot go on (UsageError, exit 2) and a file that is not a readable report (I102)."""


class UsageError(Exception):
    """The run cannot go on: a bad path, option, config or rule file.

    The message says what, where and how to fix it; the CLI prints it and exits 2.
    """


class UnreadableInput(Exception):
    """The bytes are not a text report (empty, binary, undecodable); becomes I102."""

    def __init__(self, reason_zh: str, reason_en: str):
        super().__init__(reason_en)
        self.reason_zh = reason_zh
        self.reason_en = reason_en
