"""The announcement audio and the hall's clips over HTTP (the app, then a real server)."""

from __future__ import annotations

import io
import json
import re
import wave

import requests

from bianmin.app import create_app
from bianmin.devices.service import add_device, enrol
from bianmin.staff.service import add_staff
from tests.support.factories import make_hall
from tests.support.server import start_server
from tests.unit.test_voice import tone

PASSWORD = "voice-pass-1"
FAST = "pbkdf2:sha256:1000"
URL = "/api/v1/halls/demo/announcements"


def seconds_of(wav: bytes) -> float:
    with wave.open(io.BytesIO(wav), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        return w.getnframes() / w.getframerate()


def test_the_announcement_is_a_wav_of_plausible_length_and_cached(client) -> None:  # type: ignore[no-untyped-def]
    first = client.get(f"{URL}/A012/1.wav")
    assert first.status_code == 200, first.get_json()
    assert first.mimetype == "audio/wav" and first.headers["X-Voice-Cache"] == "miss"
    assert 2.0 <= seconds_of(first.data) <= 8.0
    second = client.get(f"{URL}/A012/1.wav")
    assert second.headers["X-Voice-Cache"] == "hit" and second.data == first.data
    recall = client.get(f"{URL}/A012/1.wav?recall=1")
    assert recall.headers["X-Voice-Cache"] == "miss"
    assert seconds_of(recall.data) > seconds_of(first.data)


def test_bad_inputs_get_chinese_errors(client) -> None:  # type: ignore[no-untyped-def]
    cases = {
        f"{URL}/a012/1.wav": (400, "bad_ticket_number"),
        f"{URL}/A12/1.wav": (400, "bad_ticket_number"),
        f"{URL}/A012/0.wav": (400, "bad_window"),
        f"{URL}/A012/1000.wav": (400, "bad_window"),
        f"{URL}/A012/x.wav": (400, "bad_window"),
        f"{URL}/A012/998.wav": (404, "unknown_window"),
        f"{URL}/A012/1.wav?recall=yes": (400, "bad_recall"),
        "/api/v1/halls/nohall/announcements/A012/1.wav": (404, "unknown_hall"),
    }
    for url, (status, code) in cases.items():
        answer = client.get(url)
        assert (answer.status_code, answer.get_json()["error"]) == (status, code), url
        assert any("\u4e00" <= ch <= "\u9fff" for ch in answer.get_json()["message"]), url


def test_a_closed_hall_wants_an_enrolled_screen(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = create_app(settings.replace(open_kiosks=False))
    try:
        db = app.extensions["bianmin"].db
        with db.write() as session:
            hall = make_hall(session, code="town")
        client = app.test_client()
        url = f"/api/v1/halls/town/announcements/A012/{min(hall.windows)}.wav"
        refused = client.get(url)
        assert refused.status_code == 401 and refused.get_json()["error"] == "device_required"
        _, code = add_device(db, "town", "lobby-1", "lobby")
        token = enrol(db, code).token
        heard = client.get(url, headers={"Authorization": f"Device {token}"})
        assert heard.status_code == 200 and heard.mimetype == "audio/wav"
    finally:
        app.extensions["bianmin"].db.dispose()


def sign_in(client, username: str) -> None:  # type: ignore[no-untyped-def]
    answer = client.post("/api/v1/session", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.get_json()


def test_only_the_halls_manager_lists_and_replaces_clips(client, db) -> None:  # type: ignore[no-untyped-def]
    add_staff(db, hall_code="demo", username="boss", password=PASSWORD, role="manager", hash_method=FAST)
    add_staff(db, hall_code="demo", username="zhang", password=PASSWORD, windows=[1], hash_method=FAST)
    clips = "/api/v1/halls/demo/voice/clips"
    assert client.get(clips).status_code == 401
    assert client.put(f"{clips}/qing", data=tone(0.4), content_type="audio/wav").status_code == 401
    client.post("/api/v1/session", json={"username": "zhang", "password": PASSWORD, "window": 1})
    refused = client.put(f"{clips}/qing", data=tone(0.4), content_type="audio/wav")
    assert refused.status_code == 403 and refused.get_json()["error"] == "manager_only"
    client.delete("/api/v1/session")
    sign_in(client, "boss")
    listed = client.get(clips).get_json()["clips"]
    assert len(listed) == 8 + 10 + 26 + 1 and not any(c["own"] for c in listed)
    before = client.get(f"{URL}/A012/1.wav").data
    stored = client.put(f"{clips}/qing", data=tone(0.4), content_type="audio/wav")
    assert stored.status_code == 200, stored.get_json()
    assert stored.get_json() == {"name": "qing", "says": "请", "own": True, "seconds": 0.4, "rate": 22050}
    after = client.get(f"{URL}/A012/1.wav")
    assert after.headers["X-Voice-Cache"] == "miss" and after.data != before
    bad = client.put(f"{clips}/qing", data=tone(0.4, channels=2), content_type="audio/wav")
    assert bad.status_code == 400 and bad.get_json()["error"] == "bad_clip" and "单声道" in bad.get_json()["message"]
    unknown = client.put(f"{clips}/hello", data=tone(0.4), content_type="audio/wav")
    assert unknown.status_code == 404 and unknown.get_json()["error"] == "unknown_clip"
    # a long clip at 44.1 kHz is larger than the API's usual 64 KB JSON limit: still taken
    long = client.put(f"{clips}/chuangkou", data=tone(2.5, 44100), content_type="audio/wav")
    assert long.status_code == 200 and long.get_json()["rate"] == 44100, long.get_json()
    big = client.put(f"{clips}/qing", data=bytes(700 * 1024), content_type="audio/wav")
    assert big.status_code == 413
    # an unknown hall is 404 (the one rule of bianmin/api/managers.py)
    assert client.get("/api/v1/halls/other/voice/clips").status_code == 404
    assert client.get(clips).get_json()["clips"][0] == {
        "name": "qing", "says": "请", "own": True, "seconds": 0.4, "rate": 22050}


def test_the_lobby_page_carries_the_repeat_setting_and_the_audio_address(settings) -> None:  # type: ignore[no-untyped-def]
    app = create_app(settings.replace(announce_repeat=2))
    try:
        page = app.test_client().get("/display/demo/lobby").get_data(as_text=True)
    finally:
        app.extensions["bianmin"].db.dispose()
    config = json.loads(re.search(r'id="screen-config">(.*?)</script>', page).group(1))  # type: ignore[union-attr]
    assert config["announce"] == {"repeat": 2, "audio": "/api/v1/halls/demo/announcements/"}


def test_a_real_server_serves_and_caches_the_audio(instance, demo_sqlite) -> None:  # type: ignore[no-untyped-def]
    server = start_server(instance, env={"BIANMIN_SECRET_KEY": "voice", "BIANMIN_PRINTER": "none"})
    try:
        url = f"{server.url}{URL}/B105/24.wav"
        first = requests.get(url, timeout=20)
        assert first.status_code == 200 and first.headers["Content-Type"] == "audio/wav"
        assert first.headers["X-Voice-Cache"] == "miss" and 2.0 <= seconds_of(first.content) <= 8.0
        second = requests.get(url, timeout=20)
        assert second.headers["X-Voice-Cache"] == "hit" and second.content == first.content
        assert len(list((instance / "voice-cache" / "demo").glob("B105-24-*.wav"))) == 1
        bad = requests.get(f"{server.url}{URL}/B105/0.wav", timeout=20)
        assert bad.status_code == 400 and bad.json()["error"] == "bad_window"
        assert "Traceback" not in server.log()
    finally:
        server.stop()
