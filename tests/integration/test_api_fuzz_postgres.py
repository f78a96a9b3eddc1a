"""schemathesis signed in as a manager at a window, on PostgreSQL (tests/support/fuzz.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bianmin.db import Database
from tests.support.fuzz import fuzz_server, fuzz_signed_in
from tests.support.server import RunningServer

pytestmark = [pytest.mark.server, pytest.mark.postgres]


@pytest.fixture
def server(instance: Path, pg_db: Database, postgres_demo: str) -> Iterator[RunningServer]:
    yield from fuzz_server(instance, BIANMIN_DATABASE_URL=postgres_demo)


def test_the_served_openapi_and_the_server_agree_on_postgresql(
    server: RunningServer, pg_db: Database, tmp_path: Path
) -> None:
    fuzz_signed_in(server, pg_db, tmp_path / "st")
