"""Alembic environment: runs against the connection or URL that bianmin.migrate hands in."""

from alembic import context
from sqlalchemy import create_engine

from bianmin.models import metadata

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_with(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run_with(conn)
    engine.dispose()


def _run_with(connection) -> None:  # type: ignore[no-untyped-def]
    sqlite = connection.dialect.name == "sqlite"
    if connection.in_transaction():
        # the caller began the transaction and commits it
        _configure(connection, sqlite)
        with context.begin_transaction():
            context.run_migrations()
        return
    # A batch migration rebuilds a SQLite table (create the new one, copy, drop the old,
    # rename). With foreign keys enforced, dropping a table that others point at (scenario, by
    # material and ticket) fails. SQLite's own recipe: keys off outside the transaction, every
    # key checked before the commit, keys on again. The transaction is begun here, before
    # Alembic looks: it then runs every migration in it (on its own, Alembic commits each
    # migration apart on SQLite), so a failing one, or a broken key, leaves the database as
    # it was.
    if sqlite:
        _pragma(connection, "PRAGMA foreign_keys=OFF")
    try:
        with connection.begin():
            _configure(connection, sqlite)
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration would break foreign keys: {broken[:5]}")
    finally:
        if sqlite:
            _pragma(connection, "PRAGMA foreign_keys=ON")


def _configure(connection, sqlite: bool) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )


def _pragma(connection, statement: str) -> None:  # type: ignore[no-untyped-def]
    """A PRAGMA on the driver's connection: SQLite ignores foreign_keys inside a transaction."""
    connection.connection.driver_connection.execute(statement)


run()
