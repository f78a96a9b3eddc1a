"""Backup file names: ``bianmin-<label>-<UTC timestamp>[-<kind>].<ext>``.

The label is the installation's default hall (or ``instance`` when it has none set), so that
files from several halls can share one USB stick; the timestamp (UTC, to the second) both
sorts the files and tells rotation how old each one is without trusting file times.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

PREFIX = "bianmin-"
STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"^bianmin-(?P<label>[A-Za-z0-9_.-]+?)-(?P<stamp>\d{8}T\d{6}Z)"
                   r"(?:-(?P<kind>[a-z-]+))?\.(?P<ext>sqlite3|dump)$")


def backup_name(label: str, at: datetime, *, postgres: bool, kind: str = "") -> str:
    safe = safe_label(label)
    suffix = f"-{kind}" if kind else ""
    ext = "dump" if postgres else "sqlite3"
    return f"{PREFIX}{safe}-{at.astimezone(UTC).strftime(STAMP)}{suffix}.{ext}"


def safe_label(label: str) -> str:
    """The label as it is written in a name."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", label) or "instance"


def parse(path: Path) -> tuple[str, datetime, str] | None:
    """A backup's label, time taken and kind ("" for a plain one), from its name; None for
    a file that is not ours."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    return (match["label"], datetime.strptime(match["stamp"], STAMP).replace(tzinfo=UTC),
            match["kind"] or "")


def taken_at(path: Path) -> datetime | None:
    """When a backup file was taken, from its name; None for a file that is not ours."""
    parsed = parse(path)
    return parsed[1] if parsed else None
