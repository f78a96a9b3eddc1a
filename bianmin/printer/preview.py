"""A PNG of the receipt: the raster image itself, for the screen, the tests and the docs."""

from __future__ import annotations

import io
from pathlib import Path

from bianmin.printer.fonts import FontChoice
from bianmin.printer.raster import render_image
from bianmin.printer.receipt import Receipt


def preview_png(receipt: Receipt, fonts: FontChoice | None = None) -> bytes:
    buffer = io.BytesIO()
    render_image(receipt, fonts).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def save_preview(receipt: Receipt, path: Path, fonts: FontChoice | None = None) -> Path:
    path.write_bytes(preview_png(receipt, fonts))
    return path
