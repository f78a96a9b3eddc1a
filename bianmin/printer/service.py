"""Print one slip on one printer: parse the URL, lay out, encode, send. Never raises.

This is the whole printing path without the database; ``jobs`` records its outcome, the CLI
prints it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from bianmin.errors import BianminError
from bianmin.printer.connections import logged, send
from bianmin.printer.device import InvalidPrinterUrl, PrinterUrl, parse_printer_url, redact
from bianmin.printer.encode import encode
from bianmin.printer.fonts import find_font
from bianmin.printer.layout import build_receipt
from bianmin.printer.models import PrintStatus
from bianmin.printer.outcome import PrintOutcome, failed
from bianmin.printer.preview import preview_png
from bianmin.printer.receipt import Paper, Receipt
from bianmin.printer.slip import TicketSlip

log = logging.getLogger(__name__)


T = TypeVar("T")
# runs a blocking or CPU-bound function somewhere and returns its result (or raises)
Offload = Callable[[Callable[[], T]], T]


def inline(function: Callable[[], T]) -> T:
    return function()


def print_slip(
    slip: TicketSlip, device_url: str, *, timeout: float, font_path: str = "",
    offload: Offload = inline,
) -> PrintOutcome:
    """Print ``slip``; a ``?timeout=`` in the URL overrides ``timeout``.

    ``offload`` runs the CPU-bound layout and encoding (a raster ticket or a preview PNG
    takes 50–200 ms) and every device's blocking I/O except TCP's; under eventlet the
    server passes ``eventlet.tpool.execute``, so that a print never stalls the event loop
    that serves the kiosks and screens. TCP uses eventlet's green sockets and stays inline.
    """
    return print_receipt(lambda paper: build_receipt(slip, paper), device_url, timeout=timeout,
                         font_path=font_path, offload=offload)


def print_receipt(
    layout: Callable[[Paper], Receipt], device_url: str, *, timeout: float, font_path: str = "",
    offload: Offload = inline,
) -> PrintOutcome:
    """Print whatever ``layout`` draws for the printer's paper (a ticket, a notice)."""
    try:
        device = parse_printer_url(device_url)
    except InvalidPrinterUrl as exc:
        return failed(PrintStatus.ERROR, exc.message.rstrip("。"), "invalid printer URL",
                      device=redact(device_url))
    try:
        receipt, data = offload(lambda: _render(layout, device, font_path))
    except BianminError as exc:
        return failed(PrintStatus.ERROR, exc.message.rstrip("。"), exc.code, device=str(device))
    except Exception as exc:  # noqa: BLE001  (a bad slip must not take the kiosk down)
        log.exception("could not lay out or encode a ticket for %s", device)
        return failed(PrintStatus.ERROR, "小票内容无法排版", f"{type(exc).__name__}: {exc}",
                      device=str(device))

    def png() -> bytes:
        return preview_png(receipt, find_font(font_path))

    def deliver() -> PrintOutcome:
        return send(device, data, timeout=device.timeout or timeout,
                    preview_png=png if device.scheme == "preview" else None)

    return logged(deliver() if device.scheme == "tcp" else offload(deliver))


def _render(layout: Callable[[Paper], Receipt], device: PrinterUrl,
            font_path: str) -> tuple[Receipt, bytes]:
    receipt = layout(device.paper)
    return receipt, encode(receipt, device.mode, font_path)
