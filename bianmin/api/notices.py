"""Written notices (受理/补正/退办): read one, its preview (PNG, PDF), reprint it.

Notices are issued by ``POST /windows/<n>/finish`` with the outcome (bianmin/api/counter.py).
Staff and managers of the notice's hall may read and preview it; staff signed in at a
window reprint it (on the printer of the window that issued it).
"""

from __future__ import annotations

from flask import Response, url_for

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.session import current_staff, staff_for
from bianmin.api.shapes.counter import NoFields
from bianmin.api.shapes.notices import NoticeBody, NoticePath, NoticeReprint
from bianmin.api.tickets import NoPrinter
from bianmin.notices import service
from bianmin.notices.errors import UnknownNotice
from bianmin.notices.service import NoticeData
from bianmin.web import notice_printing
from bianmin.web.runtime import runtime

PNG = {"image/png": {"schema": {"type": "string", "format": "binary"}}}
PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}


def notice_json(notice: NoticeData) -> dict:
    """A notice as the API and the counter show it, with its print state and history."""
    with runtime().db.read() as session:
        printing = notice_printing.status_of(session, notice.id)
        history = notice_printing.history_of(session, notice.id)
    return {
        "id": notice.id, "ticket_id": notice.ticket_id, "kind": notice.kind.value,
        "title": notice.title, "number": notice.number, "hall_name": notice.hall_name,
        "window_number": notice.window_number, "window_name": notice.window_name,
        "staff": notice.staff_label, "ticket_number": notice.ticket_number,
        "scenario": notice.scenario, "matter": notice.matter, "missing": notice.missing,
        "note": notice.note, "reason": notice.reason, "turn_to": notice.turn_to,
        "time_limit": notice.time_limit, "promised_days": notice.promised_days,
        "promised_date": notice.promised_date.isoformat() if notice.promised_date else None,
        "issued_at": notice.issued_at.isoformat() if notice.issued_at else None,
        "preview_url": url_for("api.notice_preview_png", notice_id=notice.id),
        "pdf_url": url_for("api.notice_preview_pdf", notice_id=notice.id),
        "print": printing, "history": history,
    }


def _readable(notice_id: int) -> NoticeData:
    """The notice, for a signed-in member of its hall (401 signed out; 404 another hall's)."""
    live = current_staff()
    with runtime().db.read() as session:
        notice = service.load(session, notice_id)
        if service.hall_of(session, notice_id) != live.hall_id:
            raise UnknownNotice()
    return notice


@blueprint.get("/notices/<notice_id>")
@operation("getNotice", "A written notice (受理/补正/退办) with its print history (staff)",
           path=NoticePath, answers={200: NoticeBody}, errors=(401, 403))
def get_notice(notice_id: int):  # type: ignore[no-untyped-def]
    return notice_json(_readable(notice_id))


@blueprint.get("/notices/<notice_id>/preview.png")
@operation("noticePreviewPng", "The notice as printed on 80 mm paper, as a PNG (staff)",
           path=NoticePath, answers={200: None}, errors=(401, 403), extra={"x-answer-media": PNG})
def notice_preview_png(notice_id: int) -> Response:
    return _image(notice_printing.preview(_readable(notice_id)), "image/png")


@blueprint.get("/notices/<notice_id>/preview.pdf")
@operation("noticePreviewPdf", "The notice as printed on 80 mm paper, as a PDF (staff)",
           path=NoticePath, answers={200: None}, errors=(401, 403), extra={"x-answer-media": PDF})
def notice_preview_pdf(notice_id: int) -> Response:
    return _image(notice_printing.preview(_readable(notice_id), "PDF"), "application/pdf")


@blueprint.post("/notices/<notice_id>/reprint")
@operation("reprintNotice", "补打通知书: print the notice again on its window's printer",
           description="Staff signed in at any window of the notice's hall. The answer has the "
           "new attempt's outcome; a printer that is offline or out of paper answers 200 with "
           "the failure in `print` (fix the printer, then reprint again). 409 `no_printer` "
           "when the window has no printer (`none`).",
           path=NoticePath, body=NoFields, empty_body=True, answers={200: NoticeReprint},
           errors=(401, 403, 409))
def reprint_notice(notice_id: int, body: NoFields):  # type: ignore[no-untyped-def]
    live = current_staff()
    seat = staff_for(live.window_number)
    with runtime().db.read() as session:
        notice = service.load(session, notice_id)
        if service.hall_of(session, notice_id) != seat.staff.hall_id:
            raise UnknownNotice()
    outcome = notice_printing.reprint(notice, seat.staff.hall_id, seat.staff.id,
                                      live.window_number)
    if outcome is None:
        raise NoPrinter("本窗口没有连接打印机，无法补打：请按预览另行打印。")
    answer = notice_json(notice)
    return {"notice_id": notice_id, "print": answer["print"], "history": answer["history"]}


def _image(body: bytes, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "private, no-store"
    return response
