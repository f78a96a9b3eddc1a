"""The installation's database as a command-line command needs it.

Like ``bianmin serve``, a command migrates the database first (``auto_migrate``) and loads
the demo hall into an empty one (``load_demo``), so that ``bianmin staff add`` or
``bianmin device add`` work on a fresh instance before the server ever started.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bianmin.db import Database
from bianmin.settings import Settings


@contextmanager
def command_database(settings: Settings) -> Iterator[Database]:
    from bianmin import migrate

    db = Database(settings.resolved_database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms,
                  synchronous=settings.sqlite_synchronous)
    try:
        if settings.auto_migrate:
            migrate.upgrade(db)
        if settings.load_demo:
            from bianmin.catalog.demo import ensure_demo_hall

            ensure_demo_hall(db)
        yield db
    finally:
        db.dispose()
