"""Shared fixtures: real SQLite files, the real PostgreSQL server, the app and its client.

PostgreSQL tests use ``BIANMIN_TEST_POSTGRES_URL`` (default: the local server's ``test``
database); each test session creates its own database there and drops it at the end.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bianmin import migrate
from bianmin.app import create_app
from bianmin.db import Database
from bianmin.models import metadata
from bianmin.settings import Settings, load_settings

# fixtures shared by several test modules (counter: a small hall of its own per test)
pytest_plugins = ["tests.support.calling"]

# the longest modules (minutes each) go first, so that the parallel phase of scripts/test
# (a module per worker) does not end with one worker running them alone
SLOW_FIRST = ("tests/integration/test_api_fuzz",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(SLOW_FIRST))  # stable: else as collected

POSTGRES_URL = os.environ.get(
    "BIANMIN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the demo hall, built once and copied per test."""
    from bianmin.catalog.demo import ensure_demo_hall

    path = tmp_path_factory.mktemp("template") / "demo.sqlite3"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    ensure_demo_hall(db)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    path = tmp_path / "instance"
    path.mkdir()
    return path


@pytest.fixture
def demo_sqlite(instance: Path, demo_template: Path) -> Path:
    """A fresh copy of the demo database inside this test's instance folder."""
    target = instance / "bianmin.sqlite3"
    shutil.copy(demo_template, target)
    return target


@pytest.fixture
def settings(instance: Path, demo_sqlite: Path) -> Settings:
    # open mode: the small halls of older tests issue tickets and watch screens without
    # enrolled devices; tests of closed halls replace(open_kiosks=False)
    return load_settings(
        {"instance": instance, "async_mode": "threading", "secret_key": "test-key",
         "open_kiosks": True},
        environ={},
    )


@pytest.fixture
def app(settings: Settings):  # type: ignore[no-untyped-def]
    application = create_app(settings)
    yield application
    application.extensions["bianmin"].db.dispose()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def db(app) -> Database:  # type: ignore[no-untyped-def]
    return app.extensions["bianmin"].db


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    """A migrated SQLite database with no hall at all."""
    database = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, empty_db: Database, postgres_url: str) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    """The same test on a real SQLite file and on the real PostgreSQL server (migrated)."""
    if request.param == "sqlite":
        yield empty_db
        return
    database = Database(postgres_url)
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of its own on the real PostgreSQL server, for this test session."""
    name = f"bianmin_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"PostgreSQL is needed at {POSTGRES_URL}: {exc}")
    url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def postgres_demo(postgres_url: str) -> str:
    """The PostgreSQL test database, migrated, with the demo hall loaded once."""
    from bianmin.catalog.demo import ensure_demo_hall

    database = Database(postgres_url)
    migrate.upgrade(database)
    # other tests may have put halls of their own into this database first
    ensure_demo_hall(database, only_if_empty=False)
    database.dispose()
    return postgres_url


@pytest.fixture
def pg_db(postgres_demo: str) -> Iterator[Database]:
    """The demo hall on PostgreSQL with no tickets or other runtime rows, before and after."""
    database = Database(postgres_demo)
    _truncate_runtime(database)
    yield database
    _truncate_runtime(database)
    database.dispose()


def _truncate_runtime(database: Database) -> None:
    tables = [t.name for t in metadata.sorted_tables if t.name in _RUNTIME_TABLES]
    with database.engine.begin() as conn:
        conn.execute(text("TRUNCATE " + ", ".join(tables) + " CASCADE"))


# rows that tests create; the catalog stays as loaded
_RUNTIME_TABLES = {"ticket", "ticket_counter", "ticket_event", "print_job", "window_state",
                   "staff_session", "audit_event", "print_worker", "search_miss", "rating",
                   "rating_follow_up", "rating_follow_up_note",
                   "ticket_fact", "ticket_fact_day", "ticket_fact_sum", "notice", "notice_counter",
                   "guide_consult"}
