"""``bianmin catalog check|import`` and ``bianmin hall add``.

Exit status: 0 done (anomalies are reported, not failures); 2 the file is missing, unreadable
or malformed, or the hall cannot be created — and then nothing has been written.
Output is printed only after the write transaction has committed.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bianmin.catalog.checks import ANOMALY_KINDS
from bianmin.catalog.importer import CatalogFormatError, ParsedCatalog, parse_catalog, read_catalog_file
from bianmin.catalog.profile import HallProfile
from bianmin.errors import BianminError, InvalidInput
from bianmin.settings import Settings

# a hall's own profile, if present: <instance>/halls/<code>.toml (see docs/catalog.md)
PROFILE_DIR = "halls"


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _parse_file(path: str) -> ParsedCatalog:
    """Read and parse; OSError and CatalogFormatError go to the caller."""
    return parse_catalog(read_catalog_file(path))


def _read_error(path: str, exc: Exception) -> int:
    if isinstance(exc, CatalogFormatError):
        detail = f" ({exc.detail})" if exc.detail else ""
        return _fail(f"bianmin: {path}: {exc.message}{detail}\n目录文件格式有误，没有写入任何数据。")
    if isinstance(exc, FileNotFoundError):
        return _fail(f"bianmin: 找不到目录文件 {path} (no such file)")
    if isinstance(exc, IsADirectoryError):
        return _fail(f"bianmin: {path} 是文件夹，不是目录文件 (is a directory)")
    return _fail(f"bianmin: 无法读取目录文件 {path}：{exc}")


def catalog_json(parsed: ParsedCatalog) -> dict[str, Any]:
    """The --json body: counts, windows, queues, sections and every anomaly."""
    counts: dict[str, int] = {}
    for anomaly in parsed.anomalies:
        counts[anomaly.kind] = counts.get(anomaly.kind, 0) + 1
    return {
        "title": parsed.title,
        "scenarios": len(parsed.scenarios),
        "windows": parsed.windows,
        "queues": [{"name": q.name, "windows": q.windows, "prefix": q.prefix} for q in parsed.queues],
        "sections": [asdict(section) for section in parsed.sections],
        "anomalies": [asdict(anomaly) for anomaly in parsed.anomalies],
        "anomaly_counts": counts,
    }


def render_report(parsed: ParsedCatalog) -> str:
    """The human report: title, sections, queues, anomalies grouped by kind with lines."""
    out = [parsed.title or "（无标题）"]
    out.append(
        f"{len(parsed.scenarios)} 个细化应用场景，{len(parsed.queues)} 个排队窗口组，"
        f"{len(parsed.windows)} 个窗口，{len(parsed.anomalies)} 处待核对"
    )
    out.append("\n分区 sections")
    for s in parsed.sections:
        declared = f"（标题写 {s.declared_scenarios} 个）" if s.declared_scenarios is not None else ""
        out.append(f"  第{s.heading_line}行  {s.name}：{s.scenario_count} 个场景{declared}")
    out.append("\n排队 queues（前缀 窗口组：窗口）")
    for q in parsed.queues:
        out.append(f"  {q.prefix}  {q.name}：{', '.join(map(str, q.windows))}")
    if parsed.anomalies:
        out.append("\n待核对 anomalies")
    for kind in ANOMALY_KINDS:
        found = [a for a in parsed.anomalies if a.kind == kind]
        if not found:
            continue
        out.append(f"  {ANOMALY_KINDS[kind]} {kind}（{len(found)}）")
        by_message: dict[str, list[int]] = {}
        for anomaly in found:
            by_message.setdefault(anomaly.message, []).append(anomaly.line)
        for message, lines in by_message.items():
            out.append(f"    第{'、'.join(map(str, lines))}行：{message}")
    return "\n".join(out)


def check(path: str, as_json: bool = False) -> int:
    """Parse FILE and report; writes nothing."""
    try:
        parsed = _parse_file(path)
    except (OSError, CatalogFormatError) as exc:
        return _read_error(path, exc)
    if as_json:
        print(json.dumps(catalog_json(parsed), ensure_ascii=False))
    else:
        print(render_report(parsed))
    return 0


def load(
    settings: Settings, path: str, hall_code: str | None = None, hall_name: str | None = None,
    profile_path: str | None = None,
) -> int:
    """Check FILE, then load it into the hall (created if new), migrating first if allowed."""
    from sqlalchemy import select
    from sqlalchemy.exc import OperationalError

    from bianmin import migrate
    from bianmin.catalog.demo import DEMO_CODE, DEMO_NAME
    from bianmin.catalog.halls import create_hall
    from bianmin.catalog.loader import load_catalog
    from bianmin.catalog.models import Hall
    from bianmin.db import Database

    code = hall_code or settings.default_hall
    try:
        parsed = _parse_file(path)
    except (OSError, CatalogFormatError) as exc:
        return _read_error(path, exc)
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
            hall_label = f"{hall.code}（{hall.name}）"
    except BianminError as exc:
        return _fail(f"bianmin: {exc.message}\n没有写入任何数据。")
    except OperationalError as exc:
        return _fail(f"bianmin: 数据库暂时无法写入，没有写入任何数据，请稍后再试：{exc.orig}")
    finally:
        db.dispose()
    print(render_report(parsed))
    print(
        f"\n已导入 {hall_label}：新增 {report.created}，更新 {report.updated}，"
        f"未变 {report.unchanged}，停用 {report.deactivated}；目录版本 {report.catalog_version}"
    )
    for note in report.notes:
        print(f"  注意：{note}")
    return 0


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
