"""Bytes for a printer: text mode (its own Chinese font) or raster mode (ours)."""

from __future__ import annotations

from bianmin.printer.device import Mode
from bianmin.printer.escpos_text import encode_text
from bianmin.printer.fonts import find_font
from bianmin.printer.raster import encode_raster
from bianmin.printer.receipt import Receipt


def encode(receipt: Receipt, mode: Mode, font_path: str = "") -> bytes:
    if mode is Mode.RASTER:
        return encode_raster(receipt, find_font(font_path))
    return encode_text(receipt)
