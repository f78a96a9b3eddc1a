"""Where backups go and the label in their names, from the settings."""

from __future__ import annotations

from pathlib import Path

from bianmin.settings import Settings


def backup_folder(settings: Settings, to: str | None = None) -> Path:
    """``--to``, else the ``backup_dir`` setting, else ``<instance>/backups``."""
    chosen = to or settings.backup_dir
    return Path(chosen).expanduser().resolve() if chosen else settings.instance / "backups"


def label(settings: Settings) -> str:
    return settings.default_hall or "instance"
