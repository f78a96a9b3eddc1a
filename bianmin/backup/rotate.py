"""Rotation: keep the backups of the last N days, delete older ones of ours.

Only files named like ours (bianmin/backup/names.py) are touched, whatever else the folder
holds; the newest backup is always kept, however old, so that a server whose clock jumped or
that was off for weeks never ends up with no backup at all.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from bianmin.backup.names import taken_at


def prune(folder: Path, keep_days: int, now: datetime) -> list[Path]:
    """Delete our backups older than ``keep_days`` (0 or less: keep all); return them."""
    if keep_days <= 0 or not folder.is_dir():
        return []
    ours = sorted((stamp, path) for path in folder.iterdir()
                  if path.is_file() and (stamp := taken_at(path)) is not None)
    cutoff = now - timedelta(days=keep_days)
    removed = []
    for stamp, path in ours[:-1]:  # never the newest
        if stamp < cutoff:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
