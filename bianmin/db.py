"""Engine and transactions: short write transactions, SQLite tuned for many writers.

SQLite gets WAL, a busy timeout and ``BEGIN IMMEDIATE`` for write transactions, so that two
kiosks issuing tickets at once queue on the lock instead of failing with "database is
locked" at their first write. Reads use deferred transactions and never block writers.
``synchronous`` is FULL by default: in WAL mode NORMAL may lose the last commits on a power
cut, and a ticket number already printed could then be issued again (docs/tickets.md has
the measured cost).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    """Declarative base of every bianmin table."""


class Database:
    """Owns the engine and hands out read sessions and write transactions."""

    def __init__(self, url: str, *, busy_timeout_ms: int = 5000, echo: bool = False,
                 synchronous: str = "FULL") -> None:
        self.url = url
        self.engine = make_engine(url, busy_timeout_ms=busy_timeout_ms, echo=echo,
                                  synchronous=synchronous)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        writer = self.engine.execution_options(bianmin_write=True)
        self._write = sessionmaker(writer, expire_on_commit=False)
        # SQLite takes one writer at a time anyway; queueing writers of this process on a
        # lock is fair and prompt, where SQLite's busy handler sleeps in growing steps
        self._write_lock = threading.RLock() if self.is_sqlite else nullcontext()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; its transaction is rolled back at the end."""
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One short write transaction: commit on success, roll back on error.

        Publish events, print and sleep only after this block has left.
        """
        with self._write_lock, self._write() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


SYNCHRONOUS_LEVELS = ("FULL", "NORMAL")


def make_engine(url: str, *, busy_timeout_ms: int = 5000, echo: bool = False,
                synchronous: str = "FULL") -> Engine:
    if url.startswith("sqlite"):
        level = synchronous.upper()
        if level not in SYNCHRONOUS_LEVELS:
            raise ValueError(f"SQLite synchronous must be FULL or NORMAL, not {synchronous!r}")
        return _sqlite_engine(url, busy_timeout_ms, echo, level)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_engine(url: str, busy_timeout_ms: int, echo: bool, synchronous: str) -> Engine:
    in_memory = url in {"sqlite://", "sqlite:///:memory:"}
    kwargs: dict = {"echo": echo, "connect_args": {"check_same_thread": False}}
    if in_memory:
        from sqlalchemy.pool import StaticPool

        kwargs["poolclass"] = StaticPool
    elif url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # let SQLAlchemy, not pysqlite, decide when a transaction begins
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        write = connection.get_execution_options().get("bianmin_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine

