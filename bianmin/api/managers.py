"""Who may read and change a hall's management data: its managers, or a county manager.

One rule for every managers' endpoint (reports, ratings, audit, dashboard, voice, and the
administration pages): 401 signed out, 403 window staff (``manager_only``) or another
hall's manager (``other_hall``); a county manager (role ``county``) reaches every hall;
an unknown hall is 404 for everyone who may ask.
"""

from __future__ import annotations

from typing import Any

from bianmin.api.session import require_manager
from bianmin.catalog.queries import get_hall
from bianmin.errors import Forbidden
from bianmin.staff.roles import is_county
from bianmin.staff.sessions import LiveSession
from bianmin.web.runtime import runtime


def manager_of(hall: str, **_: Any) -> LiveSession:
    """The signed-in manager of ``hall`` (a hall code), or a county manager."""
    live = require_manager()
    with runtime().db.read() as session:
        found = get_hall(session, hall)  # an unknown hall is 404
    if found.id != live.hall_id and not is_county(live.role):
        raise Forbidden("您只能查看和管理本服务中心的数据。", code="other_hall")
    return live
