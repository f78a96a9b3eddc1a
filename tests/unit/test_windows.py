"""The 窗口号 cell: single windows, groups as one queue, and deterministic prefix letters."""

from __future__ import annotations

import pytest

from bianmin.catalog.windows import WindowCellError, assign_prefixes, parse_window_cell


@pytest.mark.parametrize(
    ("text", "name", "windows"),
    [
        ("7号窗口", "7号窗口", (7,)),
        ("1-2号窗口", "1-2号窗口", (1, 2)),
        ("15-20号窗口", "15-20号窗口", (15, 16, 17, 18, 19, 20)),
        ("15－20号窗口", "15-20号窗口", (15, 16, 17, 18, 19, 20)),
        (" 11 - 12 号窗口 ", "11-12号窗口", (11, 12)),
        ("8、7号窗口", "7、8号窗口", (7, 8)),
        ("24窗口", "24号窗口", (24,)),
    ],
)
def test_window_cells(text: str, name: str, windows: tuple[int, ...]) -> None:
    cell = parse_window_cell(text)
    assert (cell.queue_name, cell.windows) == (name, windows)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("0999-3173033", "不是窗口号"),
        ("综合窗口", "不是窗口号"),
        ("15-20", "不是窗口号"),
        ("20-15号窗口", "范围不对"),
        ("0号窗口", "0 号窗口"),
        ("1-99号窗口", "太多"),
        ("7、7号窗口", "重复"),
    ],
)
def test_cells_that_are_not_windows_are_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(WindowCellError, match=says):
        parse_window_cell(text)


def test_prefixes_follow_the_lowest_window_so_1_2_is_a() -> None:
    prefixes = assign_prefixes([(10,), (15, 16, 17, 18, 19, 20), (1, 2), (3,), (11, 12), (3,)])
    assert prefixes == {(1, 2): "A", (3,): "B", (10,): "C", (11, 12): "D", (15, 16, 17, 18, 19, 20): "E"}


def test_a_window_alone_comes_before_a_group_starting_at_it() -> None:
    assert assign_prefixes([(15, 16), (15,)]) == {(15,): "A", (15, 16): "B"}


def test_more_than_26_queues_is_an_error() -> None:
    with pytest.raises(ValueError, match="27 queues"):
        assign_prefixes([(n,) for n in range(1, 28)])
