"""The real ``bianmin catalog check|import`` and ``bianmin hall add`` commands, in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.catalog_text import catalog, heading, row

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "bianmin" / "catalog" / "demo_catalog.txt"


def bianmin(*args: str, instance: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BIANMIN_")}
    environment.update(env or {})
    command = [sys.executable, "-m", "bianmin", *args]
    if instance is not None:
        command += ["--instance", str(instance)]
    return subprocess.run(command, capture_output=True, text=True, env=environment, cwd=REPO, timeout=120)


def query(instance: Path, sql: str) -> list[tuple]:
    engine = create_engine(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


@pytest.fixture
def malformed(tmp_path: Path) -> Path:
    path = tmp_path / "malformed.txt"
    path.write_text(catalog(heading("其他便民服务事项 2个"), row(1, "暖气维修", department="中心"),
                            row(2, "暖气报停", window="二十二号")), encoding="utf-8")
    return path


def test_check_json_reports_the_catalog_and_writes_nothing(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    result = bianmin("catalog", "check", str(CATALOG), "--json", instance=instance)
    assert result.returncode == 1, result.stderr  # anomalies only: importable
    body = json.loads(result.stdout)
    assert body["scenarios"] == 166
    assert body["windows"] == [1, 2, 3, 4, *range(6, 27)]
    assert {"name": "15-20号窗口", "windows": [15, 16, 17, 18, 19, 20], "prefix": "L"} in body["queues"]
    assert [s["scenario_count"] for s in body["sections"]] == [27, 7, 14, 19, 99]
    duplicate = next(a for a in body["anomalies"] if a["kind"] == "duplicate")
    assert (duplicate["line"], duplicate["other_line"]) == (15, 14)
    assert set(duplicate) >= {"line", "kind", "message"}
    assert body["anomaly_counts"]["doubtful_inheritance"] == 5
    assert not (instance / "bianmin.sqlite3").exists()


def test_check_prints_a_report_for_people() -> None:
    result = bianmin("catalog", "check", str(CATALOG))
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert out.startswith("六十二团进驻便民大厅事项清单")
    assert "第111行  其他便民服务事项：99 个场景" in out
    assert "A  1-2号窗口：1, 2" in out
    assert "重复的行 duplicate（1）：第15行" in out
    assert "第232行  [待核对 doubtful_inheritance 合并单元格沿用可疑] 部门为空" in out
    assert out.rstrip().endswith("可以导入；有 149 处待核对（exit 1）。")


def test_check_reports_a_malformed_file_with_exit_2_and_a_missing_one_on_stderr(
    malformed: Path, tmp_path: Path
) -> None:
    result = bianmin("catalog", "check", str(malformed), "--json")
    assert result.returncode == 2
    assert result.stderr == ""
    errors = [p for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"]
    assert [(p["line"], p["code"]) for p in errors] == [(6, "bad_window")]
    assert "不是窗口号" in errors[0]["message"]
    missing = bianmin("catalog", "check", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2
    assert "找不到目录文件" in missing.stderr


def test_import_loads_the_demo_hall_reimports_in_place_and_refuses_a_malformed_file(
    malformed: Path, tmp_path: Path
) -> None:
    instance = tmp_path / "instance"
    first = bianmin("catalog", "import", str(CATALOG), "--hall", "demo", instance=instance)
    assert first.returncode == 0, first.stderr
    assert "新增 166" in first.stdout
    assert query(instance, "SELECT code, name, catalog_version FROM hall") == [("demo", "六十二团便民服务中心", 1)]
    assert query(instance, "SELECT count(*) FROM scenario WHERE active") == [(166,)]
    assert query(instance, "SELECT prefix, domain FROM window_group WHERE name = '15-20号窗口'") == [("L", "医疗保障")]
    ids = query(instance, "SELECT id, name FROM scenario ORDER BY id")
    again = bianmin("catalog", "import", str(CATALOG), instance=instance)  # default hall: demo
    assert again.returncode == 0, again.stderr
    assert "未变 166" in again.stdout
    assert query(instance, "SELECT id, name FROM scenario ORDER BY id") == ids
    assert query(instance, "SELECT catalog_version FROM hall") == [(2,)]
    refused = bianmin("catalog", "import", str(malformed), instance=instance)
    assert refused.returncode == 2
    assert "第6行" in refused.stderr and "没有写入任何数据" in refused.stderr
    assert query(instance, "SELECT catalog_version FROM hall") == [(2,)]
    assert query(instance, "SELECT id, name FROM scenario WHERE active ORDER BY id") == ids


def test_a_new_hall_needs_a_name_and_then_takes_its_own_profile(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    small = tmp_path / "wutuan.txt"
    small.write_text(catalog(heading("其他便民服务事项 1个"), row(1, "暖气维修", department="中心", window="21号窗口")),
                     encoding="utf-8")
    refused = bianmin("catalog", "import", str(small), "--hall", "wutuan", instance=instance)
    assert refused.returncode == 2
    assert "--name" in refused.stderr
    assert query(instance, "SELECT count(*) FROM hall") == [(0,)]
    broken = tmp_path / "broken.toml"
    broken.write_text("[queues]\n\"21号窗口\" = 21\n", encoding="utf-8")
    bad_profile = bianmin("catalog", "import", str(small), "--hall", "wutuan", "--name", "五团",
                          "--profile", str(broken), instance=instance)
    assert bad_profile.returncode == 2
    assert "broken.toml" in bad_profile.stderr and "非空文字" in bad_profile.stderr
    assert query(instance, "SELECT count(*) FROM hall") == [(0,)]
    (instance / "halls").mkdir()
    (instance / "halls" / "wutuan.toml").write_text('[queues]\n"21号窗口" = "供暖"\n[windows]\n21 = "暖气窗口"\n',
                                                      encoding="utf-8")
    done = bianmin("catalog", "import", str(small), "--hall", "wutuan", "--name", "五团便民服务中心", instance=instance)
    assert done.returncode == 0, done.stderr
    assert query(instance, "SELECT code, name FROM hall") == [("wutuan", "五团便民服务中心")]
    assert query(instance, "SELECT domain FROM window_group") == [("供暖",)]
    assert query(instance, "SELECT number, name FROM window") == [(21, "暖气窗口")]


def test_hall_add_refuses_duplicates_and_unknown_timezones(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    created = bianmin("hall", "add", "wutuan", "--name", "五团便民服务中心", "--timezone", "Asia/Urumqi", instance=instance)
    assert created.returncode == 0, created.stderr
    assert query(instance, "SELECT code, timezone, complaint_phone FROM hall") == [("wutuan", "Asia/Urumqi", "12345")]
    again = bianmin("hall", "add", "wutuan", "--name", "另一个", instance=instance)
    assert again.returncode == 2
    assert "已经有代码" in again.stderr
    bad_zone = bianmin("hall", "add", "liutuan", "--name", "六团", "--timezone", "Mars/Olympus", instance=instance)
    assert bad_zone.returncode == 2
    assert "时区" in bad_zone.stderr
    assert query(instance, "SELECT code FROM hall") == [("wutuan",)]


def test_without_auto_migrate_an_old_database_is_refused(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    result = bianmin("catalog", "import", str(CATALOG), instance=instance, env={"BIANMIN_AUTO_MIGRATE": "0"})
    assert result.returncode == 2
    assert "bianmin db upgrade" in result.stderr


def test_a_locked_database_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    assert bianmin("hall", "add", "wutuan", "--name", "五团", instance=instance).returncode == 0
    engine = create_engine(f"sqlite:///{instance / 'bianmin.sqlite3'}", isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as writer:
            writer.exec_driver_sql("BEGIN IMMEDIATE")  # another process holds the write lock
            result = bianmin("catalog", "import", str(CATALOG), "--hall", "wutuan", instance=instance,
                             env={"BIANMIN_SQLITE_BUSY_TIMEOUT_MS": "200"})
            writer.exec_driver_sql("ROLLBACK")
    finally:
        engine.dispose()
    assert result.returncode == 2
    assert "没有写入任何数据" in result.stderr
    assert query(instance, "SELECT count(*) FROM scenario") == [(0,)]
