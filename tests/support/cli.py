"""The real ``bianmin`` command line run in this process: ``bianmin.cli.main(argv)``.

A subprocess costs about a second a call (a fresh Python importing Flask, SQLAlchemy and
Alembic before it does anything); tests that make many calls to check what the commands
say and do call ``main`` with the same arguments instead: stdout and stderr captured,
stdin given, the BIANMIN_* variables of the test run hidden (as the subprocess tests do)
and every variable restored afterwards, and argparse's refusals (SystemExit) kept as the
exit code. The real ``python -m bianmin`` entry point stays covered by the tests that
start it (test_catalog_cli.py, test_staff_cli.py, the servers of tests/support/server.py).
"""

from __future__ import annotations

import io
import os
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass


@dataclass(frozen=True)
class Ran:
    """What a command did, shaped like ``subprocess.CompletedProcess``."""

    returncode: int
    stdout: str
    stderr: str


def run_bianmin(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Ran:
    """``bianmin ARGS`` (with ``env`` on top of the environment minus BIANMIN_*)."""
    from bianmin.cli import main

    saved = dict(os.environ)
    saved_stdin = sys.stdin
    out, err = io.StringIO(), io.StringIO()
    try:
        for key in [k for k in os.environ if k.startswith("BIANMIN_")]:
            del os.environ[key]
        os.environ.update(env or {})
        sys.stdin = io.StringIO(stdin or "")
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdin = saved_stdin
        os.environ.clear()
        os.environ.update(saved)
    return Ran(int(code or 0), out.getvalue(), err.getvalue())
