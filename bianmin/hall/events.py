"""What a change of the hall's settings tells the screens (published as ``hall.changed``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class HallChanged:
    """The hall's settings changed; the fields screens show, as they are now."""

    hall_id: int
    version: int
    at: datetime
    name: str
    complaint_phone: str
    notice: str
    timezone: str
    # which settings changed (name, notice, hours, …)
    fields: tuple[str, ...] = ()
