"""``bianmin catalog check|import`` and ``bianmin hall add``.

``catalog check`` exit status: 0 clean, 1 anomalies only (importable), 2 errors (the file
cannot be imported as it is; also when it is missing or unreadable). Every error and
anomaly is reported in one run, in the file's line order (``bianmin.catalog.report``).
``catalog import`` and ``hall add``: 0 done (anomalies are reported, not failures); 2 the
file has errors or cannot be read, or the hall cannot be created — and then nothing has
been written. Output is printed only after the write transaction has committed.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from bianmin.catalog.importer import (
    CatalogFormatError,
    ParsedCatalog,
    read_catalog,
    read_catalog_file,
)
from bianmin.catalog.profile import HallProfile
from bianmin.catalog.report import ERRORS, catalog_json, exit_status, render_report, verdict
from bianmin.errors import BianminError, InvalidInput
from bianmin.settings import Settings

# a hall's own profile, if present: <instance>/halls/<code>.toml (see docs/catalog.md)
PROFILE_DIR = "halls"
# what `--demo` names in messages: the demo catalog shipped in the package
DEMO_SOURCE = "bianmin/catalog/demo_catalog.txt"


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return ERRORS


def _emit(text: str, status: int) -> int:
    """Print to stdout; a reader that went away (``| head``) ends the command quietly.

    The standard way (Python docs, "Note on SIGPIPE"): point stdout at devnull so that the
    interpreter's last flush cannot raise again, and leave with the status of the check.
    """
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return status


def _source(path: str | None) -> tuple[str, Callable[[], str]]:
    """The file's label and a reader of its text; no path means the packaged demo catalog."""
    if path is None:
        from bianmin.catalog.demo import demo_catalog_text

        return DEMO_SOURCE, demo_catalog_text
    return path, lambda: read_catalog_file(path)


def _parse_file(path: str | None) -> ParsedCatalog:
    """Every error and anomaly of the file; OSError (missing, unreadable) goes to the caller."""
    _label, read = _source(path)
    try:
        text = read()
    except CatalogFormatError as exc:  # bytes that do not decode: nothing else can be read
        return ParsedCatalog("", [], [], [], [], [], [exc.as_error()])
    return read_catalog(text)


def _read_error(path: str, exc: OSError) -> int:
    if isinstance(exc, FileNotFoundError):
        return _fail(f"bianmin: 找不到目录文件 {path} (no such file)")
    if isinstance(exc, IsADirectoryError):
        return _fail(f"bianmin: {path} 是文件夹，不是目录文件 (is a directory)")
    return _fail(f"bianmin: 无法读取目录文件 {path}：{exc}")


def check(path: str | None, as_json: bool = False) -> int:
    """Parse FILE (None: the packaged demo catalog) and report everything; writes nothing."""
    label = _source(path)[0]
    try:
        parsed = _parse_file(path)
    except OSError as exc:
        return _read_error(label, exc)
    status = exit_status(parsed)
    if as_json:
        return _emit(json.dumps(catalog_json(parsed), ensure_ascii=False), status)
    return _emit(render_report(parsed) + "\n\n" + verdict(parsed), status)


def _refuse(label: str, parsed: ParsedCatalog) -> int:
    """Every error of the file, in line order, and that nothing was written."""
    lines = [f"bianmin: {label}：有 {len(parsed.errors)} 处错误，没有写入任何数据。"]
    for error in parsed.errors:
        detail = f" ({error.detail})" if error.detail else ""
        lines.append(f"  第{error.line}行 [{error.kind}] {error.message}{detail}")
    lines.append(f"改正后再导入；bianmin catalog check {label} 还会列出待核对的地方。")
    return _fail("\n".join(lines))


def load(
    settings: Settings, path: str | None, hall_code: str | None = None, hall_name: str | None = None,
    profile_path: str | None = None,
) -> int:
    """Check FILE, then load it into the hall (created if new), migrating first if allowed.

    ``path`` None: the packaged demo catalog into the demo hall (``--demo``). A file with
    errors is refused whole: every error is printed, nothing is written.
    """
    from sqlalchemy import select
    from sqlalchemy.exc import OperationalError

    from bianmin import migrate
    from bianmin.audit.record import record
    from bianmin.catalog.demo import DEMO_CODE, DEMO_NAME
    from bianmin.catalog.halls import create_hall
    from bianmin.catalog.loader import load_catalog
    from bianmin.catalog.models import Hall
    from bianmin.db import Database

    code = DEMO_CODE if path is None else hall_code or settings.default_hall
    label = _source(path)[0]
    try:
        parsed = _parse_file(path)
    except OSError as exc:
        return _read_error(label, exc)
    if parsed.errors:
        return _refuse(label, parsed)
    try:
        profile = _profile_for(settings, code, profile_path)
    except BianminError as exc:
        return _fail(f"bianmin: {exc.message}")
    db = Database(settings.resolved_database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    try:
        if settings.auto_migrate:
            migrate.upgrade(db)
        elif not migrate.is_current(db):
            return _fail("bianmin: 数据库不是最新结构，请先运行 bianmin db upgrade (database not migrated)")
        with db.write() as session:
            hall = session.scalar(select(Hall).where(Hall.code == code))
            if hall is None:
                if code != DEMO_CODE and not hall_name:
                    raise InvalidInput(
                        f"还没有代码为“{code}”的服务中心。新建请加 --name 名称，"
                        "例如 --name 五团便民服务中心 (a new hall needs --name)",
                        code="missing_hall_name",
                    )
                hall = create_hall(session, code, hall_name or DEMO_NAME)
            report = load_catalog(session, hall, parsed, profile)
            # 电子监察: who cannot be known from a shell; the file, the version and the counts are
            record(session, "catalog.loaded", hall_id=hall.id, source=label,
                   version=report.catalog_version, scenarios=report.active,
                   created=report.created, updated=report.updated, deactivated=report.deactivated)
            hall_label = f"{hall.code}（{hall.name}）"
    except BianminError as exc:
        return _fail(f"bianmin: {exc.message}\n没有写入任何数据。")
    except OperationalError as exc:
        return _fail(f"bianmin: 数据库暂时无法写入，没有写入任何数据，请稍后再试：{exc.orig}")
    finally:
        db.dispose()
    summary = [
        render_report(parsed),
        f"\n已导入 {hall_label}：新增 {report.created}，更新 {report.updated}，"
        f"未变 {report.unchanged}，停用 {report.deactivated}；目录版本 {report.catalog_version}",
        *(f"  注意：{note}" for note in report.notes),
    ]
    return _emit("\n".join(summary), 0)


def _profile_for(settings: Settings, code: str, profile_path: str | None) -> HallProfile | None:
    """--profile, else <instance>/halls/CODE.toml, else the packaged one for the demo hall."""
    from bianmin.catalog.demo import DEMO_CODE
    from bianmin.catalog.profile import demo_profile, load_profile

    if profile_path:
        return load_profile(profile_path)
    own = Path(settings.instance) / PROFILE_DIR / f"{code}.toml"
    if own.is_file():
        return load_profile(own)
    if code == DEMO_CODE:
        return demo_profile()
    return None


def add_hall(settings: Settings, code: str, name: str, timezone: str, complaint_phone: str) -> int:
    """Create a hall with no catalog yet (import one with ``bianmin catalog import``)."""
    from bianmin import migrate
    from bianmin.catalog.halls import create_hall
    from bianmin.db import Database

    db = Database(settings.resolved_database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    try:
        if settings.auto_migrate:
            migrate.upgrade(db)
        elif not migrate.is_current(db):
            return _fail("bianmin: 数据库不是最新结构，请先运行 bianmin db upgrade (database not migrated)")
        with db.write() as session:
            create_hall(session, code, name, timezone, complaint_phone)
    except BianminError as exc:
        return _fail(f"bianmin: {exc.message}")
    finally:
        db.dispose()
    print(f"已创建服务中心 {code}（{name}），时区 {timezone}。")
    print(f"导入目录：bianmin catalog import FILE --hall {code}")
    return 0
