"""``bianmin printer test DEVICE``: print the sample slip and say how it went, in two languages.

Exit status: 0 printed, 1 the printer failed (offline, timeout, paper out, other fault),
2 the device URL is wrong.
"""

from __future__ import annotations

import sys

from bianmin.printer.device import InvalidPrinterUrl, parse_printer_url, redact
from bianmin.printer.models import PrintStatus
from bianmin.printer.service import print_slip
from bianmin.printer.slip import sample_slip
from bianmin.settings import Settings

STATUS_WORDS = {
    PrintStatus.PRINTED: ("打印成功", "printed"),
    PrintStatus.OFFLINE: ("打印机未连接", "printer offline"),
    PrintStatus.TIMEOUT: ("打印机没有应答", "printer timed out"),
    PrintStatus.PAPER_OUT: ("打印机缺纸", "printer out of paper"),
    PrintStatus.ERROR: ("打印出错", "printing failed"),
}


def test(settings: Settings, device: str) -> int:
    try:
        parse_printer_url(device)
    except InvalidPrinterUrl as exc:
        print(exc.message, file=sys.stderr)
        print(f"bad printer URL: {redact(device)} (see docs/printing.md)", file=sys.stderr)
        return 2
    outcome = print_slip(sample_slip(), device, timeout=settings.printer_timeout,
                         font_path=settings.font_path)
    chinese, english = STATUS_WORDS[outcome.status]
    stream = sys.stdout if outcome.printed else sys.stderr
    print(f"{chinese}：{outcome.device}" + (f"。{outcome.reason}" if outcome.reason else ""),
          file=stream)
    print(f"{english}: {outcome.device} — {outcome.detail} "
          f"({outcome.bytes_sent} bytes, {outcome.seconds:.2f} s)", file=stream)
    return 0 if outcome.printed else 1
