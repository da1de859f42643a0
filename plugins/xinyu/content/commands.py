"""How a contributor runs a ``xinyu`` command: the form that works from the README.

A teacher who cloned the repository has no ``xinyu`` on the PATH; ``python3
scripts/dev.py xinyu …`` sets itself up and runs it. Every message that names a
command names it this way (``check`` has its own short form in dev.py). On Windows the
README's form is ``py scripts\\dev.py`` (``python3`` there may open the Microsoft Store),
so messages printed on a Windows machine name that one; written documents keep RUNNER.
"""

from __future__ import annotations

import os

RUNNER = "python3 scripts/dev.py"
WINDOWS_RUNNER = "py scripts\\dev.py"


def command(args: str, runner: str | None = None) -> str:
    """``new case`` → ``python3 scripts/dev.py xinyu new case``; ``check …`` uses dev.py's own ``check``.

    ``runner`` defaults to the form for this machine; pass RUNNER for text that is written down.
    """
    runner = runner or (WINDOWS_RUNNER if os.name == "nt" else RUNNER)
    if args.startswith(("check", "serve", "build")):
        return f"{runner} {args}"
    return f"{runner} xinyu {args}"
