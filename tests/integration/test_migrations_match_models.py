"""The migrations build exactly the schema the models describe (on SQLite and PostgreSQL),
and migration 0004 (好差评) goes down and up again."""

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
