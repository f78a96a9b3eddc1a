"""Parsing ``--windows`` for ``bianmin staff add``."""

from __future__ import annotations

import pytest

from bianmin.staff.cli import parse_windows


@pytest.mark.parametrize("text, numbers", [("3,24", [3, 24]), ("24, 3,3", [3, 24]),
                                           ("3号，24号", [3, 24]), ("", None), (None, None)])
def test_window_lists(text: str | None, numbers: list[int] | None) -> None:
    assert parse_windows(text) == numbers


@pytest.mark.parametrize("text", ["3,x", "3;24", "-1", "3,,24"])
def test_bad_window_lists_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_windows(text)
