"""The demo hall's search index, built once per test session the way the API builds it."""

from __future__ import annotations

import tempfile
from functools import lru_cache

from bianmin import migrate
from bianmin.catalog.demo import ensure_demo_hall
from bianmin.catalog.queries import catalog_of, get_hall, search_records
from bianmin.catalog.search import SearchIndex, SearchRecord
from bianmin.catalog.synonyms import synonyms_for
from bianmin.db import Database


@lru_cache(maxsize=1)
def demo_records() -> tuple[SearchRecord, ...]:
    """The demo hall's scenarios as search records: loaded into a real SQLite file, read
    back with catalog_of (what the kiosk's API reads)."""
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{folder}/demo.sqlite3")
        try:
            migrate.upgrade(db)
            ensure_demo_hall(db)
            with db.read() as session:
                catalog = catalog_of(session, get_hall(session, "demo"))
        finally:
            db.dispose()
    return tuple(search_records(catalog))


@lru_cache(maxsize=1)
def demo_index() -> SearchIndex:
    """The demo hall's index with the packaged synonym table (the demo profile adds none)."""
    return SearchIndex.build(demo_records(), synonyms_for(""))
