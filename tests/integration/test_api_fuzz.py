"""schemathesis signed out on SQLite: every value drawn freely (tests/support/fuzz.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.fuzz import fuzz_server, fuzz_signed_out
from tests.support.server import RunningServer

pytestmark = pytest.mark.server


@pytest.fixture
def server(instance: Path, demo_sqlite: Path) -> Iterator[RunningServer]:
    yield from fuzz_server(instance)


def test_the_served_openapi_and_the_server_agree_signed_out(server: RunningServer, tmp_path: Path) -> None:
    fuzz_signed_out(server, tmp_path / "st")
