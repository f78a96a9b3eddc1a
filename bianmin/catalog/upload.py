"""A catalog file uploaded in the browser: preview what it would change, then apply it.

The file is the 000 text format or an XLSX workbook of the same layout (``workbook.py``).
``preview`` parses it and, when it has no errors, runs the real loader inside a write
transaction that is rolled back: the counts and names it reports are exactly what
``apply`` would do (ids kept as a re-import keeps them, docs/catalog.md). The preview
carries a token (an HMAC of the hall, its catalog version and the file's digest); ``apply``
takes the same file and token and refuses when the catalog changed in between
(``preview_stale``), so a manager never applies something other than what was shown.
Nothing here knows about HTTP; the caller publishes ``catalog.changed`` after the commit.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select

from bianmin.audit.record import record
from bianmin.catalog.faults import CatalogError, CatalogFormatError, decode_catalog
from bianmin.catalog.guide import GUIDE_FIELDS, column
from bianmin.catalog.importer import ParsedCatalog, read_catalog
from bianmin.catalog.loader import LoadReport, load_catalog
from bianmin.catalog.models import Hall
from bianmin.catalog.queries import get_hall
from bianmin.catalog.report import problems_of
from bianmin.catalog.workbook import is_workbook, workbook_text
from bianmin.db import Database
from bianmin.errors import Conflict, InvalidInput

# the largest file accepted (000 is 74 KB as text, 30 KB as XLSX)
MAX_BYTES = 4 * 1024 * 1024
FIELD_LABELS = {
    "name": "名称", "section": "分区", "seq": "序号", "kind": "事项类型", "materials": "办理要件",
    "materials_raw": "办理要件原文", "notice": "提示", "time_limit_raw": "办理时限",
    "time_limit_kind": "时限类型", "legal_days": "法定时限", "promised_days": "承诺时限",
    "role": "办理权限", "role_raw": "备注", "phone": "联系电话", "window_raw": "窗口号",
    "window_group_id": "窗口组", "department_id": "部门", "matter_id": "事项名称",
    "active": "重新启用", "withdrawn": "不再受理", "handed_to": "承接部门",
    **{column(f.key): f.label for f in GUIDE_FIELDS},
}


class CatalogHasErrors(InvalidInput):
    code = "catalog_errors"


class PreviewStale(Conflict):
    code = "preview_stale"
    message = "预览之后事项目录已被修改（或文件不同），请重新上传并预览后再应用。"


@dataclass(frozen=True)
class Upload:
    parsed: ParsedCatalog
    format: str  # "text" | "xlsx"
    digest: str


def read_upload(data: bytes) -> Upload:
    """Parse the file; unreadable bytes become the one error of an empty catalog."""
    fmt = "xlsx" if is_workbook(data) else "text"
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = workbook_text(data) if fmt == "xlsx" else decode_catalog(data)
    except CatalogFormatError as exc:
        empty = ParsedCatalog(title="", sections=[], scenarios=[], queues=[], windows=[], anomalies=[],
                              errors=[exc.as_error()])
        return Upload(empty, fmt, digest)
    return Upload(read_catalog(text), fmt, digest)


def token_of(secret: str, hall: Hall, digest: str) -> str:
    message = f"{hall.id}:{hall.catalog_version}:{digest}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


class _RollBack(Exception):
    def __init__(self, answer: dict[str, Any]) -> None:
        super().__init__("preview")
        self.answer = answer


def preview(db: Database, hall_code: str, data: bytes, *, secret: str, filename: str = "") -> dict[str, Any]:
    """What the file holds and what applying it would change; writes nothing."""
    upload = read_upload(data)
    answer = _report(upload, filename)
    if upload.parsed.errors:
        with db.read() as session:
            get_hall(session, hall_code)
        return answer
    try:
        with db.write() as session:
            hall = get_hall(session, hall_code)
            token = token_of(secret, hall, upload.digest)
            version = hall.catalog_version
            report = load_catalog(session, hall, upload.parsed)
            raise _RollBack({**answer, "token": token, "catalog_version": version,
                             "changes": changes_of(report), "can_apply": True})
    except _RollBack as done:
        return done.answer


def apply(
    db: Database, hall_code: str, data: bytes, token: str, *, secret: str, staff_id: int | None,
    username: str, filename: str = "",
) -> dict[str, Any]:
    """Load the previewed file in one transaction; the answer has the new catalog version."""
    upload = read_upload(data)
    if upload.parsed.errors:
        raise refusal(upload)
    with db.write() as session:
        hall = session.scalar(select(Hall).where(Hall.code == hall_code).with_for_update())
        if hall is None:
            get_hall(session, hall_code)  # raises UnknownHall
        assert hall is not None
        if not hmac.compare_digest(token_of(secret, hall, upload.digest), token):
            raise PreviewStale()
        report = load_catalog(session, hall, upload.parsed)
        record(session, "catalog.loaded", hall_id=hall.id, staff_id=staff_id, username=username,
               source=f"上传：{filename or '目录文件'}", version=report.catalog_version,
               scenarios=report.active, created=report.created, updated=report.updated,
               deactivated=report.deactivated)
        return {"hall": hall.code, "hall_id": hall.id, "catalog_version": report.catalog_version,
                "changes": changes_of(report), "notes": report.notes}


def refusal(upload: Upload) -> CatalogHasErrors:
    errors = [asdict(e) for e in upload.parsed.errors]
    first: CatalogError = upload.parsed.errors[0]
    return CatalogHasErrors(
        f"文件有 {len(errors)} 处错误，不能导入（没有写入任何内容）。第{first.line}行：{first.message}",
        errors=errors)


def _report(upload: Upload, filename: str) -> dict[str, Any]:
    parsed = upload.parsed
    counts = Counter(a.kind for a in parsed.anomalies)
    return {
        "filename": filename, "format": upload.format, "title": parsed.title,
        "scenarios": len(parsed.scenarios),
        "sections": [{"name": s.name, "scenario_count": s.scenario_count} for s in parsed.sections],
        "queues": [{"name": q.name, "windows": q.windows, "prefix": q.prefix} for q in parsed.queues],
        "errors": [asdict(e) for e in parsed.errors],
        "anomalies": [asdict(a) for a in parsed.anomalies],
        "anomaly_counts": dict(counts),
        "problems": [asdict(p) for p in problems_of(parsed)],
        "token": None, "catalog_version": None, "changes": None, "can_apply": False,
    }


def changes_of(report: LoadReport) -> dict[str, Any]:
    return {
        "added": report.created, "changed": report.updated, "unchanged": report.unchanged,
        "retired": report.deactivated, "windows_created": report.windows_created,
        "queues_created": report.queues_created,
        "added_scenarios": report.added,
        "changed_scenarios": [{**c, "field_labels": [FIELD_LABELS.get(f, f) for f in c["fields"]]}
                              for c in report.changed],
        "retired_scenarios": report.retired,
    }
