"""Append one audit event inside the caller's transaction (no commit, no I/O of its own)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bianmin.audit.models import AuditEvent


def record(
    session: Session, kind: str, *, hall_id: int | None = None, staff_id: int | None = None,
    device_id: int | None = None, username: str = "", window_number: int | None = None,
    address: str = "", detail: dict[str, Any] | None = None,
) -> None:
    """Add an ``AuditEvent``; text is cut to the column sizes, never refused."""
    session.add(AuditEvent(
        kind=kind[:40], hall_id=hall_id, staff_id=staff_id, device_id=device_id,
        username=(username or "")[:60], window_number=window_number,
        address=(address or "")[:64], detail=dict(detail or {}),
    ))
