"""Rotation: keep the backups of the last N days, delete older ones of ours.

Only files named like ours (bianmin/backup/names.py) with this installation's label are
touched, whatever else the folder holds (other halls may share the USB stick: each rotates
its own); the newest backup of each kind (plain, pre-upgrade, replaced) is always kept,
however old, so that a server whose clock jumped or that was off for weeks never ends up
with no backup at all.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from bianmin.backup.names import parse, safe_label


def prune(folder: Path, keep_days: int, now: datetime, label: str) -> list[Path]:
    """Delete this label's backups older than ``keep_days`` (0 or less: keep all); return them."""
    if keep_days <= 0 or not folder.is_dir():
        return []
    mine = safe_label(label)
    kinds: dict[str, list[tuple[datetime, Path]]] = {}
    for path in folder.iterdir():
        parsed = parse(path) if path.is_file() else None
        if parsed is not None and parsed[0] == mine:
            kinds.setdefault(parsed[2], []).append((parsed[1], path))
    cutoff = now - timedelta(days=keep_days)
    removed = []
    for backups in kinds.values():
        for stamp, path in sorted(backups)[:-1]:  # never the newest of a kind
            if stamp < cutoff:
                path.unlink(missing_ok=True)
                removed.append(path)
    return sorted(removed)
