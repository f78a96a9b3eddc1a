"""Sending bytes to a printer through python-escpos, and saying in Chinese what happened.

``send()`` never raises: every fault becomes a PrintOutcome (offline, timeout, paper out,
error). Network printers are asked for their paper sensor (``DLE EOT 4``) before and after
the ticket; a printer that answers has received everything, one that never answers is
confirmed by closing the connection after reading to the end instead.
"""

from __future__ import annotations

import errno
import logging
import os
import socket
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from escpos.constants import RT_STATUS_PAPER
from escpos.exceptions import DeviceNotFoundError
from escpos.printer import File, Network

from bianmin.errors import BianminError
from bianmin.printer.device import PrinterUrl
from bianmin.printer.models import PrintStatus
from bianmin.printer.outcome import PrintOutcome, failed
from bianmin.printer.paper_status import PaperState, decode_paper_status

log = logging.getLogger(__name__)

# seconds the first status query may wait before the status is "unknown" (at most a quarter
# of the timeout: a silent printer is found out within one timeout after connecting)
STATUS_WAIT = 0.5
CHUNK = 4096  # bytes per write: the timeout is "no progress for N seconds", not a total


class Fault(Exception):
    """A classified failure on the way to the printer."""

    def __init__(self, status: PrintStatus, cause: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.cause, self.detail = status, cause, detail


def send(
    device: PrinterUrl,
    data: bytes,
    *,
    timeout: float,
    preview_png: Callable[[], bytes] | None = None,
) -> PrintOutcome:
    """Deliver ``data`` to ``device`` within ``timeout`` seconds of silence; never raises.

    It logs nothing: under eventlet it runs in a native thread (tpool), where taking the
    logging module's (green) locks while another thread holds them hangs that thread for
    good; the caller logs the outcome (``logged``) back on the event loop.
    """
    started = time.monotonic()
    fields = {"device": str(device)}
    try:
        note = _DRIVERS[device.scheme](device, data, timeout, preview_png)
    except Fault as fault:
        outcome = failed(fault.status, fault.cause, fault.detail, **fields)
    except BianminError as exc:  # e.g. no CJK font for the preview image
        outcome = failed(PrintStatus.ERROR, exc.message.rstrip("。"), exc.code, **fields)
    except Exception:  # noqa: BLE001  (a print must never take the caller down)
        # the traceback travels in the outcome's detail, logged by the caller
        outcome = failed(PrintStatus.ERROR, "打印时发生意外错误",
                         traceback.format_exc(limit=6).strip(), **fields)
    else:
        outcome = PrintOutcome(PrintStatus.PRINTED, reason=note[0], detail=note[1],
                               bytes_sent=len(data), **fields)
    return replace(outcome, seconds=time.monotonic() - started)


def logged(outcome: PrintOutcome) -> PrintOutcome:
    """Log a delivery's outcome (on the event loop, not in a native thread: see ``send``)."""
    log.info("print to %s: %s %s", outcome.device, outcome.status, outcome.detail)
    return outcome


# ---- tcp ----------------------------------------------------------------------------------


class _Network(Network):
    """python-escpos' network printer, connecting with ``socket.create_connection``.

    The original leaves its socket unclosed when the connection fails and speaks IPv4 only;
    this one closes it and resolves IPv6 addresses and host names as well.
    """

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
            self.close()
        try:
            self.device = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as exc:
            self.device = None
            raise DeviceNotFoundError(f"Could not open socket for {self.host}: {exc}") from exc


def _send_tcp(device: PrinterUrl, data: bytes, timeout: float, _png: object) -> tuple[str, str]:
    printer = _Network(device.host, device.port, timeout=timeout)
    try:
        printer.open()
    except DeviceNotFoundError as exc:
        raise _connect_fault(device, exc.__cause__, timeout) from exc
    sock: socket.socket = printer.device  # type: ignore[assignment]
    try:
        first_wait = min(STATUS_WAIT, timeout / 4)
        confirm_wait = timeout - first_wait
        before = _paper(printer, sock, first_wait)
        if before is PaperState.OUT:
            raise Fault(PrintStatus.PAPER_OUT, "打印机缺纸", "paper sensor: roll end (before)")
        _write_all(lambda chunk: printer._raw(chunk), sock, data, timeout)
        if before is not None:
            after = _paper(printer, sock, confirm_wait)
            if after is None:
                raise Fault(PrintStatus.TIMEOUT, f"打印机收到小票后 {timeout:g} 秒内没有应答",
                            "no status answer after sending")
            if after is PaperState.OUT:
                raise Fault(PrintStatus.PAPER_OUT, "打印中途纸用完了",
                            "paper sensor: roll end (after)")
            if after is PaperState.LOW:
                return "纸卷快用完了，请准备更换。", "printed; paper near end"
            return "", "printed; status confirmed"
        _await_close(sock, confirm_wait, timeout)
        return "", "printed; printer does not answer status, confirmed by closing"
    except TimeoutError as exc:
        raise Fault(PrintStatus.TIMEOUT, f"打印机 {timeout:g} 秒内不接收数据",
                    f"send timed out: {exc}") from exc
    except OSError as exc:
        raise Fault(PrintStatus.OFFLINE, "与打印机的连接中断了", f"connection lost: {exc}") from exc
    finally:
        printer.close()


def _connect_fault(device: PrinterUrl, cause: BaseException | None, timeout: float) -> Fault:
    where = f"{device.host}:{device.port}"
    if isinstance(cause, TimeoutError):
        return Fault(PrintStatus.OFFLINE, f"{timeout:g} 秒内连不上打印机 {where}",
                     f"connect timed out: {where}")
    if isinstance(cause, ConnectionRefusedError):
        return Fault(PrintStatus.OFFLINE, f"打印机 {where} 拒绝连接（未开机或端口不对）",
                     f"connection refused: {where}")
    if isinstance(cause, socket.gaierror):
        return Fault(PrintStatus.OFFLINE, f"找不到打印机主机 {device.host}",
                     f"host not found: {cause}")
    return Fault(PrintStatus.OFFLINE, f"连不上打印机 {where}", f"cannot connect: {cause}")


def _paper(printer: Network, sock: socket.socket, wait: float) -> PaperState | None:
    """Ask the paper sensor; None if no answer arrives within ``wait`` seconds."""
    printer._raw(RT_STATUS_PAPER)
    deadline = time.monotonic() + wait
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            answer = sock.recv(16)
        except TimeoutError:
            return None
        if not answer:
            raise Fault(PrintStatus.OFFLINE, "打印机关闭了连接（可能正忙）", "peer closed")
        for byte in answer:  # skip automatic status blocks, keep the first DLE EOT answer
            state = decode_paper_status(byte)
            if state is not None:
                return state
    return None


def _await_close(sock: socket.socket, wait: float, timeout: float) -> None:
    """Half-close and wait for the printer to read to the end and close its side."""
    sock.shutdown(socket.SHUT_WR)
    deadline = time.monotonic() + wait
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            if not sock.recv(1024):
                return
        except TimeoutError:
            break
    raise Fault(PrintStatus.TIMEOUT,
                f"打印机 {timeout:g} 秒内没有确认收到小票（不回答状态查询，也不结束连接）",
                "no status answer and no close after sending")


def _write_all(write: Callable[[bytes], None], sock: socket.socket, data: bytes,
               timeout: float) -> None:
    sock.settimeout(timeout)
    for start in range(0, len(data), CHUNK):
        write(data[start : start + CHUNK])


# ---- usb, serial, file ---------------------------------------------------------------------


def _send_usb(device: PrinterUrl, data: bytes, timeout: float, _png: object) -> tuple[str, str]:
    try:
        import usb.core
        from escpos.printer import Usb
    except ImportError as exc:
        raise Fault(PrintStatus.ERROR, "本机没有安装 USB 打印支持（pyusb）", str(exc)) from exc
    ids = f"{device.vendor_id:04x}:{device.product_id:04x}"
    printer = Usb(device.vendor_id, device.product_id, timeout=int(timeout * 1000),
                  in_ep=device.in_ep, out_ep=device.out_ep)
    try:
        try:
            printer.open()
        except DeviceNotFoundError as exc:
            raise Fault(PrintStatus.OFFLINE, f"找不到 USB 打印机 {ids}（未开机或没插好）",
                        str(exc).strip()) from exc
        except usb.core.NoBackendError as exc:
            raise Fault(PrintStatus.ERROR, "本机缺少 libusb，无法使用 USB 打印机",
                        str(exc)) from exc
        for start in range(0, len(data), CHUNK):
            try:
                printer._raw(data[start : start + CHUNK])
            except usb.core.USBTimeoutError as exc:
                raise Fault(PrintStatus.TIMEOUT, f"USB 打印机 {timeout:g} 秒内不接收数据",
                            str(exc)) from exc
            except usb.core.USBError as exc:
                status = PrintStatus.OFFLINE if exc.errno == errno.ENODEV else PrintStatus.ERROR
                raise Fault(status, "USB 打印机通信出错", str(exc)) from exc
    finally:
        printer.close()
    return "", f"printed to usb {ids}"


def _send_serial(device: PrinterUrl, data: bytes, timeout: float, _png: object) -> tuple[str, str]:
    try:
        import serial
        from escpos.printer import Serial
    except ImportError as exc:
        raise Fault(PrintStatus.ERROR, "本机没有安装串口打印支持（pyserial）", str(exc)) from exc
    printer = Serial(device.path, baudrate=device.baudrate, timeout=timeout)
    try:
        try:
            printer.open()
        except DeviceNotFoundError as exc:
            raise Fault(PrintStatus.OFFLINE, f"打不开串口 {device.path}（设备不存在或被占用）",
                        str(exc).strip()) from exc
        printer.device.write_timeout = timeout  # type: ignore[union-attr]
        for start in range(0, len(data), CHUNK):
            try:
                printer._raw(data[start : start + CHUNK])
            except serial.SerialTimeoutException as exc:
                raise Fault(PrintStatus.TIMEOUT, f"串口打印机 {timeout:g} 秒内不接收数据",
                            str(exc)) from exc
            except serial.SerialException as exc:
                raise Fault(PrintStatus.ERROR, "串口打印机通信出错", str(exc)) from exc
    finally:
        printer.close()
    return "", f"printed to {device.path}"


def _send_file(device: PrinterUrl, data: bytes, timeout: float, _png: object) -> tuple[str, str]:
    printer = File(device.path)
    try:
        try:
            printer.open()
        except DeviceNotFoundError as exc:
            raise _file_fault(device.path, exc.__context__) from exc
        try:
            for start in range(0, len(data), CHUNK):
                printer._raw(data[start : start + CHUNK])
        except OSError as exc:
            raise _file_fault(device.path, exc) from exc
    finally:
        printer.close()
    return "", f"written to {device.path}"


def _file_fault(path: str, cause: BaseException | None) -> Fault:
    if isinstance(cause, PermissionError):
        return Fault(PrintStatus.ERROR, f"没有权限写入 {path}（把运行账号加入 lp 组）", str(cause))
    if isinstance(cause, OSError) and cause.errno in {errno.ENOENT, errno.ENODEV, errno.ENXIO}:
        return Fault(PrintStatus.OFFLINE, f"打印机设备 {path} 不存在（未开机或没插好）", str(cause))
    if isinstance(cause, OSError) and cause.errno == errno.EIO:
        return Fault(PrintStatus.ERROR, f"打印机设备 {path} 读写出错（可能缺纸或卡纸）", str(cause))
    return Fault(PrintStatus.ERROR, f"无法写入打印机设备 {path}", str(cause))


# ---- preview ------------------------------------------------------------------------------


def _send_preview(
    device: PrinterUrl, data: bytes, timeout: float, png: Callable[[], bytes] | None
) -> tuple[str, str]:
    """NNN.bin (the bytes a printer would get) and NNN.png (how it looks) in the folder."""
    folder = Path(device.path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        number, bin_path = _claim_number(folder)
        bin_path.write_bytes(data)
        if png is not None:
            image = png()
            partial = folder / f".{number:03d}.png.part"
            partial.write_bytes(image)
            os.replace(partial, folder / f"{number:03d}.png")
    except OSError as exc:
        raise Fault(PrintStatus.ERROR, f"无法写入预览文件夹 {folder}", str(exc)) from exc
    return "", f"preview {folder / f'{number:03d}'}.png"


def _claim_number(folder: Path) -> tuple[int, Path]:
    """The next free NNN, claimed by creating NNN.bin exclusively (two kiosks may race)."""
    taken = [int(p.stem) for p in folder.glob("*.bin") if p.stem.isdigit()]
    number = max(taken, default=0) + 1
    while True:
        path = folder / f"{number:03d}.bin"
        try:
            with open(path, "xb"):
                return number, path
        except FileExistsError:
            number += 1


_DRIVERS: dict[str, Callable[..., tuple[str, str]]] = {
    "tcp": _send_tcp,
    "usb": _send_usb,
    "serial": _send_serial,
    "file": _send_file,
    "preview": _send_preview,
}
