"""schemathesis signed in as a manager at a window, on SQLite (tests/support/fuzz.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bianmin.db import Database
from tests.support.fuzz import fuzz_server, fuzz_signed_in
from tests.support.server import RunningServer

pytestmark = pytest.mark.server


@pytest.fixture
def server(instance: Path, demo_sqlite: Path) -> Iterator[RunningServer]:
    yield from fuzz_server(instance)


def test_the_served_openapi_and_the_server_agree_on_sqlite(
    server: RunningServer, demo_sqlite: Path, tmp_path: Path
) -> None:
    db = Database(f"sqlite:///{demo_sqlite}")
    try:
        fuzz_signed_in(server, db, tmp_path / "st")
    finally:
        db.dispose()
