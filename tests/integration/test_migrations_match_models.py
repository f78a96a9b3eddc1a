"""The migrations build exactly the schema the models describe (on SQLite and PostgreSQL),
and migration 0004 (好差评) goes down and up again; a hall with tickets upgrades across a
SQLite table rebuild."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bianmin import migrate
from bianmin.db import Database
from bianmin.models import metadata


def test_migrated_schema_equals_the_models(any_db: Database) -> None:
    with any_db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_0004_downgrades_and_upgrades(empty_db: Database) -> None:
    from alembic import command

    config = migrate.alembic_config(empty_db)
    with empty_db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    tables = set(inspect(empty_db.engine).get_table_names())
    assert not {"rating", "rating_follow_up", "rating_follow_up_note"} & tables
    assert "employee_no" not in {c["name"] for c in inspect(empty_db.engine).get_columns("staff")}
    migrate.upgrade(empty_db)
    assert {"rating", "rating_follow_up", "rating_follow_up_note"} <= set(
        inspect(empty_db.engine).get_table_names())


def test_a_hall_with_tickets_upgrades_across_a_table_rebuild(demo_sqlite, empty_db: Database) -> None:  # type: ignore[no-untyped-def]
    """SQLite rebuilds ``scenario`` (0010: a nullable column) while material and ticket rows
    point at it: the migration turns foreign keys off around the rebuild, checks every key
    before the commit and turns them on again."""
    from alembic import command
    from sqlalchemy import text

    from bianmin.queue.tickets import issue_ticket

    db = Database(f"sqlite:///{demo_sqlite}")
    with db.read() as session:
        scenario = session.execute(text("SELECT id FROM scenario ORDER BY id LIMIT 1")).scalar()
    issued = issue_ticket(db, hall_code="demo", scenario_id=scenario)
    command.downgrade(migrate.alembic_config(db), "0009")
    migrate.upgrade(db)
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT scenario_id FROM ticket WHERE id = :id"),
                                  {"id": issued.ticket_id}).scalar() == scenario
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    assert migrate.is_current(db)
    db.dispose()
