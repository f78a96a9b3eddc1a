"""Managers' pages: thin shells that draw themselves from the API (docs/ratings.md).

Each page carries only what its script needs first (hall, the API's base path, the
manager's name); the lists come from ``/api/v1/halls/<hall>/…``. A page asked for without a
manager's session goes to the sign-in form; a staff account is told it is not a manager.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from bianmin.api.session import current_staff
from bianmin.catalog.models import Hall
from bianmin.errors import BianminError, Forbidden
from bianmin.manage import blueprint
from bianmin.staff.roles import is_county, is_manager
from bianmin.staff.sessions import LiveSession
from bianmin.web.runtime import runtime

API_BASE = "/api/v1"
# the nav: (endpoint, words); issue 10 adds 统计, issue 11 管理
# the nav: first what the hall is doing (today, reports, 好差评, the audit trail), then
# what a manager administers (issue 11)
NAV = [("manage.dashboard_page", "实时概况"), ("manage.reports_page", "统计报表"),
       ("manage.follow_ups_page", "差评回访"), ("manage.ratings_page", "评价记录"),
       ("manage.audit_page", "电子监察"),
       ("manage.hall_page", "服务中心设置"), ("manage.catalog_page", "事项目录"),
       ("manage.windows_page", "窗口与队列"), ("manage.staff_page", "工作人员"),
       ("manage.devices_page", "设备"), ("manage.print_jobs_page", "打印记录")]


# shown to county managers only (role county): every hall side by side
COUNTY_NAV = [("manage.county_page", "全县")]
# the pages that show any hall a county manager picks (?hall=code)
HALL_PAGES = {"manage.dashboard_page", "manage.reports_page"}


def _manager() -> LiveSession | None:
    try:
        live = current_staff()
    except BianminError:
        return None
    return live if is_manager(live.role) else None


def hall_choice(live: LiveSession) -> str | None:
    """The hall asked for in ``?hall=`` (None: the own one); another hall only for a county
    manager (else 403), an unknown code is ignored."""
    code = request.args.get("hall", "")
    if not code:
        return None
    with runtime().db.read() as session:
        found = session.execute(select(Hall.id).where(Hall.code == code)).scalar_one_or_none()
    if found is None or found == live.hall_id:
        return None
    if not is_county(live.role):
        raise Forbidden("您只能查看和管理本服务中心的数据。", code="other_hall")
    return code


def _page(template: str, active: str, live: LiveSession, hall_code: str | None = None,
          **config: object) -> str:
    """A managers' page of the manager's own hall, or of ``hall_code`` (a county manager's
    choice, checked by ``hall_choice``)."""
    with runtime().db.read() as session:
        where = Hall.code == hall_code if hall_code else Hall.id == live.hall_id
        hall = session.execute(select(Hall.code, Hall.name, Hall.timezone).where(where)).one()
    settings = runtime().settings
    base = {
        "api": API_BASE, "hall": hall.code, "hall_name": hall.name, "timezone": hall.timezone,
        "manager": live.display_name or live.username, "sign_in": url_for("manage.sign_in_page"),
        "socketio": url_for("static", filename="vendor/socket.io/socket.io.min.js"),
        "followup_working_days": settings.followup_working_days, **config,
    }
    links = NAV + COUNTY_NAV if is_county(live.role) else NAV
    # a county manager looking at another hall stays on it across the pages that can show it
    keep = {"hall": hall_code} if hall_code else {}
    nav = [(url_for(endpoint, **(keep if endpoint in HALL_PAGES else {})), words, endpoint == active)
           for endpoint, words in links]
    return render_template(template, config=base, nav=nav, hall_name=hall.name,
                           manager=base["manager"])


@blueprint.get("/")
def sign_in_page() -> Response | str:
    """The managers' sign-in (username and password, no window); signed in: the dashboard."""
    if _manager() is not None:
        return redirect(url_for("manage.dashboard_page"))
    return render_template("manage/signin.html", config={
        "api": API_BASE, "next": url_for("manage.dashboard_page")})


@blueprint.get("/dashboard")
def dashboard_page() -> Response | str:
    """实时概况: the hall now and today so far, redrawn on every hall event."""
    live = _manager()
    if live is None:
        return redirect(url_for("manage.sign_in_page"))
    return _page("manage/dashboard.html", "manage.dashboard_page", live, hall_choice(live))


@blueprint.get("/follow-ups")
def follow_ups_page() -> Response | str:
    live = _manager()
    if live is None:
        return redirect(url_for("manage.sign_in_page"))
    return _page("manage/follow_ups.html", "manage.follow_ups_page", live)


@blueprint.get("/ratings")
def ratings_page() -> Response | str:
    live = _manager()
    if live is None:
        return redirect(url_for("manage.sign_in_page"))
    return _page("manage/ratings.html", "manage.ratings_page", live)


@blueprint.get("/audit")
def audit_page() -> Response | str:
    """电子监察: the audit trail with filters, and attendance (docs/audit.md)."""
    live = _manager()
    if live is None:
        return redirect(url_for("manage.sign_in_page"))
    return _page("manage/audit.html", "manage.audit_page", live)


@blueprint.get("/hall")
def hall_page() -> Response | str:
    """服务中心设置: name, phones, notice, ticket footer, opening hours (docs/admin.md)."""
    live = _manager()
    if live is None:
        return redirect(url_for("manage.sign_in_page"))
    return _page("manage/hall.html", "manage.hall_page", live)


@blueprint.get("/staff")
def staff_page() -> Response | str:
    """工作人员: accounts, who is signed in where; add, edit, reset, disable (docs/admin.md)."""
    live = _manager()
    if live is None:
        return redirect(url_for("manage.sign_in_page"))
    return _page("manage/staff.html", "manage.staff_page", live, me=live.staff_id)


@blueprint.get("/devices")
def devices_page() -> Response | str:
    """设备: the hall's kiosks, screens and tablets; add, code, revoke, test print, reload."""
    live = _manager()
    if live is None:
        return redirect(url_for("manage.sign_in_page"))
    return _page("manage/devices.html", "manage.devices_page", live)


@blueprint.get("/print-jobs")
def print_jobs_page() -> Response | str:
    """打印记录: the day's failed print jobs with their reasons; 重新打印."""
    live = _manager()
    if live is None:
        return redirect(url_for("manage.sign_in_page"))
    return _page("manage/print_jobs.html", "manage.print_jobs_page", live)
@blueprint.get("/catalog")
def catalog_page() -> Response | str:
    """事项目录: upload a catalog file with its preview, and edit scenarios (docs/admin.md)."""
    live = _manager()
    if live is None:
        return redirect(url_for("manage.sign_in_page"))
    return _page("manage/catalog.html", "manage.catalog_page", live)


@blueprint.get("/windows")
def windows_page() -> Response | str:
    """窗口与队列: windows and queues with their forms (docs/admin.md)."""
    live = _manager()
    if live is None:
        return redirect(url_for("manage.sign_in_page"))
    return _page("manage/windows.html", "manage.windows_page", live)
