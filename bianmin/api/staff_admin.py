"""The hall's staff accounts over HTTP (managers' 工作人员 page): list, add, edit, reset a
password, disable and enable, upload a photo.

The same domain functions as ``bianmin staff …`` (bianmin.staff.admin, .service, .photos).
Disabling an account or resetting its password ends its sessions in the same transaction;
after the commit ``session.ended`` reaches its open counter pages, which sign out at once.
"""

from __future__ import annotations

from typing import Any

from flask import abort, request, url_for

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.managers import manager_of
from bianmin.api.shapes.common import HallPath
from bianmin.api.shapes.counter import NoFields
from bianmin.api.shapes.hall_settings import (
    NewPassword,
    NewStaff,
    PasswordReset,
    StaffAccount,
    StaffCreated,
    StaffList,
    StaffPatch,
    StaffPath,
)
from bianmin.errors import InvalidInput
from bianmin.staff import admin
from bianmin.staff.cli import ROLE_LABELS
from bianmin.staff.errors import InvalidStaff
from bianmin.staff.models import Staff
from bianmin.staff.photos import MAX_PHOTO_BYTES, store_photo
from bianmin.staff.sessions import LiveSession
from bianmin.web import publish
from bianmin.web.runtime import runtime

AUTH = ("Managers of the hall (or a county manager): 401 signed out, 403 staff or another "
        "hall; 404 `unknown_staff` for an account of another hall.")


def account_json(account: admin.Account) -> dict[str, Any]:
    return {
        "id": account.id, "username": account.username, "display_name": account.display_name,
        "employee_no": account.employee_no, "role": account.role,
        "role_label": ROLE_LABELS.get(account.role, account.role), "active": account.active,
        "windows": account.windows,
        "photo_url": url_for("api.staff_photo", staff_id=account.id, v=account.photo)
        if account.photo else None,
        "created_at": account.created_at.isoformat(),
        "sessions": [{"session_id": s.session_id, "window": s.window_number,
                      "since": s.since.isoformat(), "last_seen": s.last_seen.isoformat(),
                      "address": s.address} for s in account.sessions],
    }


@blueprint.get("/halls/<hall>/staff")
@operation("listHallStaff", "The hall's staff accounts and where each is signed in now",
           description="Active accounts first, by username; each with its windows (null: "
           "every window), role, 工号, photo and live sessions (window, since, address). " + AUTH,
           path=HallPath, auth=manager_of, answers={200: StaffList}, tag="admin")
def list_hall_staff(hall: str, auth: LiveSession):  # type: ignore[no-untyped-def]
    return {"hall": hall, "staff": [account_json(a) for a in admin.hall_accounts(runtime().db, hall)]}


@blueprint.post("/halls/<hall>/staff")
@operation("addHallStaff", "Add a staff account to the hall",
           description="Every field is checked first (400 `invalid_staff` with "
           "`details.fields`; 409 `username_taken`). Without `password` one is generated and "
           "answered once. Audited as `staff.added` with the manager. " + AUTH,
           path=HallPath, body=NewStaff, auth=manager_of, answers={201: StaffCreated},
           errors=(409,), tag="admin")
def add_hall_staff(hall: str, body: NewStaff, auth: LiveSession):  # type: ignore[no-untyped-def]
    account, generated = admin.create_account(
        runtime().db, hall, username=body.username, password=body.password,
        display_name=body.display_name, employee_no=body.employee_no, windows=body.windows,
        role=body.role, by=auth)
    return {**account_json(account), "password": generated}, 201


@blueprint.get("/halls/<hall>/staff/<staff_id>")
@operation("getHallStaff", "One staff account of the hall", description=AUTH,
           path=StaffPath, auth=manager_of, answers={200: StaffAccount}, tag="admin")
def get_hall_staff(hall: str, staff_id: int, auth: LiveSession):  # type: ignore[no-untyped-def]
    return account_json(admin.hall_account(runtime().db, hall, staff_id))


@blueprint.patch("/halls/<hall>/staff/<staff_id>")
@operation("updateHallStaff", "Change a staff account: name, 工号, windows, role, active",
           description="Only the fields sent change. `active: false` disables the account and "
           "ends its sessions at once (its counter page signs out). A manager cannot disable "
           "or demote the own account (409 `self_lockout`), nor make a county account. "
           "Audited as `staff.changed` (before/after), `staff.disabled`, `staff.enabled`. " + AUTH,
           path=StaffPath, body=StaffPatch, auth=manager_of, answers={200: StaffAccount},
           errors=(409,), tag="admin")
def patch_hall_staff(hall: str, staff_id: int, body: StaffPatch, auth: LiveSession):  # type: ignore[no-untyped-def]
    changes = body.model_dump(include=body.model_fields_set)
    for name in ("display_name", "employee_no", "role", "active"):
        if name in changes and changes[name] is None:
            raise InvalidInput(f"{name} 不能为 null。", code="invalid_staff",
                               fields=[{"field": name, "problem": f"{name} 不能为 null。"}])
    account, _ = admin.update_account(runtime().db, hall, staff_id, changes, auth)
    if changes.get("active") is False:
        publish.sessions_ended(staff_id, "disabled")
    return account_json(account)


@blueprint.post("/halls/<hall>/staff/<staff_id>/disable")
@operation("disableHallStaff", "Disable an account: it cannot sign in, its sessions end now",
           description="Its open counter pages are signed out at once (`session.ended`). "
           "Audited as `staff.disabled`. " + AUTH, path=StaffPath, empty_body=True,
           body=NoFields, auth=manager_of, answers={200: StaffAccount},
           errors=(409,), tag="admin")
def disable_hall_staff(hall: str, staff_id: int, auth: LiveSession, body: NoFields):  # type: ignore[no-untyped-def]
    account, _ = admin.set_account_active(runtime().db, hall, staff_id, False, auth)
    publish.sessions_ended(staff_id, "disabled")
    return account_json(account)


@blueprint.post("/halls/<hall>/staff/<staff_id>/enable")
@operation("enableHallStaff", "Enable a disabled account again",
           description="Audited as `staff.enabled`. " + AUTH, path=StaffPath, empty_body=True,
           body=NoFields, auth=manager_of, answers={200: StaffAccount},
           tag="admin")
def enable_hall_staff(hall: str, staff_id: int, auth: LiveSession, body: NoFields):  # type: ignore[no-untyped-def]
    account, _ = admin.set_account_active(runtime().db, hall, staff_id, True, auth)
    return account_json(account)


@blueprint.post("/halls/<hall>/staff/<staff_id>/password")
@operation("resetHallStaffPassword", "Set a new password for an account; its sessions end",
           description="`password` given: that one; left out: one is generated and answered "
           "once. Every session of the account ends (its counter pages sign out at once). "
           "Audited as `staff.password_reset`. " + AUTH, path=StaffPath, body=NewPassword,
           empty_body=True, auth=manager_of, answers={200: PasswordReset}, errors=(409,),
           tag="admin")
def reset_hall_staff_password(hall: str, staff_id: int, body: NewPassword, auth: LiveSession):  # type: ignore[no-untyped-def]
    account, generated, ended = admin.reset_account_password(
        runtime().db, hall, staff_id, body.password, auth)
    publish.sessions_ended(staff_id, "password_reset")
    return {"staff": account_json(account), "password": generated, "sessions_ended": ended}


@blueprint.put("/halls/<hall>/staff/<staff_id>/photo")
@operation("setHallStaffPhoto", "Upload an account's photo (the window's 工作牌, rating tablet)",
           description="The body is the image itself, `Content-Type: image/jpeg` or "
           "`image/png`, at most 1 MB (400 `invalid_photo`, `photo_too_large`; 415 for "
           "another type). " + AUTH, path=StaffPath, auth=manager_of,
           answers={200: StaffAccount}, errors=(413, 415),
           extra={"requestBody": {"required": True, "content": {
               "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
               "image/png": {"schema": {"type": "string", "format": "binary"}}}}},
           tag="admin")
def put_hall_staff_photo(hall: str, staff_id: int, auth: LiveSession):  # type: ignore[no-untyped-def]
    if request.mimetype not in ("image/jpeg", "image/png"):
        abort(415)
    request.max_content_length = MAX_PHOTO_BYTES + 1024
    data = request.get_data(cache=False)
    if not data:
        raise InvalidStaff("请选择照片文件（JPEG 或 PNG）。", code="invalid_photo")
    admin.hall_account(runtime().db, hall, staff_id)  # 404 for another hall's account
    store_photo(runtime().db, runtime().settings.instance, data, Staff.id == staff_id)
    return account_json(admin.hall_account(runtime().db, hall, staff_id))
