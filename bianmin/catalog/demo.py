"""The demo hall (code ``demo``): 六十二团便民服务中心, built from catalog 000 by the importer."""

from __future__ import annotations

from importlib.resources import files

from sqlalchemy import select

from bianmin.catalog.importer import parse_catalog
from bianmin.catalog.loader import load_catalog
from bianmin.catalog.models import Hall
from bianmin.catalog.profile import demo_profile
from bianmin.db import Database

DEMO_CODE = "demo"
DEMO_NAME = "六十二团便民服务中心"
# the source file 000_ddce5e5749c36d4d.txt, shipped inside the package
DEMO_CATALOG = "demo_catalog.txt"


def demo_catalog_text() -> str:
    return files("bianmin.catalog").joinpath(DEMO_CATALOG).read_text(encoding="utf-8")


def ensure_demo_hall(db: Database, *, only_if_empty: bool = True) -> bool:
    """Create and load the demo hall; True if it did.

    By default only into a database with no hall at all (the first start of a fresh
    installation); with ``only_if_empty=False`` whenever no hall has the code ``demo``.
    """
    existing = select(Hall.id).limit(1)
    if not only_if_empty:
        existing = existing.where(Hall.code == DEMO_CODE)
    with db.read() as session:
        if session.scalar(existing) is not None:
            return False
    parsed = parse_catalog(demo_catalog_text())
    profile = demo_profile()
    with db.write() as session:
        if session.scalar(existing) is not None:
            return False  # another process got there first
        hall = Hall(code=DEMO_CODE, name=DEMO_NAME, timezone="Asia/Shanghai",
                    complaint_phone="12345")
        session.add(hall)
        session.flush()
        load_catalog(session, hall, parsed, profile)
    return True
