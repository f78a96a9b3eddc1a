"""The hall snapshot over HTTP: what the Socket.IO ``snapshot`` message carries, on demand."""

from __future__ import annotations

from bianmin.api import blueprint
from bianmin.queue.snapshot import read_snapshot
from bianmin.web.publish import snapshot_payload
from bianmin.web.runtime import runtime


@blueprint.get("/halls/<hall>/snapshot")
def hall_snapshot(hall: str):  # type: ignore[no-untyped-def]
    """Current calls, recent calls, waiting counts per queue, paused windows and `version`."""
    return snapshot_payload(read_snapshot(runtime().db, hall_code=hall))
