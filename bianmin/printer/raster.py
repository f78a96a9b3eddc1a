"""Raster mode: the receipt drawn with our own CJK font and sent as a bit image (GS v 0).

For printers without a Chinese font. The drawing keeps the printer's text grid: a
half-width column is ``paper.dots // paper.columns`` dots (12), a CJK character two, so a
raster ticket looks like the text-mode one and the preview shows both faithfully.
"""

from __future__ import annotations

import qrcode
from escpos.constants import GS, HW_INIT, PAPER_FULL_CUT, PAPER_PART_CUT
from PIL import Image, ImageDraw

from bianmin.printer.fonts import FontChoice, find_font
from bianmin.printer.receipt import Align, Cut, Feed, QrBlock, Receipt, Rule, TextLine
from bianmin.printer.textwidth import char_width

LINE_GAP = 6  # dots between lines: 24 + 6 = the 30-dot default line pitch of text mode
BAND_ROWS = 128  # rows per GS v 0 command; small enough for any printer's buffer
INK = 0
PAPER = 255
_INVERT = bytes(255 - b for b in range(256))


def render_image(receipt: Receipt, fonts: FontChoice | None = None) -> Image.Image:
    """The receipt as a 1-bit image exactly ``paper.dots`` wide (white = paper)."""
    fonts = fonts or find_font()
    pieces = [_piece(block, receipt, fonts) for block in receipt.blocks]
    height = LINE_GAP + sum(p.height for p in pieces if p is not None)
    canvas = Image.new("L", (receipt.paper.dots, height), PAPER)
    y = LINE_GAP
    for piece in pieces:
        if piece is not None:
            canvas.paste(piece, (0, y))
            y += piece.height
    return canvas.point(lambda v: 255 if v >= 128 else 0, mode="1")


def encode_raster(receipt: Receipt, fonts: FontChoice | None = None) -> bytes:
    """ESC @, the image in GS v 0 bands, then the cut."""
    image = render_image(receipt, fonts)
    out = bytearray(HW_INIT)
    out += raster_bands(image)
    cuts = [b for b in receipt.blocks if isinstance(b, Cut)]
    if cuts:
        out += PAPER_PART_CUT if cuts[-1].partial else PAPER_FULL_CUT
    return bytes(out)


def raster_bands(image: Image.Image, band_rows: int = BAND_ROWS) -> bytes:
    """GS v 0 m xL xH yL yH data, one command per band of rows; a set bit prints a dot."""
    if image.mode != "1" or image.width % 8:
        raise ValueError("raster image must be 1-bit and a multiple of 8 dots wide")
    row_bytes = image.width // 8
    out = bytearray()
    for top in range(0, image.height, band_rows):
        band = image.crop((0, top, image.width, min(top + band_rows, image.height)))
        header = GS + b"v0" + b"\x00" + row_bytes.to_bytes(2, "little")
        out += header + band.height.to_bytes(2, "little")
        out += band.tobytes().translate(_INVERT)  # Pillow: 1 = white; ESC/POS: 1 = dot
    return bytes(out)


def _piece(block: object, receipt: Receipt, fonts: FontChoice) -> Image.Image | None:
    paper = receipt.paper
    cell = paper.dots_per_column
    if isinstance(block, TextLine):
        return _text_line(block, paper.dots, cell, fonts)
    if isinstance(block, Rule):
        piece = Image.new("L", (paper.dots, 2 * cell + LINE_GAP), PAPER)
        ImageDraw.Draw(piece).rectangle((0, cell - 1, paper.dots - 1, cell), fill=INK)
        return piece
    if isinstance(block, QrBlock):
        return _qr(block, paper.dots, cell)
    if isinstance(block, Feed):
        return Image.new("L", (paper.dots, block.lines * (2 * cell + LINE_GAP)), PAPER)
    return None


def _text_line(line: TextLine, dots: int, cell: int, fonts: FontChoice) -> Image.Image:
    em = 2 * cell * line.height  # drawn square first, then stretched to the width multiplier
    font = fonts.get(em, line.bold)
    stroke = 1 if line.bold and fonts.synthetic_bold else 0
    columns = sum(char_width(ch) for ch in line.text)
    glyphs = Image.new("L", (max(1, columns * cell * line.height), em), PAPER)
    draw = ImageDraw.Draw(glyphs)
    ink, ground = (PAPER, INK) if line.inverse else (INK, PAPER)
    if line.inverse:
        draw.rectangle((0, 0, glyphs.width, em), fill=ground)
    baseline = round(em * 0.88)  # CJK ideographs sit in the em box from -0.12 to 0.88
    column = 0
    for ch in line.text:
        width = char_width(ch)
        if ch != " " and width:
            x = column * cell * line.height + (width * cell * line.height) // 2
            draw.text((x, baseline), ch, font=font, fill=ink, anchor="ms",
                      stroke_width=stroke, stroke_fill=ink)
        column += width
    if line.width != line.height:
        glyphs = glyphs.resize((columns * cell * line.width or 1, em), Image.Resampling.LANCZOS)
    piece = Image.new("L", (dots, em + LINE_GAP), PAPER)
    x = {Align.LEFT: 0, Align.CENTER: (dots - glyphs.width) // 2,
         Align.RIGHT: dots - glyphs.width}[line.align]
    piece.paste(glyphs, (max(0, x), 0))
    return piece


def _qr(block: QrBlock, dots: int, cell: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M,
                         box_size=block.module_size, border=0)
    code.add_data(block.payload.encode("utf-8"))
    code.make(fit=True)
    symbol = code.make_image().get_image().convert("L")
    if symbol.width > dots:
        raise ValueError("QR code wider than the paper; use a smaller module size")
    piece = Image.new("L", (dots, symbol.height + 2 * cell), PAPER)
    piece.paste(symbol, ((dots - symbol.width) // 2, cell))
    return piece
