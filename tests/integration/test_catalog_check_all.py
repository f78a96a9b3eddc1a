"""``bianmin catalog check`` reports every error and anomaly in one run, in line order.

Real subprocesses: the exit status tells clean / anomalies only / errors, and a reader that
closes the pipe early (``| head -1``) ends the command quietly.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.test_catalog_cli import REPO, bianmin, query
from tests.support.catalog_text import catalog, heading, row, simple_catalog

# title 1, blank 2, header 3, heading 4, then rows from line 5
THREE_BAD_LINES = catalog(
    heading("其他便民服务事项 6个"),
    row(1, "暖气维修", department="62团便民服务中心"),       # 5
    row("二", "暖气报停"),                                     # 6  error: 序号 not a number
    row(3, "暖气开通", phone=""),                              # 7  anomaly: no phone
    row(4, "暖气缴费", window="综合窗口"),                     # 8  error: not a window
    row(5, "暖气补贴"),                                        # 9
    "\t".join(["6", "中心", "", "暖气退费", "公共服务", "无"]),  # 10 error: a cell cut the row
)


@pytest.fixture
def three_bad(tmp_path: Path) -> Path:
    path = tmp_path / "three-bad.txt"
    path.write_text(THREE_BAD_LINES, encoding="utf-8")
    return path


def written(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_three_bad_lines_are_all_reported_in_line_order_in_one_run(three_bad: Path) -> None:
    result = bianmin("catalog", "check", str(three_bad), "--json")
    assert result.returncode == 2 and result.stderr == ""
    body = json.loads(result.stdout)
    assert [(p["line"], p["severity"], p["code"]) for p in body["problems"]] == [
        (6, "error", "bad_seq"),
        (7, "warning", "missing_phone"),
        (8, "error", "bad_window"),
        (10, "error", "wrong_columns"),
    ]
    assert all(p["message"] for p in body["problems"])
    assert [e["line"] for e in body["errors"]] == [6, 8, 10]
    # the rows that could be read are still reported on; the refused ones still count
    assert body["scenarios"] == 3
    assert body["sections"][0]["scenario_count"] == 6
    assert body["status"] == 2

    text = bianmin("catalog", "check", str(three_bad))
    assert text.returncode == 2 and text.stderr == ""
    positions = [text.stdout.index(f"第{line}行  [") for line in (6, 7, 8, 10)]
    assert positions == sorted(positions)
    assert "[错误 bad_seq" in text.stdout and "[待核对 missing_phone" in text.stdout
    assert text.stdout.rstrip().endswith("有 3 处错误：改正后才能导入（exit 2）。")


def test_exit_status_tells_clean_from_anomalies_from_errors(tmp_path: Path, three_bad: Path) -> None:
    clean = written(tmp_path, "clean.txt", simple_catalog(["暖气维修", "暖气报停"]))
    warned = written(tmp_path, "warned.txt", catalog(
        heading("其他便民服务事项 1个"), row(1, "暖气维修", department="62团便民服务中心", phone="")))
    for path, status in ((clean, 0), (warned, 1), (three_bad, 2)):
        for mode in ((), ("--json",)):
            result = bianmin("catalog", "check", str(path), *mode)
            assert result.returncode == status, (path.name, mode, result.stdout, result.stderr)
    assert json.loads(bianmin("catalog", "check", str(clean), "--json").stdout)["problems"] == []
    help_text = bianmin("catalog", "check", "--help").stdout
    assert "0 clean" in help_text and "1 anomalies only" in help_text and "2 errors" in help_text


@pytest.mark.parametrize("mode", [(), ("--json",)])
def test_a_closed_pipe_ends_quietly(mode: tuple[str, ...]) -> None:
    """The reader is gone before the report is written: no traceback, the check's status."""
    command = [sys.executable, "-m", "bianmin", "catalog", "check", "--demo", *mode]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `| head -0`: the read end closes before anything is read
    with process.stderr:
        stderr = process.stderr.read()
    assert process.wait(timeout=120) == 1  # the demo catalog has anomalies only
    assert stderr == b""


@pytest.mark.parametrize("mode, head", [("", "head -1"), ("--json", "head -c 100")])
def test_piped_into_head_prints_the_start_and_nothing_on_stderr(
    tmp_path: Path, mode: str, head: str
) -> None:
    """A report far larger than the pipe's buffer: head leaves while the writer still writes."""
    demo = (REPO / "bianmin" / "catalog" / "demo_catalog.txt").read_text(encoding="utf-8")
    big = written(tmp_path, "big.txt", demo * 4)  # ~180 kB of report, ~390 kB of JSON
    pipeline = f"'{sys.executable}' -m bianmin catalog check '{big}' {mode} | {head}"
    result = subprocess.run(["sh", "-c", pipeline], capture_output=True, text=True, cwd=REPO,
                            timeout=120)
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.startswith("{" if mode else "六十二团进驻便民大厅事项清单")


def test_import_refuses_a_file_with_errors_lists_them_all_and_writes_nothing(
    tmp_path: Path, three_bad: Path
) -> None:
    instance = tmp_path / "instance"
    assert bianmin("hall", "add", "xinhe", "--name", "新河镇", instance=instance).returncode == 0
    refused = bianmin("catalog", "import", str(three_bad), "--hall", "xinhe", instance=instance)
    assert refused.returncode == 2 and refused.stdout == ""
    lines = [line for line in refused.stderr.splitlines() if line.startswith("  第")]
    assert [line.split("行")[0].strip() for line in lines] == ["第6", "第8", "第10"]
    assert "没有写入任何数据" in refused.stderr
    assert query(instance, "SELECT code, catalog_version FROM hall") == [("xinhe", 0)]
    assert query(instance, "SELECT count(*) FROM scenario") == [(0,)]


def test_import_demo_rebuilds_the_demo_hall_from_the_packaged_catalog(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    done = bianmin("catalog", "import", "--demo", instance=instance)
    assert done.returncode == 0, done.stderr
    assert "已导入 demo（六十二团便民服务中心）：新增 166" in done.stdout
    assert query(instance, "SELECT code, name FROM hall") == [("demo", "六十二团便民服务中心")]
    assert query(instance, "SELECT prefix, domain FROM window_group WHERE name = '15-20号窗口'") == [
        ("L", "医疗保障")]
    again = bianmin("catalog", "import", "--demo", instance=instance)
    assert again.returncode == 0 and "未变 166" in again.stdout
    both = bianmin("catalog", "import", "--demo", "some.txt", instance=instance)
    other_hall = bianmin("catalog", "import", "--demo", "--hall", "xinhe", instance=instance)
    assert both.returncode == other_hall.returncode == 2
    assert query(instance, "SELECT catalog_version FROM hall") == [(2,)]
