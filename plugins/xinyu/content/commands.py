"""How a contributor runs a ``xinyu`` command: the form that works from the README.

A teacher who cloned the repository has no ``xinyu`` on the PATH; ``python3
scripts/dev.py xinyu …`` sets itself up and runs it. Every message that names a
command names it this way (``check`` has its own short form in dev.py).
"""

from __future__ import annotations

RUNNER = "python3 scripts/dev.py"


def command(args: str) -> str:
    """``new case`` → ``python3 scripts/dev.py xinyu new case``; ``check …`` uses dev.py's own ``check``."""
    if args.startswith(("check", "serve", "build")):
        return f"{RUNNER} {args}"
    return f"{RUNNER} xinyu {args}"
