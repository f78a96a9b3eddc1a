"""Printer URLs: ``tcp://HOST:9100``, ``usb://VID:PID``, ``serial:///dev/ttyUSB0?baudrate=9600``,
``file:///dev/usb/lp0``, ``preview://DIR``; ``?mode=raster``, ``?paper=58``, ``?timeout=5``.

Parsed strictly: a typo in a kiosk's configuration is reported when it is read, in words a
hall administrator can act on, instead of surfacing as a failed print hours later.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from bianmin.errors import InvalidInput
from bianmin.printer.receipt import PAPER_80, PAPERS, Paper

SCHEMES = ("tcp", "usb", "serial", "file", "preview")
BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
MAX_TIMEOUT = 60.0
_COMMON_OPTIONS = {"mode", "paper", "timeout"}
_OPTIONS = {
    "tcp": _COMMON_OPTIONS,
    "usb": _COMMON_OPTIONS | {"in_ep", "out_ep"},
    "serial": _COMMON_OPTIONS | {"baudrate"},
    "file": _COMMON_OPTIONS,
    "preview": _COMMON_OPTIONS,
}
_HEX4 = re.compile(r"^(?:0x)?[0-9a-fA-F]{1,4}$")


class InvalidPrinterUrl(InvalidInput):
    code = "invalid_printer_url"
    message = "打印机地址有误。"


class Mode(enum.StrEnum):
    TEXT = "text"  # the printer's own Chinese font (FS &, GB18030)
    RASTER = "raster"  # our font, sent as an image (GS v 0)


@dataclass(frozen=True)
class PrinterUrl:
    scheme: str
    mode: Mode = Mode.TEXT
    paper: Paper = PAPER_80
    timeout: float | None = None  # None: the caller's (settings.printer_timeout)
    host: str = ""
    port: int = 9100
    vendor_id: int = 0
    product_id: int = 0
    in_ep: int = 0x82
    out_ep: int = 0x01
    path: str = ""  # serial device, file, or preview folder
    baudrate: int = 9600

    @property
    def can_read(self) -> bool:
        """Whether the printer can be asked for its status over this connection."""
        return self.scheme == "tcp"

    def __str__(self) -> str:
        """The URL in canonical form, never with credentials."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        target = {
            "tcp": f"{host}:{self.port}",
            "usb": f"{self.vendor_id:04x}:{self.product_id:04x}",
        }.get(self.scheme, self.path)
        query = []
        if self.mode is not Mode.TEXT:
            query.append(f"mode={self.mode}")
        if self.paper is not PAPER_80:
            query.append(f"paper={self.paper.mm}")
        if self.timeout is not None:
            query.append(f"timeout={self.timeout:g}")
        if self.scheme == "serial" and self.baudrate != 9600:
            query.append(f"baudrate={self.baudrate}")
        if self.scheme == "usb" and (self.in_ep, self.out_ep) != (0x82, 0x01):
            query.append(f"in_ep=0x{self.in_ep:02x}&out_ep=0x{self.out_ep:02x}")
        return f"{self.scheme}://{target}" + ("?" + "&".join(query) if query else "")


def parse_printer_url(url: str) -> PrinterUrl:
    """Parse a printer URL or raise InvalidPrinterUrl naming what is wrong."""
    text = (url or "").strip()
    shown = redact(text)  # messages end up in logs and job records: never a password
    if not text:
        raise InvalidPrinterUrl("没有设置打印机地址。")
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise InvalidPrinterUrl(f"打印机地址无法识别：{shown}（{exc}）") from exc
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise InvalidPrinterUrl(
            f"打印机地址 {shown} 的类型“{parts.scheme or '（空）'}”不支持，"
            f"请用 {'、'.join(s + '://' for s in SCHEMES)} 之一。"
        )
    if parts.fragment:
        raise InvalidPrinterUrl(f"打印机地址 {shown} 不能带 #{parts.fragment}。")
    options = _options(shown, scheme, parts.query)
    common = {
        "mode": _mode(shown, options.get("mode")),
        "paper": _paper(shown, options.get("paper")),
        "timeout": _timeout(shown, options.get("timeout")),
    }
    if scheme == "tcp":
        return PrinterUrl(scheme, host=_host(shown, parts), port=_port(shown, parts), **common)
    if scheme == "usb":
        vendor, product = _usb_ids(shown, parts)
        return PrinterUrl(
            scheme, vendor_id=vendor, product_id=product,
            in_ep=_hex(shown, "in_ep", options.get("in_ep"), 0x82),
            out_ep=_hex(shown, "out_ep", options.get("out_ep"), 0x01), **common,
        )
    path = _path(shown, scheme, parts)
    if scheme == "serial":
        return PrinterUrl(scheme, path=path, baudrate=_baudrate(shown, options.get("baudrate")),
                          **common)
    return PrinterUrl(scheme, path=path, **common)


def redact(url: str) -> str:
    """The URL without any user name or password, also when it does not parse."""
    return re.sub(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@?#]*@", r"\1", (url or "").strip())


def _options(text: str, scheme: str, query: str) -> dict[str, str]:
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError as exc:
        raise InvalidPrinterUrl(f"打印机地址 {text} 的参数无法识别。") from exc
    options: dict[str, str] = {}
    for key, value in pairs:
        if key not in _OPTIONS[scheme]:
            allowed = "、".join(sorted(_OPTIONS[scheme]))
            raise InvalidPrinterUrl(f"打印机地址 {text} 有不认识的参数“{key}”（可用：{allowed}）。")
        if key in options:
            raise InvalidPrinterUrl(f"打印机地址 {text} 的参数“{key}”重复了。")
        options[key] = value.strip()
    return options


def _mode(text: str, value: str | None) -> Mode:
    if value is None:
        return Mode.TEXT
    try:
        return Mode(value.lower())
    except ValueError:
        raise InvalidPrinterUrl(f"打印机地址 {text}：mode 只能是 text 或 raster。") from None


def _paper(text: str, value: str | None) -> Paper:
    if value is None:
        return PAPER_80
    number = value.lower().removesuffix("mm")
    if number.isdigit() and int(number) in PAPERS:
        return PAPERS[int(number)]
    raise InvalidPrinterUrl(f"打印机地址 {text}：paper 只能是 80 或 58（纸宽毫米数）。")


def _timeout(text: str, value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= MAX_TIMEOUT:
        raise InvalidPrinterUrl(f"打印机地址 {text}：timeout 应为 0 到 {MAX_TIMEOUT:g} 之间的秒数。")
    return seconds


def _host(text: str, parts) -> str:  # type: ignore[no-untyped-def]
    if parts.path not in {"", "/"}:
        raise InvalidPrinterUrl(f"打印机地址 {text}：网络打印机只写主机和端口，如 tcp://192.168.1.50:9100。")
    host = parts.hostname or ""
    if not host:
        raise InvalidPrinterUrl(f"打印机地址 {text} 缺少主机，如 tcp://192.168.1.50:9100。")
    return host


def _port(text: str, parts) -> int:  # type: ignore[no-untyped-def]
    try:
        port = parts.port
    except ValueError:
        raise InvalidPrinterUrl(f"打印机地址 {text} 的端口应为 1–65535 之间的数字。") from None
    if port is None:
        if parts.netloc.rstrip().endswith(":"):
            raise InvalidPrinterUrl(f"打印机地址 {text} 的端口是空的。")
        return 9100
    if not 1 <= port <= 65535:
        raise InvalidPrinterUrl(f"打印机地址 {text} 的端口应在 1–65535 之间。")
    return port


def _usb_ids(text: str, parts) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    ids = parts.netloc.split(":")
    if parts.path not in {"", "/"} or len(ids) != 2 or not all(_HEX4.match(i) for i in ids):
        raise InvalidPrinterUrl(
            f"打印机地址 {text}：USB 打印机写作 usb://厂商号:产品号（十六进制），如 usb://0416:5011。"
        )
    vendor, product = (int(i, 16) for i in ids)
    if not vendor or not product:
        raise InvalidPrinterUrl(f"打印机地址 {text}：USB 厂商号和产品号不能为 0。")
    return vendor, product


def _hex(text: str, name: str, value: str | None, default: int) -> int:
    if value is None:
        return default
    try:
        number = int(value, 16)
    except ValueError:
        number = -1
    if not 0 < number <= 0xFF:
        raise InvalidPrinterUrl(f"打印机地址 {text}：{name} 应为十六进制端点号，如 0x81。")
    return number


def _baudrate(text: str, value: str | None) -> int:
    if value is None:
        return 9600
    if value.isdigit() and int(value) in BAUDRATES:
        return int(value)
    rates = "、".join(str(b) for b in BAUDRATES)
    raise InvalidPrinterUrl(f"打印机地址 {text}：baudrate 应为 {rates} 之一。")


def _path(text: str, scheme: str, parts) -> str:  # type: ignore[no-untyped-def]
    if scheme == "preview":
        folder = parts.netloc + parts.path
        if not folder:
            raise InvalidPrinterUrl(f"打印机地址 {text} 缺少文件夹，如 preview:///var/bianmin/prints。")
        return str(Path(folder).expanduser())
    if parts.netloc or not parts.path.startswith("/"):
        example = "serial:///dev/ttyUSB0" if scheme == "serial" else "file:///dev/usb/lp0"
        raise InvalidPrinterUrl(f"打印机地址 {text} 应写成完整的设备路径，如 {example}。")
    return parts.path
