"""The staff and audit services stay free of Flask and the web layer (werkzeug's hashing is fine)."""

from __future__ import annotations

from pathlib import Path

import bianmin
from tests.unit.test_layering import FORBIDDEN, imported_modules

PACKAGE = Path(bianmin.__file__).parent
# the password hash functions are werkzeug's; nothing else of it is used here
ALLOWED = {"werkzeug.security"}


def test_staff_and_audit_import_no_web_code() -> None:
    offenders = {}
    files = [p for part in ("staff", "audit") for p in (PACKAGE / part).rglob("*.py")]
    assert len(files) >= 8
    for path in files:
        bad = {n for n in imported_modules(path) - ALLOWED
               if any(n == f or n.startswith(f + ".") for f in FORBIDDEN)}
        if bad:
            offenders[str(path.relative_to(PACKAGE))] = sorted(bad)
    assert offenders == {}
