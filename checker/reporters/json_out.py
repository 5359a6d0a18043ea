"""`--format json`: the shape documented in CLI.md."""
from __future__ import annotations

import json

from .. import __version__
from . import summary


def render(results, options) -> str:
    payload = {
        "tool": "xxgk",
        "version": __version__,
        "schema": 1,
        "documents": [r.as_dict(options.lang) for r in results],
        "summary": summary(results),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
