"""The domain (catalog, queue) stays free of web and printer code."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import bianmin

PACKAGE = Path(bianmin.__file__).parent
DOMAIN = ["catalog", "queue", "devices", "audit", "voice", "ratings", "dashboard", "stats", "hall",
          "notices"]
FORBIDDEN = {"flask", "flask_socketio", "socketio", "werkzeug", "escpos", "eventlet", "bianmin.web",
             "bianmin.api", "bianmin.kiosk", "bianmin.counter", "bianmin.display", "bianmin.realtime"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def forbidden_in(names: set[str]) -> set[str]:
    return {n for n in names if any(n == f or n.startswith(f + ".") for f in FORBIDDEN)}


def test_domain_modules_import_no_web_or_printer_code() -> None:
    offenders = {}
    files = [p for part in DOMAIN for p in (PACKAGE / part).rglob("*.py")]
    assert files, "the domain packages should contain modules"
    for path in files:
        bad = forbidden_in(imported_modules(path))
        if bad:
            offenders[str(path.relative_to(PACKAGE))] = sorted(bad)
    assert offenders == {}


def test_the_check_itself_catches_a_flask_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from flask import request\nimport bianmin.web.runtime\n", encoding="utf-8")
    assert forbidden_in(imported_modules(sample)) == {"flask", "bianmin.web.runtime"}


def test_importing_the_domain_loads_no_flask() -> None:
    modules = [
        f"bianmin.{part}.{p.stem}"
        for part in DOMAIN
        for p in sorted((PACKAGE / part).glob("*.py"))
        if p.stem != "__init__"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'flask_socketio', 'escpos')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_web_glue_imports_nothing_from_the_api_above_it() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(n for n in imported_modules(path)
                                               if n == "bianmin.api" or n.startswith("bianmin.api."))
        for path in (PACKAGE / "web").rglob("*.py")
    }
    assert {name: bad for name, bad in offenders.items() if bad} == {}
