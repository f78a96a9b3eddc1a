"""Devices and print jobs for the hall's managers (/manage/devices, /manage/print-jobs)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from bianmin.api.shapes.common import Answer, HallPath, Id, IdText, Input, text
from bianmin.api.shapes.ratings import DAY
from bianmin.devices.errors import UnknownDevice
from bianmin.errors import NotFound

KIND = Literal["kiosk", "lobby", "window", "rating"]
JOB_STATUS = Literal["pending", "printed", "offline", "timeout", "paper_out", "error"]


class UnknownPrintJob(NotFound):
    code = "unknown_print_job"
    message = "没有找到这条打印记录。"


class DevicePath(HallPath):
    device: IdText
    refusal = {**HallPath.refusal, "device": UnknownDevice}


class PrintJobPath(HallPath):
    job: IdText
    refusal = {**HallPath.refusal, "job": UnknownPrintJob}


class AddDevice(Input):
    """A kiosk (maybe a printer), a lobby screen, or a window screen / rating tablet (its
    window); the printer URL must parse (docs/printing.md)."""

    name: Annotated[str, Field(max_length=60, pattern=r"^[\w.\-]{1,60}$", description=(
        "unique within the hall: 1–60 letters, digits, 汉字, `.`, `_` or `-`, e.g. kiosk-1"))]
    kind: KIND = Field(description="kiosk 取号机, lobby 大厅屏, window 窗口屏, rating 评价器")
    window: Id | None = Field(None, description="window screens and rating tablets: their window")
    printer: text(300, description="kiosks: the printer URL (docs/printing.md), `none` for no "
                  "printer; empty: the installation's default printer") = ""
    codes = {"name": "invalid_name", "kind": "invalid_kind", "window": "invalid_window",
             "printer": "invalid_printer"}
    # which fields go with which kind, as the server checks them (bianmin.devices.service)
    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"properties": {"kind": {"const": "kiosk"}, "window": {"type": "null"}}},
        {"properties": {"kind": {"const": "lobby"}, "window": {"type": "null"},
                        "printer": {"const": ""}}},
        {"properties": {"kind": {"enum": ["window", "rating"]}, "window": {"type": "integer"},
                        "printer": {"const": ""}}, "required": ["window"]},
    ]})
    hints = {"name": "请填写设备名称（1–60 个字母、数字、汉字、点、下划线或连字符），例如 kiosk-1。",
             "kind": "设备类型只能是取号机（kiosk）、大厅屏（lobby）、窗口屏（window）或评价器（rating）。",
             "window": "窗口号须为正整数。", "printer": "打印机地址最多 300 个字符。"}


class PrintJobQuery(Input):
    state: Literal["failed", "all"] = Field("failed", description="`failed` (default): "
                                            "offline, timeout, paper_out, error; `all`: every job")
    day: DAY | None = Field(None, description="the hall's business day (default: today)")
    codes = {"state": "invalid_state", "day": "invalid_date"}
    hints = {"state": "state 只能是 failed 或 all。", "day": "day 须为日期 YYYY-MM-DD。"}


class JobRef(Answer):
    id: int
    status: JOB_STATUS
    status_label: str = Field(description="in Chinese, e.g. 缺纸")
    purpose: Literal["ticket", "test"]
    ticket_id: int | None
    reason: str = Field(description="the printer's fault (or warning) in Chinese")
    at: str = Field(description="when it finished (or was created), UTC ISO 8601")


class DeviceRow(Answer):
    id: int
    name: str
    kind: KIND
    kind_label: str
    window: int | None
    status: Literal["online", "offline", "revoked", "waiting"] = Field(
        description="online: heard from within `device_online_seconds`; waiting: never enrolled")
    status_label: str = Field(description="在线, 离线, 已吊销, 待登记")
    enrolled_at: str | None
    revoked_at: str | None
    code_expires_at: str | None = Field(description="an unspent enrolment code works until then")
    last_seen_at: str | None = Field(description="last contact, UTC ISO 8601")
    last_seen_seconds: int | None = Field(description="seconds since the last contact")
    last_address: str = Field(description="the client address of the last contact")
    printer: str = Field(description="kiosks: the printer URL in use; empty: no printer")
    printer_is_default: bool = Field(description="the kiosk uses the installation's `printer`")
    paper: Literal["ok", "low", "out", "unknown", "none"] = Field(
        description="from the last finished print job; none: not a kiosk with a printer")
    paper_label: str
    last_job: JobRef | None
    last_error: JobRef | None = Field(description="the latest failed print job")


class DeviceList(Answer):
    hall: str
    online_seconds: int = Field(description="the `device_online_seconds` setting")
    at: str = Field(description="the server's time of the answer, UTC ISO 8601")
    enrol_url: str = Field(description="the page a new device opens to type its code")
    devices: list[DeviceRow]


class DeviceCode(Answer):
    device: DeviceRow
    code: str = Field(description="the one-time enrolment code (8 digits); shown once")
    expires_at: str = Field(description="UTC ISO 8601")
    enrol_url: str = Field(description="open it on the device and type the code")


class TestPrint(Answer):
    device: DeviceRow
    job: JobRef
    printed: bool
    message: str = Field(description="what happened, in Chinese")


class Revoked(Answer):
    device: DeviceRow


class Reload(Answer):
    device_id: int
    sent: bool = Field(description="the event was sent to the device's room")
    connected_here: bool = Field(description="the device has a live connection to this server "
                                 "process (other processes are not known)")
    message: str


class HallPrintJob(Answer):
    id: int
    purpose: Literal["ticket", "test"]
    ticket_id: int | None
    number: str | None = Field(description="the ticket's number, e.g. A012")
    device_id: int | None
    device_name: str | None
    printer: str = Field(description="printer URL without credentials")
    status: JOB_STATUS
    status_label: str
    reason: str = Field(description="in Chinese: the cause and what to do")
    error: str = Field(description="the reason and the technical detail")
    attempt: int
    requested_by: int | None
    created_at: str
    finished_at: str | None
    later_printed: bool = Field(description="a later attempt for the same ticket printed")


class HallPrintJobs(Answer):
    hall: str
    day: str
    state: Literal["failed", "all"]
    jobs: list[HallPrintJob]


class ManagerReprint(Answer):
    job: HallPrintJob = Field(description="the new attempt")
    printed: bool
    message: str
