"""The device registry on SQLite and PostgreSQL: codes, enrolment, tokens, revocation."""

from __future__ import annotations

import concurrent.futures
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bianmin.audit.models import AuditEvent
from bianmin.catalog.errors import UnknownHall
from bianmin.devices.errors import BadEnrolCode, DeviceNameTaken, InvalidDevice, UnknownDevice
from bianmin.devices.models import Device
from bianmin.devices.service import (
    add_device,
    device_for_token,
    digest,
    enrol,
    list_devices,
    new_code,
    revoke,
)
from bianmin.printer.device import InvalidPrinterUrl
from tests.support.calling import Counter

T0 = datetime(2026, 11, 25, 1, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def audit_kinds(db, device_id: int | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    with db.read() as session:
        query = select(AuditEvent.kind).order_by(AuditEvent.id)
        if device_id is not None:
            query = query.where(AuditEvent.device_id == device_id)
        return list(session.scalars(query))


def test_a_code_enrols_once_and_only_digests_are_stored(counter: Counter) -> None:
    db, hall = counter.db, counter.hall.code
    info, code = add_device(db, hall, "kiosk-1", "kiosk", printer="tcp://192.0.2.10:9100")
    assert len(code) == 8 and code.isdigit()
    done = enrol(db, f"{code[:4]} {code[4:]}", address="192.0.2.50")  # typed with a space
    assert done.device == info and info.printer == "tcp://192.0.2.10:9100"
    assert len(done.token) >= 40
    with db.read() as session:
        row = session.get(Device, info.id)
        assert row.token_hash == digest(done.token) and row.enrol_code_hash is None
        assert code not in (row.token_hash or "") and row.last_address == "192.0.2.50"
    with pytest.raises(BadEnrolCode):
        enrol(db, code)  # spent
    assert device_for_token(db, done.token) == info
    assert audit_kinds(db, info.id) == ["device.added", "device.enrolled"]
    assert audit_kinds(db)[-1] == "device.enrol_failed"  # a spent code names no device


def test_an_expired_code_is_refused(counter: Counter) -> None:
    clock = Clock()
    _, code = add_device(counter.db, counter.hall.code, "lobby", "lobby", clock=clock)
    clock.now = T0 + timedelta(hours=24, seconds=1)
    with pytest.raises(BadEnrolCode):
        enrol(counter.db, code, clock=clock)
    clock.now = T0 + timedelta(hours=23, minutes=59)
    assert enrol(counter.db, code, clock=clock).device.name == "lobby"


@pytest.mark.parametrize("typed", ["00000000", "1234", "１２３４５６７８", "²²²²²²²²", "", "\x00" * 8])
def test_a_wrong_code_is_refused_and_audited(counter: Counter, typed: str) -> None:
    add_device(counter.db, counter.hall.code, "kiosk-1", "kiosk")
    with pytest.raises(BadEnrolCode) as refused:
        enrol(counter.db, typed, address="192.0.2.66")
    assert refused.value.code == "bad_enrol_code" and "注册码" in refused.value.message
    assert audit_kinds(counter.db)[-1] == "device.enrol_failed"


def test_a_fresh_code_replaces_the_old_code_and_re_enrolling_the_old_token(counter: Counter) -> None:
    db, hall = counter.db, counter.hall.code
    _, first = add_device(db, hall, "kiosk-1", "kiosk")
    old = enrol(db, first).token
    second = new_code(db, hall, "kiosk-1")
    assert device_for_token(db, old) is not None  # still working until the new enrolment
    new = enrol(db, second).token
    assert device_for_token(db, old) is None
    assert device_for_token(db, new).name == "kiosk-1"


def test_revoking_stops_the_token_and_any_pending_code_at_once(counter: Counter) -> None:
    db, hall = counter.db, counter.hall.code
    _, code = add_device(db, hall, "w1", "window", window=1)
    token = enrol(db, code).token
    pending = new_code(db, hall, "w1")
    revoke(db, hall, "w1")
    assert device_for_token(db, token) is None
    with pytest.raises(BadEnrolCode):
        enrol(db, pending)
    [row] = list_devices(db, hall)
    assert row.state == "revoked" and row.code_expires_at is None
    # an administrator may bring it back with a fresh code
    assert device_for_token(db, enrol(db, new_code(db, hall, "w1")).token).window == 1
    assert list_devices(db, hall)[0].state == "enrolled"


@pytest.mark.parametrize("token", ["", "x", "Device abc", "a" * 43 + "\x00", "²" * 43, "a" * 500])
def test_malformed_or_unknown_tokens_are_nobody(counter: Counter, token: str) -> None:
    assert device_for_token(counter.db, token) is None


def test_last_contact_is_written_at_most_once_a_minute(counter: Counter) -> None:
    clock = Clock()
    db = counter.db
    _, code = add_device(db, counter.hall.code, "kiosk-1", "kiosk", clock=clock)
    token = enrol(db, code, address="192.0.2.1", clock=clock).token
    clock.now = T0 + timedelta(seconds=30)
    device_for_token(db, token, address="192.0.2.1", clock=clock)
    assert list_devices(db)[0].last_seen_at == T0
    clock.now = T0 + timedelta(seconds=61)
    device_for_token(db, token, address="192.0.2.1", clock=clock)
    assert list_devices(db)[0].last_seen_at == clock.now
    clock.now += timedelta(seconds=1)
    device_for_token(db, token, address="192.0.2.9", clock=clock)  # it moved: noted at once
    assert list_devices(db)[0].last_address == "192.0.2.9"


@pytest.mark.parametrize(("args", "error"), [
    (("x", "printer"), InvalidDevice),
    (("", "kiosk"), InvalidDevice),
    (("a b", "kiosk"), InvalidDevice),
    (("k" * 61, "kiosk"), InvalidDevice),
    (("w", "window"), InvalidDevice),  # no window
    (("w", "rating", 99), InvalidDevice),  # no such window
    (("lobby", "lobby", 1), InvalidDevice),  # a lobby screen belongs to no window
    (("lobby", "lobby", None, "tcp://192.0.2.1:9100"), InvalidDevice),  # printers: kiosks only
    (("k", "kiosk", None, "ftp://nowhere"), InvalidPrinterUrl),
])
def test_bad_devices_are_refused_with_a_chinese_reason(counter: Counter, args: tuple, error: type) -> None:
    with pytest.raises(error) as refused:
        add_device(counter.db, counter.hall.code, *args)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)
    assert list_devices(counter.db, counter.hall.code) == []


def test_names_are_unique_per_hall_and_unknown_ones_are_named(counter: Counter) -> None:
    db, hall = counter.db, counter.hall.code
    add_device(db, hall, "kiosk-1", "kiosk")
    with pytest.raises(DeviceNameTaken):
        add_device(db, hall, "kiosk-1", "lobby")
    with pytest.raises(UnknownDevice):
        revoke(db, hall, "kiosk-9")
    with pytest.raises(UnknownHall):
        add_device(db, "nowhere", "kiosk-1", "kiosk")


def test_the_list_shows_each_device_and_its_state(counter: Counter) -> None:
    db, hall = counter.db, counter.hall.code
    add_device(db, hall, "b-lobby", "lobby")
    _, code = add_device(db, hall, "a-kiosk", "kiosk")
    enrol(db, code)
    rows = list_devices(db, hall)
    assert [(r.info.name, r.state) for r in rows] == [("a-kiosk", "enrolled"), ("b-lobby", "waiting")]
    assert rows[1].code_expires_at is not None and rows[0].code_expires_at is None


def test_a_code_typed_on_two_devices_at_once_enrols_exactly_one(counter: Counter) -> None:
    _, code = add_device(counter.db, counter.hall.code, "kiosk-1", "kiosk")

    def attempt(_: int) -> str | None:
        try:
            return enrol(counter.db, code).token
        except BadEnrolCode:
            return None

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        tokens = [t for t in pool.map(attempt, range(4)) if t]
    assert len(tokens) == 1
    assert device_for_token(counter.db, tokens[0]).name == "kiosk-1"
