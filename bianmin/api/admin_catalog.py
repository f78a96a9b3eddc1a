"""The managers' catalog, windows and queues over HTTP (docs/admin.md, 事项目录、窗口与队列).

Thin: the work is ``bianmin.catalog.upload`` (preview and apply a catalog file),
``bianmin.catalog.admin`` (one scenario, window or queue) and ``bianmin.catalog.workbook``
(the XLSX export). Every write is one transaction with an audit row; after the commit the
view tells kiosks and screens (``catalog.changed``) and publishes waiting-count changes.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Response, current_app, request

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.managers import manager_of
from bianmin.api.shapes.admin_catalog import (
    AdminQueue,
    AdminQueuePath,
    AdminScenario,
    AdminScenarioPath,
    AdminScenarios,
    AdminWindow,
    AdminWindowPath,
    CatalogUpload,
    ImportPreview,
    QueueEdit,
    QueueNew,
    ScenarioEdit,
    ScenarioNew,
    WindowEdit,
    WindowNew,
    WindowsAndQueues,
)
from bianmin.api.shapes.common import HallPath
from bianmin.catalog import admin, upload
from bianmin.catalog.queries import get_hall
from bianmin.catalog.workbook import XLSX_TYPE, export_workbook
from bianmin.errors import InvalidInput
from bianmin.staff.sessions import LiveSession
from bianmin.web import publish
from bianmin.web.runtime import runtime

XLSX = {XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}}}
STRAND = ("A change that would strand today's waiting visitors answers 409 `would_strand` with "
          "`details.waiting` (count), `numbers` and `queue_ids`, and writes nothing; send it again "
          "with `waiting`: `keep` (they stay in line), `close` (their tickets are cancelled) or "
          "`move_to` with `move_to`: a queue's prefix (reissued there, keeping their place in time).")


def manager_uploading(hall: str, **_: Any) -> LiveSession:
    """A manager of the hall; only then may the body be as large as a catalog file."""
    live = manager_of(hall)
    request.max_content_length = upload.MAX_BYTES * 4 // 3 + 64 * 1024
    return live


def _actor(live: LiveSession) -> admin.Actor:
    return admin.Actor(staff_id=live.staff_id, username=live.username)


def _published(change: admin.Change) -> dict[str, Any]:
    publish.events(change.events)
    publish.catalog_changed(change.hall_id, change.catalog_version)
    return change.answer


def _sent(body: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(body, name) for name in names if name in body.model_fields_set}


@blueprint.post("/halls/<hall>/catalog/imports")
@operation("importCatalog", "Preview or apply a catalog file (000 text or XLSX) (managers)",
           description="With `apply: false` (default): parse the file and answer every error and "
           "anomaly and what applying it would change (scenarios added, changed with the fields, "
           "retired, by name), writing nothing, plus a `token`. A file with errors is 400 "
           "`catalog_errors` with every error in `details.errors`. With `apply: true` and the "
           "preview's `token`: load it in one transaction (ids kept as a re-import keeps them), "
           "bump the catalog version and tell kiosks and screens (`catalog.changed`); 409 "
           "`preview_stale` when the catalog changed since the preview. Managers only.",
           path=HallPath, body=CatalogUpload, auth=manager_uploading, errors=(409,),
           answers={200: ImportPreview})
def import_catalog(hall: str, body: CatalogUpload, auth: LiveSession) -> dict[str, Any]:
    try:
        data = base64.b64decode(body.content, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("content 须为文件内容的 base64 编码。", code="invalid_file",
                           fields=[{"field": "content", "problem": "不是 base64。"}]) from None
    if not data:
        raise InvalidInput("文件是空的，请选择事项目录文件。", code="empty_file",
                           fields=[{"field": "content", "problem": "文件是空的。"}])
    if len(data) > upload.MAX_BYTES:
        raise InvalidInput("文件太大（最大 4 MB），请检查是否选错了文件。", code="file_too_large",
                           fields=[{"field": "content", "problem": "文件太大。"}])
    secret = str(current_app.secret_key)
    if not body.apply:
        answer = upload.preview(runtime().db, hall, data, secret=secret, filename=body.filename)
        if answer["errors"]:
            first = answer["errors"][0]
            raise upload.CatalogHasErrors(
                f"文件有 {len(answer['errors'])} 处错误，不能导入（没有写入任何内容）。"
                f"第{first['line']}行：{first['message']}", **answer)
        return answer
    if not body.token:
        raise InvalidInput("应用前请先预览：带上预览给出的 token。", code="token_required",
                           fields=[{"field": "token", "problem": "请先预览。"}])
    applied = upload.apply(runtime().db, hall, data, body.token, secret=secret,
                           staff_id=auth.staff_id, username=auth.username, filename=body.filename)
    publish.catalog_changed(applied.pop("hall_id"), applied["catalog_version"])
    return applied


@blueprint.get("/halls/<hall>/catalog/export.xlsx")
@operation("exportCatalog", "The hall's active catalog as an XLSX workbook (managers)",
           description="The 000 layout in one sheet (title, header, section headings, one row "
           "per scenario): edit it in Excel and upload it with importCatalog.",
           path=HallPath, auth=manager_of, answers={200: None}, extra={"x-answer-media": XLSX})
def export_catalog(hall: str, auth: LiveSession) -> Response:
    with runtime().db.read() as session:
        found = get_hall(session, hall)
        data = export_workbook(session, found)
    response = Response(data, mimetype=XLSX_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="catalog-{hall}.xlsx"'
    return response


@blueprint.get("/halls/<hall>/scenarios")
@operation("listScenarios", "Every scenario of the hall, retired ones too (managers)",
           path=HallPath, auth=manager_of, answers={200: AdminScenarios})
def list_scenarios(hall: str, auth: LiveSession) -> dict[str, Any]:
    with runtime().db.read() as session:
        found = get_hall(session, hall)
        return {"hall": hall, "catalog_version": found.catalog_version,
                "scenarios": admin.list_scenarios(session, found)}


@blueprint.post("/halls/<hall>/scenarios")
@operation("addScenario", "Add one scenario to the catalog (managers)",
           description="Name, queue (prefix), and optionally section, materials (one per entry), "
           "notice, time limit, phone. The kiosk shows it at once (`catalog.changed`).",
           path=HallPath, body=ScenarioNew, auth=manager_of, answers={201: AdminScenario})
def add_scenario(hall: str, body: ScenarioNew, auth: LiveSession) -> tuple[dict[str, Any], int]:
    values = _sent(body, ("name", "section", "materials", "notice", "time_limit", "phone", "queue"))
    values["name"], values["queue"] = body.name, body.queue
    return _published(admin.add_scenario(runtime().db, hall, values, _actor(auth))), 201


@blueprint.patch("/halls/<hall>/scenarios/<scenario_id>")
@operation("changeScenario", "Change one scenario in place, or retire it (managers)",
           description="Only the fields sent change. `active: false` retires it. " + STRAND,
           path=AdminScenarioPath, body=ScenarioEdit, auth=manager_of, errors=(409,),
           answers={200: AdminScenario})
def change_scenario(hall: str, scenario_id: int, body: ScenarioEdit, auth: LiveSession) -> dict[str, Any]:
    values = _sent(body, admin.SCENARIO_FIELDS)
    return _published(admin.change_scenario(runtime().db, hall, scenario_id, values, _actor(auth),
                                            waiting=body.waiting, move_to=body.move_to))


@blueprint.get("/halls/<hall>/windows")
@operation("listWindows", "The hall's windows and queues with today's waiting counts (managers)",
           path=HallPath, auth=manager_of, answers={200: WindowsAndQueues})
def list_windows(hall: str, auth: LiveSession) -> dict[str, Any]:
    with runtime().db.read() as session:
        return admin.windows_and_queues(session, get_hall(session, hall))


@blueprint.get("/halls/<hall>/queues")
@operation("listQueues", "The hall's queues (window groups) and windows (managers)",
           description="The same answer as listWindows.",
           path=HallPath, auth=manager_of, answers={200: WindowsAndQueues})
def list_queues(hall: str, auth: LiveSession) -> dict[str, Any]:
    return list_windows.__wrapped__(hall=hall, auth=auth)  # type: ignore[attr-defined]


@blueprint.get("/halls/<hall>/queues/<prefix>")
@operation("getQueue", "One queue (window group) with its windows and today's waiting (managers)",
           path=AdminQueuePath, auth=manager_of, answers={200: AdminQueue})
def get_queue(hall: str, prefix: str, auth: LiveSession) -> dict[str, Any]:
    with runtime().db.read() as session:
        queues = admin.windows_and_queues(session, get_hall(session, hall))["queues"]
    found = next((q for q in queues if q["prefix"] == prefix.upper()), None)
    if found is None:
        raise admin.UnknownQueueRef(f"没有前缀为“{prefix}”的排队队列。")
    return found


@blueprint.post("/halls/<hall>/windows")
@operation("addWindow", "Add a window (managers)",
           description="Its number, name, and the queues it serves (`queues`: prefixes, or "
           "`serves_all: true` for a 无差别综合受理窗口). Staff can then be given it and sign in.",
           path=HallPath, body=WindowNew, auth=manager_of, errors=(409,), answers={201: AdminWindow})
def add_window(hall: str, body: WindowNew, auth: LiveSession) -> tuple[dict[str, Any], int]:
    values = {"number": body.number, "name": body.name.strip(), "phone": body.phone,
              "queues": body.queues, "serves_all": body.serves_all,
              "green_channel": body.green_channel}
    return _published(admin.add_window(runtime().db, hall, values, _actor(auth))), 201


@blueprint.patch("/halls/<hall>/windows/<number>")
@operation("changeWindow", "Rename, retire or re-assign a window (managers)",
           description="Only the fields sent change; `queues` replaces the list, `serves_all: "
           "true` serves every active queue; `active: false` retires it (not offered at the "
           "counter, not shown on screens or the kiosk); `green_channel: true` makes it the "
           "hall's green-channel 专窗. A window with a ticket called or being "
           "served is 409 `window_busy`. " + STRAND,
           path=AdminWindowPath, body=WindowEdit, auth=manager_of, errors=(409,),
           answers={200: AdminWindow})
def change_window(hall: str, number: int, body: WindowEdit, auth: LiveSession) -> dict[str, Any]:
    values = _sent(body, ("name", "phone", "queues", "serves_all", "active", "green_channel"))
    return _published(admin.change_window(runtime().db, hall, number, values, _actor(auth),
                                          waiting=body.waiting, move_to=body.move_to))


@blueprint.patch("/halls/<hall>/queues/<prefix>")
@operation("changeQueue", "Rename a queue, change its prefix letter, domain or 放号量, retire it (managers)",
           description="A new prefix (unique in the hall) applies to numbers issued from now on; "
           "tickets already issued keep the number printed on them. `kind` makes it a special "
           "queue (complaint: 有诉即办, pickup: 综合出件) with a built-in scenario the kiosk "
           "offers on its home screen, or normal again. Retiring a queue that active "
           "scenarios still use is 409 `queue_in_use`. " + STRAND,
           path=AdminQueuePath, body=QueueEdit, auth=manager_of, errors=(409,),
           answers={200: AdminQueue})
def change_queue(hall: str, prefix: str, body: QueueEdit, auth: LiveSession) -> dict[str, Any]:
    values = _sent(body, ("name", "prefix", "domain", "kind", "active", "daily_cap"))
    return _published(admin.change_queue(runtime().db, hall, prefix, values, _actor(auth),
                                         waiting=body.waiting, move_to=body.move_to))


@blueprint.post("/halls/<hall>/queues")
@operation("addQueue", "Add a queue, e.g. a 有诉即办 or 综合出件 queue (managers)",
           description="Its name and prefix letter (each unique in the hall: 409), `kind` "
           "(normal, complaint = 有诉即办, pickup = 综合出件) and the windows that serve it; the "
           "hall's 无差别综合受理 windows serve it too. A special queue gets a built-in scenario: "
           "the kiosk shows it as a big button on its home screen and issues its tickets "
           "without the visitor choosing a matter.",
           path=HallPath, body=QueueNew, auth=manager_of, errors=(409,), answers={201: AdminQueue})
def add_queue(hall: str, body: QueueNew, auth: LiveSession) -> tuple[dict[str, Any], int]:
    values = {"name": body.name.strip(), "prefix": body.prefix, "kind": body.kind,
              "windows": body.windows, "domain": body.domain, "daily_cap": body.daily_cap}
    return _published(admin.add_queue(runtime().db, hall, values, _actor(auth))), 201
