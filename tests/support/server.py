"""Start real ``bianmin serve`` processes for tests and benchmarks, and stop them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RunningServer:
    url: str
    port: int
    process: subprocess.Popen
    log_path: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_server(
    instance: Path,
    *,
    async_mode: str = "eventlet",
    env: dict[str, str] | None = None,
    port: int | None = None,
    timeout: float = 30.0,
) -> RunningServer:
    port = port or free_port()
    instance.mkdir(parents=True, exist_ok=True)
    log_path = instance / f"server-{port}.log"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BIANMIN_")}
    environment.update(env or {})
    command = [
        sys.executable, "-m", "bianmin", "serve",
        "--instance", str(instance), "--port", str(port), "--async-mode", async_mode,
    ]
    # the child keeps its own handle on the log; ours is closed at once
    with log_path.open("w", encoding="utf-8") as log_file:
        process = subprocess.Popen(
            command, stdout=log_file, stderr=subprocess.STDOUT, env=environment
        )
    server = RunningServer(f"http://127.0.0.1:{port}", port, process, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"bianmin serve exited with {process.returncode}:\n{server.log()}")
        try:
            with urlopen(server.url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return server
        except (URLError, ConnectionError, OSError):
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"bianmin serve did not answer within {timeout} s:\n{server.log()}")
