"""The hall snapshot over HTTP: what the Socket.IO ``snapshot`` message carries, on demand."""

from __future__ import annotations

from bianmin.api import blueprint
from bianmin.api.access import require_hall_viewer
from bianmin.realtime import hall_snapshot
from bianmin.web.publish import snapshot_payload


@blueprint.get("/halls/<hall>/snapshot")
def show_snapshot(hall: str):  # type: ignore[no-untyped-def]
    """Current calls, recent calls, waiting counts per queue, paused windows and `version`.

    Outside open mode: for an enrolled device of the hall (``Authorization: Device …``)
    or its staff.
    """
    require_hall_viewer(hall)
    return snapshot_payload(hall_snapshot(hall_code=hall))
