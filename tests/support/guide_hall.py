"""A small hall whose catalog carries service-guide columns (seed 003's fields) and a section
of matters it no longer handles (seed 002's 收回 list): tests/data/guide_catalog.txt."""

from __future__ import annotations

from pathlib import Path

from bianmin.catalog.halls import create_hall
from bianmin.catalog.importer import parse_catalog
from bianmin.catalog.loader import LoadReport, load_catalog
from bianmin.db import Database

GUIDE_CATALOG = Path(__file__).resolve().parent.parent / "data" / "guide_catalog.txt"
HALL = "guide"
HALL_NAME = "社保服务示例中心"
# the scenarios of the file, by name
WITH_GUIDE = "个人账户一次性待遇申领"  # all eight fields, some long
SHORT_GUIDE = "暂停养老保险待遇申请"  # 收费 and 办理时间 only
NO_GUIDE = "职工参保登记"
WITHDRAWN = {"医疗救助待遇审批": "师市医疗保障局", "工伤认定调查": "师市人社局",
             "拖拉机、联合收割机操作人员操作证件核发": "师市农业农村局"}


def guide_text() -> str:
    return GUIDE_CATALOG.read_text(encoding="utf-8")


def add_guide_hall(db: Database, code: str = HALL) -> LoadReport:
    """Create the hall and load its catalog in one transaction (the shared PostgreSQL test
    database keeps halls between tests: give each its own code there)."""
    with db.write() as session:
        hall = create_hall(session, code, HALL_NAME)
        return load_catalog(session, hall, parse_catalog(guide_text()))
