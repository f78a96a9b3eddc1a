"""The hall snapshot over HTTP: what the Socket.IO ``snapshot`` message carries, on demand."""

from __future__ import annotations

from bianmin.api import blueprint
from bianmin.api.access import require_hall_viewer
from bianmin.api.declare import operation
from bianmin.api.shapes.common import HallPath
from bianmin.api.shapes.snapshot import HallSnapshot
from bianmin.realtime import hall_snapshot
from bianmin.web.publish import snapshot_payload


@blueprint.get("/halls/<hall>/snapshot")
@operation("getHallSnapshot",
           "The hall's current calls, recent calls, waiting counts and paused windows",
           description="Read in one transaction, so that every count agrees with `version`. "
           "Every Socket.IO event carries the hall's next version: a client that sees a gap "
           "asks for a new snapshot. Outside open mode: for an enrolled device of the hall "
           "(`Authorization: Device <token>`) or its signed-in staff.",
           path=HallPath, answers={200: HallSnapshot}, errors=(401, 403))
def show_snapshot(hall: str):  # type: ignore[no-untyped-def]
    """Current calls, recent calls, waiting counts per queue, paused windows and `version`.

    Outside open mode: for an enrolled device of the hall (``Authorization: Device …``)
    or its staff.
    """
    require_hall_viewer(hall)
    return snapshot_payload(hall_snapshot(hall_code=hall))
