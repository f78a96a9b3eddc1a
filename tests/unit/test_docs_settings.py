"""The settings tables of docs/ agree with ``bianmin.settings.Settings``.

docs/operations.md must list every field, no field that does not exist, each with the
code's default. Other docs' settings tables (kiosk.md, security.md) may list a few, but
with the right default. A default written in words (``searched``, ``SQLite in the
instance folder``, ``preview://<instance>/prints``) is how the docs describe an empty
setting, which the code fills in at run time; any other default is compared as a value.
"""

from __future__ import annotations

import re
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

import pytest

from bianmin.settings import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs"
EVERY_SETTING = DOCS / "operations.md"
CODE_NAME = re.compile(r"`([a-z_][a-z0-9_]*)`")


def code_defaults() -> dict[str, Any]:
    found = {}
    for f in fields(Settings):
        found[f.name] = f.default_factory() if f.default is MISSING else f.default  # type: ignore[misc]
    return found


def settings_rows(text: str) -> list[tuple[int, str, str]]:
    """(line, setting, documented default) for every row of every ``| setting | default |`` table.

    A row naming several settings (`host`, `port`) gives one entry per name, its defaults
    split at the commas (``127.0.0.1, 5000``).
    """
    rows: list[tuple[int, str, str]] = []
    in_table = False
    for number, line in enumerate(text.splitlines(), start=1):
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if not cells:
            in_table = False
            continue
        if cells[0].startswith("setting") and len(cells) > 1 and cells[1] == "default":
            in_table = True
            continue
        if not in_table or set(cells[0]) <= {"-", ":"}:
            continue
        names = CODE_NAME.findall(cells[0])
        defaults = [cells[1]] if len(names) == 1 else [d.strip() for d in cells[1].split(",")]
        assert len(defaults) == len(names), f"line {number}: {len(names)} settings, defaults {cells[1]!r}"
        rows += [(number, name, default) for name, default in zip(names, defaults, strict=True)]
    return rows


def disagreement(name: str, documented: str, default: Any) -> str | None:
    """Why the documented default is not the code's, or None when they agree."""
    literal = documented.strip()
    quoted = re.fullmatch(r"`([^`]*)`", literal)
    value = quoted.group(1) if quoted else literal
    if isinstance(default, Path):
        return None if Path(value).resolve() == default else f"{name}: docs {documented}, code {default}"
    if isinstance(default, bool):
        words = {"true": True, "false": False}
        return None if words.get(value.lower()) is default else f"{name}: docs {documented}, code {default}"
    if isinstance(default, int | float):
        try:
            same = float(value) == float(default)
        except ValueError:
            same = False
        return None if same else f"{name}: docs {documented}, code {default}"
    if default == "":
        # an empty setting means "worked out at run time"; the docs say how, in words
        is_other_value = (quoted and "<" not in value) or re.fullmatch(r"[\d.]+|true|false", value)
        if value.lower() == "none" or not is_other_value:
            return None
        return f"{name}: docs {documented}, code empty"
    return None if value == default else f"{name}: docs {documented}, code {default!r}"


def test_operations_lists_every_setting_and_nothing_else() -> None:
    documented = [name for _, name, _ in settings_rows(EVERY_SETTING.read_text(encoding="utf-8"))]
    assert len(documented) == len(set(documented)), "a setting is listed twice"
    assert sorted(set(code_defaults()) - set(documented)) == [], "undocumented settings"
    assert sorted(set(documented) - set(code_defaults())) == [], "documented but not in Settings"


@pytest.mark.parametrize("doc", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_every_documented_default_is_the_codes(doc: Path) -> None:
    defaults = code_defaults()
    rows = settings_rows(doc.read_text(encoding="utf-8"))
    wrong = [f"{doc.name}:{line}: {problem}" for line, name, documented in rows
             if name in defaults and (problem := disagreement(name, documented, defaults[name]))]
    unknown = [f"{doc.name}:{line}: {name} is not a setting" for line, name, _ in rows
               if name not in defaults]
    assert wrong + unknown == []


def test_the_check_finds_a_wrong_default_a_missing_row_and_an_unknown_one() -> None:
    table = "\n".join([
        "| setting | default | what it is |", "|---|---|---|",
        "| `printer_timeout` | 3 | wrong |", "| `host`, `port` | 127.0.0.1, 5001 | one wrong |",
        "| `font_path` | searched | words for empty |", "| `load_demo` | false | wrong |",
        "| `default_hall` | `xinhe` | wrong |", "| `printer` | `tcp://x:9100` | a value, not words |",
        "| `no_such_setting` | 1 | |", "", "| `open_kiosks` | true | after the table: not read |",
    ])
    rows = settings_rows(table)
    assert [name for _, name, _ in rows] == [
        "printer_timeout", "host", "port", "font_path", "load_demo", "default_hall", "printer",
        "no_such_setting"]
    defaults = code_defaults()
    wrong = [name for _, name, documented in rows
             if name in defaults and disagreement(name, documented, defaults[name])]
    assert wrong == ["printer_timeout", "port", "load_demo", "default_hall", "printer"]
    for name, documented in (("printer_timeout", "2.0"), ("print_heartbeat_seconds", "5"),
                             ("instance", "`./instance`"), ("printer", "`preview://<instance>/prints`"),
                             ("message_queue", "none"), ("sqlite_synchronous", "`FULL`")):
        assert disagreement(name, documented, defaults[name]) is None, name
