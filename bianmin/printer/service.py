"""Print one slip on one printer: parse the URL, lay out, encode, send. Never raises.

This is the whole printing path without the database; ``jobs`` records its outcome, the CLI
prints it.
"""

from __future__ import annotations

import logging

from bianmin.errors import BianminError
from bianmin.printer.connections import send
from bianmin.printer.device import InvalidPrinterUrl, parse_printer_url, redact
from bianmin.printer.encode import encode
from bianmin.printer.fonts import find_font
from bianmin.printer.layout import build_receipt
from bianmin.printer.models import PrintStatus
from bianmin.printer.outcome import PrintOutcome, failed
from bianmin.printer.preview import preview_png
from bianmin.printer.slip import TicketSlip

log = logging.getLogger(__name__)


def print_slip(
    slip: TicketSlip, device_url: str, *, timeout: float, font_path: str = ""
) -> PrintOutcome:
    """Print ``slip``; a ``?timeout=`` in the URL overrides ``timeout``."""
    try:
        device = parse_printer_url(device_url)
    except InvalidPrinterUrl as exc:
        return failed(PrintStatus.ERROR, exc.message.rstrip("。"), "invalid printer URL",
                      device=redact(device_url))
    try:
        receipt = build_receipt(slip, device.paper)
        data = encode(receipt, device.mode, font_path)
    except BianminError as exc:
        return failed(PrintStatus.ERROR, exc.message.rstrip("。"), exc.code, device=str(device))
    except Exception as exc:  # noqa: BLE001  (a bad slip must not take the kiosk down)
        log.exception("could not lay out or encode a ticket for %s", device)
        return failed(PrintStatus.ERROR, "小票内容无法排版", f"{type(exc).__name__}: {exc}",
                      device=str(device))

    def png() -> bytes:
        return preview_png(receipt, find_font(font_path))

    return send(device, data, timeout=device.timeout or timeout,
                preview_png=png if device.scheme == "preview" else None)
