"""A hall's first day (docs/admin.md): an empty server, one ``bianmin staff add … --role
manager``, and the manager sets the hall up in the browser's API."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import requests

from tests.support.server import start_server

PASSWORD = "diyi-tian-1"


def bianmin(instance: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIANMIN_")}
    env["BIANMIN_LOAD_DEMO"] = "false"
    return subprocess.run([sys.executable, "-m", "bianmin", *args, "--instance", str(instance)],
                          capture_output=True, text=True, env=env, timeout=60)


def test_the_first_manager_of_an_empty_server_gets_the_hall_and_sets_it_up(tmp_path: Path) -> None:
    instance = tmp_path / "empty"
    # a staff member cannot come first: the hall is only created for a manager
    refused = bianmin(instance, "staff", "add", "zhang", "--password", PASSWORD, "--hall", "xinhe")
    assert refused.returncode == 1 and "服务中心" in refused.stderr
    done = bianmin(instance, "staff", "add", "wangwu", "--password", PASSWORD, "--hall", "xinhe",
                   "--role", "manager", "--name", "王五")
    assert done.returncode == 0, done.stderr
    assert "已新建服务中心 xinhe" in done.stdout and "/manage/hall" in done.stdout
    # once a hall exists, a mistyped hall stays an error
    typo = bianmin(instance, "staff", "add", "li", "--password", PASSWORD, "--hall", "xinhee",
                   "--role", "manager")
    assert typo.returncode == 1
    server = start_server(instance, env={"BIANMIN_SECRET_KEY": "first-day", "BIANMIN_LOAD_DEMO": "false",
                                         "BIANMIN_DEFAULT_HALL": "xinhe", "BIANMIN_PRINTER": "none"})
    try:
        manager = requests.Session()
        signed = manager.post(f"{server.url}/api/v1/session",
                              json={"username": "wangwu", "password": PASSWORD}, timeout=10)
        assert signed.status_code == 200, signed.text
        assert manager.get(f"{server.url}/manage/hall", timeout=10).status_code == 200
        hall = manager.patch(f"{server.url}/api/v1/halls/xinhe", json={
            "name": "新河镇便民服务中心", "complaint_phone": "0999-1234567",
            "hours": {"weekly": {d: [["09:30", "13:30"], ["16:00", "19:30"]]
                                 for d in ("mon", "tue", "wed", "thu", "fri")}}}, timeout=10)
        assert hall.status_code == 200, hall.text
        assert hall.json()["opening_hours"] == "周一至周五 09:30-13:30、16:00-19:30"
        added = manager.post(f"{server.url}/api/v1/halls/xinhe/staff", json={
            "username": "zhaoliu", "display_name": "赵六", "role": "manager"}, timeout=10)
        assert added.status_code == 201 and added.json()["password"]
        names = [a["username"] for a in manager.get(f"{server.url}/api/v1/halls/xinhe/staff",
                                                    timeout=10).json()["staff"]]
        assert names == ["wangwu", "zhaoliu"]
    finally:
        server.stop()
