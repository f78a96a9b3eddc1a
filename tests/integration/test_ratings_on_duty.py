"""The rating tablet's idle screen: 工号 and photo from the command line, who is on duty."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image


def cli(instance: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIANMIN_")}
    return subprocess.run([sys.executable, "-m", "bianmin", "staff", *args, "--instance", str(instance)],
                          capture_output=True, text=True, env=env, timeout=60)


def jpeg(path: Path, size: tuple[int, int] = (40, 50)) -> Path:
    Image.new("RGB", size, (200, 30, 30)).save(path, "JPEG")
    return path


def test_employee_number_and_photo_reach_the_on_duty_answer(client, instance: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    added = cli(instance, "add", "wang", "--password", "guichuang-3", "--windows", "3",
                "--name", "王五", "--employee-no", "JM-023")
    assert added.returncode == 0, added.stderr
    nobody = client.get("/api/v1/halls/demo/windows/3/on-duty")
    assert nobody.status_code == 200 and nobody.get_json()["staff"] == []
    photo = cli(instance, "photo", "wang", str(jpeg(tmp_path / "wang.jpg")))
    assert photo.returncode == 0, photo.stderr
    signed = client.post("/api/v1/session", json={"username": "wang", "password": "guichuang-3", "window": 3})
    assert signed.status_code == 200
    tablet = client.application.test_client()  # another browser: the tablet, not signed in
    duty = tablet.get("/api/v1/halls/demo/windows/3/on-duty").get_json()
    assert [(s["name"], s["employee_no"]) for s in duty["staff"]] == [("王五", "JM-023")]
    image = tablet.get(duty["staff"][0]["photo_url"])
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(image.data)).size == (40, 50)
    client.delete("/api/v1/session")
    assert tablet.get("/api/v1/halls/demo/windows/3/on-duty").get_json()["staff"] == []
    assert tablet.get("/api/v1/halls/demo/windows/999/on-duty").status_code == 404


def test_photos_that_are_not_jpeg_or_png_or_too_large_are_refused(client, instance: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli(instance, "add", "li", "--password", "guichuang-3").returncode == 0
    text = tmp_path / "photo.jpg"
    text.write_text("not an image", encoding="utf-8")
    refused = cli(instance, "photo", "li", str(text))
    assert refused.returncode == 1 and "JPEG 或 PNG" in refused.stderr
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(1_000_001))
    too_large = cli(instance, "photo", "li", str(big))
    assert too_large.returncode == 1 and "1 MB" in too_large.stderr
    unknown = cli(instance, "photo", "nobody", str(jpeg(tmp_path / "x.jpg")))
    assert unknown.returncode == 1
    staff_id = client.application.extensions["bianmin"].db
    with staff_id.read() as session:
        from sqlalchemy import select

        from bianmin.staff.models import Staff

        li = session.scalar(select(Staff).where(Staff.username == "li"))
        assert li.photo == ""
        li_id = li.id
    missing = client.get(f"/api/v1/staff/{li_id}/photo")
    assert missing.status_code == 404 and missing.get_json()["error"] == "no_photo"


def test_a_bad_employee_number_is_refused(client, instance: Path) -> None:  # type: ignore[no-untyped-def]
    done = cli(instance, "add", "zhao", "--password", "guichuang-3", "--employee-no", "工号 1")
    assert done.returncode == 1 and "工号" in done.stderr


def test_moving_to_another_window_tells_both_tablets(app, client, instance: Path) -> None:  # type: ignore[no-untyped-def]
    from bianmin.realtime import socketio_of

    assert cli(instance, "add", "zhou", "--password", "guichuang-3", "--windows", "1,2").returncode == 0
    tablets = {n: socketio_of(app).test_client(app, namespace="/hall", auth={"hall": "demo", "window": n})
               for n in (1, 2)}
    for tablet in tablets.values():
        tablet.get_received("/hall")  # the snapshot
    assert client.post("/api/v1/session", json={"username": "zhou", "password": "guichuang-3",
                                                "window": 1}).status_code == 200
    assert client.post("/api/v1/session", json={"username": "zhou", "password": "guichuang-3",
                                                "window": 2}).status_code == 200
    told = {n: [m["args"][0]["window"] for m in t.get_received("/hall") if m["name"] == "window.on_duty"]
            for n, t in tablets.items()}
    # window 1: zhou arrived, then left (the same browser signed in at window 2)
    assert told == {1: [1, 1], 2: [2]}
    assert client.get("/api/v1/halls/demo/windows/1/on-duty").get_json()["staff"] == []
    assert [s["name"] for s in client.get("/api/v1/halls/demo/windows/2/on-duty").get_json()["staff"]] == ["zhou"]
    for tablet in tablets.values():
        tablet.disconnect(namespace="/hall")
