"""The miss log (docs/search.md): kiosks report searches that found nothing; managers read them."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from bianmin.api import blueprint
from bianmin.api.catalog import searchable_catalog
from bianmin.api.declare import operation
from bianmin.api.managers import manager_of
from bianmin.api.shapes.common import HallPath
from bianmin.api.shapes.misses import MissList, MissQuery, MissRecorded, MissReport
from bianmin.catalog.misses import clean_query, misses_of, record_miss, refusal
from bianmin.catalog.queries import get_hall
from bianmin.devices.models import DeviceKind
from bianmin.errors import BianminError
from bianmin.staff.sessions import LiveSession
from bianmin.web.devices import DeviceNotAllowed, DeviceRequired, device_of_hall, hall_is_open
from bianmin.web.runtime import runtime

TOO_MANY = "操作太频繁，请稍后再试。"


@blueprint.post("/halls/<hall>/search-misses")
@operation("reportSearchMiss", "A kiosk reports a search that found nothing (the miss log)",
           description="Sent by the kiosk when a search with no results is left: cleared, "
           "idle, or a pause of a few seconds. The server searches again and keeps the "
           "query only if it still finds nothing and holds no personal data (at most 20 "
           "characters, no run of 6 or more digits, no e-mail address); otherwise "
           "`stored` is false with the reason. Counted per hall, business day and query. "
           "Outside open mode only an enrolled kiosk of the hall may report (401 without, "
           "403 for another kind of device); at most "
           "`search_miss_limit` reports per kiosk (open mode: per address), then 429.",
           path=HallPath, body=MissReport, answers={200: MissRecorded}, errors=(401, 403, 429))
def report_miss(hall: str, body: MissReport) -> dict[str, Any]:
    """Count a search that found nothing, if it still does and holds no personal data."""
    rt = runtime()
    searchable = searchable_catalog(hall)  # 404 for an unknown hall before anything else
    key = _reporter(hall)
    rt.limits.hit(rt.settings.search_miss_limit, "search-miss", key, message=TOO_MANY)
    query = clean_query(body.query)
    reason = refusal(query)
    if reason is None and searchable.index.search(query, 1):
        reason = "found"
    if reason is not None:
        return {"stored": False, "reason": reason}
    with rt.db.write() as session:
        record_miss(session, get_hall(session, hall), query, datetime.now(timezone.utc))
    return {"stored": True, "reason": None}


def _reporter(hall: str) -> str:
    """Who reports, for the rate limit: the enrolled device, else (open mode) the address."""
    from flask import request

    open_mode = hall_is_open(runtime().settings, hall)
    try:
        device = device_of_hall(hall)
    except BianminError:
        if not open_mode:
            raise
        device = None  # open mode: a stale token is no reason to refuse
    if device is not None:
        if device.kind != DeviceKind.KIOSK:
            raise DeviceNotAllowed("只有取号机可以报告查找结果。", code="not_a_kiosk")
        return f"device:{device.id}"
    if not open_mode:
        raise DeviceRequired("这台取号机尚未注册。请联系工作人员。")
    return f"address:{request.remote_addr or ''}"



@blueprint.get("/halls/<hall>/search-misses")
@operation("listSearchMisses", "What visitors searched for and did not find (managers)",
           description="The hall's miss log over the last `days` business days, most "
           "frequent first; a query that is the start of another logged query is left out "
           "(what was typed on the way). Managers of the hall only: 401 signed out, 403 "
           "for staff or another hall's managers.",
           path=HallPath, query=MissQuery, auth=manager_of,
           answers={200: MissList})
def list_misses(hall: str, query: MissQuery, auth: LiveSession) -> dict[str, Any]:
    """The miss log of the last ``days`` business days (managers of the hall)."""
    with runtime().db.read() as session:
        rows = misses_of(session, get_hall(session, hall), query.days)
    return {"hall": hall, "days": query.days, "misses": [
        {"query": r.query, "count": r.count, "days": r.days, "last_day": r.last_day.isoformat()}
        for r in rows]}
