"""ESC/POS text mode for Chinese printers: the printer's own GB18030 font draws the text.

python-escpos' ``text()`` switches to GB18030 only when a string holds a character in
U+4E00–U+9FA5 (so "，：" alone comes out as "??") and its ``set(double_width=…)`` uses
``ESC !``, which Chinese printers apply to ASCII only. So the bytes are built here: ``FS &``
once, every run encoded as GB18030, sizes with ``GS !``. Only the constants come from
python-escpos.
"""

from __future__ import annotations

from escpos.constants import ESC, FS, GS, HW_INIT, PAPER_FULL_CUT, PAPER_PART_CUT, QR_ECLEVEL_M

from bianmin.printer.receipt import Align, Cut, Feed, QrBlock, Receipt, Rule, TextLine

CHINESE_MODE = FS + b"&"  # FS &: select Kanji (here: GB18030 double-byte) character mode
LF = b"\n"
_ALIGN = {Align.LEFT: 0, Align.CENTER: 1, Align.RIGHT: 2}
QR_MAX_BYTES = 7089  # GS ( k store: at most this many data bytes (numeric, model 2, level L)


def encode_text(receipt: Receipt) -> bytes:
    out = bytearray(HW_INIT + CHINESE_MODE)
    for block in receipt.blocks:
        if isinstance(block, TextLine):
            out += _line(block)
        elif isinstance(block, Rule):
            out += _line(TextLine("-" * receipt.paper.columns))
        elif isinstance(block, QrBlock):
            out += align(Align.CENTER) + qr_code(block.payload, block.module_size) + LF
        elif isinstance(block, Feed):
            out += feed(block.lines)
        elif isinstance(block, Cut):
            out += PAPER_PART_CUT if block.partial else PAPER_FULL_CUT
    return bytes(out)


def _line(line: TextLine) -> bytes:
    text = gb18030(line.text)
    if line.inverse:
        text = inverse(True) + text + inverse(False)
    return align(line.align) + bold(line.bold) + size(line.width, line.height) + text + LF


def gb18030(text: str) -> bytes:
    """Every run goes out as GB18030, punctuation-only runs included."""
    return text.encode("gb18030", errors="replace")


def size(width: int, height: int) -> bytes:
    """GS ! n: width multiplier in the high nibble, height in the low (both 1–8)."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError("character size multipliers must be 1–8")
    return GS + b"!" + bytes([((width - 1) << 4) | (height - 1)])


def bold(on: bool) -> bytes:
    return ESC + b"E" + bytes([1 if on else 0])


def inverse(on: bool) -> bytes:
    return GS + b"B" + bytes([1 if on else 0])


def align(where: Align) -> bytes:
    return ESC + b"a" + bytes([_ALIGN[where]])


def feed(lines: int) -> bytes:
    """ESC d n: print the buffer and feed n lines."""
    return ESC + b"d" + bytes([max(0, min(lines, 255))])


def qr_code(payload: str, module_size: int, error_level: int = QR_ECLEVEL_M) -> bytes:
    """GS ( k: model 2, module size, error correction, store the data, print it."""
    data = payload.encode("utf-8")
    if not data or len(data) > QR_MAX_BYTES:
        raise ValueError(f"QR payload must be 1–{QR_MAX_BYTES} bytes, got {len(data)}")
    return (
        _qr_function(b"A", b"2\x00")  # fn 165: model 2
        + _qr_function(b"C", bytes([module_size]))  # fn 167: module size in dots
        + _qr_function(b"E", bytes([48 + error_level]))  # fn 169: error correction
        + _qr_function(b"P", b"0" + data)  # fn 180: store the data
        + _qr_function(b"Q", b"0")  # fn 181: print the stored symbol
    )


def _qr_function(fn: bytes, params: bytes) -> bytes:
    length = len(params) + 2  # cn and fn count too
    return GS + b"(k" + length.to_bytes(2, "little") + b"1" + fn + params
