"""The server box's and kiosk box's files in deploy/: systemd units that systemd accepts, an
nginx sample that upgrades Socket.IO's WebSocket, a udev rule for the USB printer."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
BIANMIN = str(Path(sys.executable).with_name("bianmin"))


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / "systemd" / name, encoding="utf-8")
    return parser


def test_server_unit_keys() -> None:
    unit = _unit("bianmin.service")
    service = unit["Service"]
    assert service["User"] == "bianmin"
    assert service["Restart"] == "on-failure"
    assert service["StateDirectory"] == "bianmin"
    assert "BIANMIN_INSTANCE=/var/lib/bianmin" in service["Environment"] or any(
        "BIANMIN_INSTANCE=/var/lib/bianmin" in line
        for line in (DEPLOY / "systemd" / "bianmin.service").read_text().splitlines())
    assert service["StandardOutput"] == "journal"
    assert service["ExecStart"].split()[1:3] == ["serve", "--host"]
    assert service["ProtectSystem"] == "strict" and service["NoNewPrivileges"] == "yes"
    # the one place it writes must stay writable under ProtectSystem=strict
    assert "/var/lib/bianmin" in service["ReadWritePaths"]
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_kiosk_unit_keys() -> None:
    unit = _unit("bianmin-kiosk.service")
    assert "kiosk-launcher" in unit["Service"]["ExecStart"]
    assert unit["Service"]["Restart"] == "always"


@pytest.mark.parametrize("name", ["bianmin.service", "bianmin-kiosk.service"])
def test_systemd_accepts_the_units(name: str, tmp_path: Path) -> None:
    assert shutil.which("systemd-analyze"), "systemd-analyze (Debian's systemd) is needed here"
    # the real command of this checkout, so that verify can check the executable too
    text = (DEPLOY / "systemd" / name).read_text().replace("/opt/bianmin/venv/bin/bianmin", BIANMIN)
    (tmp_path / name).write_text(text)
    result = subprocess.run(["systemd-analyze", "verify", str(tmp_path / name)],
                            capture_output=True, text=True, timeout=60)
    problems = [line for line in result.stderr.splitlines()
                if name in line or "Unknown" in line or "Invalid" in line]
    assert result.returncode == 0 and not problems, result.stderr


def test_nginx_sample_upgrades_websockets() -> None:
    text = (DEPLOY / "nginx" / "bianmin.conf").read_text()
    socket_io = re.search(r"location /socket\.io/ \{(.*?)\n    \}", text, re.S)
    assert socket_io, "no location for /socket.io/"
    block = socket_io.group(1)
    assert "proxy_http_version 1.1;" in block
    assert "proxy_set_header Upgrade $http_upgrade;" in block
    assert "proxy_set_header Connection $connection_upgrade;" in block
    assert re.search(r"map \$http_upgrade \$connection_upgrade \{\s*default upgrade;", text)
    assert "location = /healthz" in text
    assert "server 127.0.0.1:5000;" in text


def test_nginx_accepts_the_sample(tmp_path: Path) -> None:
    # scripts/test installs Debian's nginx (not started: only its configuration check runs)
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    assert nginx, "nginx is needed for this check: scripts/test installs it"
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"pid {tmp_path}/nginx.pid; error_log stderr; events {{}}\n"
                    f"http {{ include {DEPLOY / 'nginx' / 'bianmin.conf'}; }}\n")
    result = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(tmp_path)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_udev_rule_gives_the_printer_group() -> None:
    rules = [line for line in (DEPLOY / "udev" / "99-bianmin-printer.rules").read_text()
             .splitlines() if line.strip() and not line.startswith("#")]
    assert rules
    for rule in rules:
        assert 'MODE="0660"' in rule and 'GROUP="lp"' in rule, rule
    # the id the printing docs use as their example
    assert any('ATTRS{idVendor}=="0416", ATTRS{idProduct}=="5011"' in rule for rule in rules)
    assert "usb://0416:5011" in (DEPLOY.parent / "docs" / "printing.md").read_text()
    assert "SupplementaryGroups=lp" in (DEPLOY / "systemd" / "bianmin.service").read_text()


def test_the_autostart_entry_starts_the_kiosk_unit_with_the_display() -> None:
    """Xfce under LightDM starts no graphical-session.target: the desktop's autostart does."""
    entry = configparser.ConfigParser(interpolation=None)
    entry.read_string((DEPLOY / "xdg" / "bianmin-kiosk.desktop").read_text())
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert "systemctl --user import-environment DISPLAY XAUTHORITY" in desktop["Exec"]
    assert desktop["Exec"].rstrip("'").endswith("systemctl --user start bianmin-kiosk")
    assert (DEPLOY / "systemd" / "bianmin-kiosk.service").exists()
