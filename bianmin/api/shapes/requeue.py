"""过号重排 at the kiosk: what the scanner read."""

from __future__ import annotations

from bianmin.api.shapes.common import Input, text


class ScannedTicket(Input):
    code: text(300, description="what the scanner read from the ticket's QR code: the status "
                "page address …/t/<token>, or the token itself")
    codes = {"code": "invalid_code"}
    hints = {"code": "请扫描小票上的二维码。"}
