"""Raster mode and preview: an image exactly as wide as the paper, sent as GS v 0 bands."""

from __future__ import annotations

import dataclasses
import io

import pytest
from PIL import Image

from bianmin.printer.device import Mode
from bianmin.printer.encode import encode
from bianmin.printer.fonts import FontNotFound, find_font
from bianmin.printer.layout import build_receipt
from bianmin.printer.models import PrintStatus
from bianmin.printer.preview import preview_png
from bianmin.printer.raster import encode_raster, raster_bands, render_image
from bianmin.printer.receipt import PAPER_58, PAPER_80, Paper, Receipt, TextLine
from bianmin.printer.service import print_slip
from bianmin.printer.slip import sample_slip
from tests.unit.test_printer_escpos_text import read_escpos


@pytest.mark.parametrize(("paper", "row_bytes"), [(PAPER_80, 72), (PAPER_58, 48)],
                         ids=["80mm", "58mm"])
def test_raster_image_is_exactly_the_paper_width_and_headers_say_so(
    paper: Paper, row_bytes: int
) -> None:
    receipt = build_receipt(sample_slip(), paper)
    image = render_image(receipt)
    assert image.mode == "1" and image.width == paper.dots
    stream = read_escpos(encode_raster(receipt))
    bands = stream.find("raster")
    assert len(bands) > 1
    total_rows = 0
    for band in bands:
        header = band.args[:8]
        assert header[3] == 0  # normal size
        assert int.from_bytes(header[4:6], "little") == row_bytes
        rows = int.from_bytes(header[6:8], "little")
        assert len(band.args) - 8 == row_bytes * rows
        total_rows += rows
    assert total_rows == image.height
    assert stream.names()[0] == "init" and stream.names()[-1] == "cut"
    assert "chinese_mode" not in stream.names()  # no printer font is used


def test_raster_bits_are_dots_where_the_image_is_black() -> None:
    image = Image.new("1", (16, 2), 1)  # white
    image.putpixel((0, 0), 0)  # one black dot, top left
    data = raster_bands(image)
    assert data[:8] == b"\x1dv0\x00\x02\x00\x02\x00"
    assert data[8:] == bytes([0x80, 0x00, 0x00, 0x00])


def test_the_ticket_image_has_ink_in_the_number_and_checklist() -> None:
    image = render_image(build_receipt(sample_slip(), PAPER_80)).convert("L")
    black = image.histogram()[0]
    assert 0.03 < black / (image.width * image.height) < 0.5
    top = image.crop((0, 0, image.width, 40))
    assert top.histogram()[0] > 100  # the hall name is drawn at the top


def test_a_longer_checklist_makes_a_longer_image() -> None:
    short = render_image(build_receipt(dataclasses.replace(sample_slip(), materials=["无"]),
                                       PAPER_80))
    long = render_image(build_receipt(sample_slip(), PAPER_80))
    assert long.height > short.height + 5 * 24


def test_wide_text_is_stretched_to_its_width_multiplier() -> None:
    narrow = render_image(Receipt(PAPER_80, (TextLine("中", width=1, height=2),)))
    wide = render_image(Receipt(PAPER_80, (TextLine("中", width=2, height=2),)))
    def ink_width(image: Image.Image) -> int:
        box = image.convert("L").point(lambda v: 255 - v).getbbox()
        assert box is not None
        return box[2] - box[0]
    assert ink_width(wide) > 1.6 * ink_width(narrow)


def test_preview_png_is_the_raster_image() -> None:
    receipt = build_receipt(sample_slip(), PAPER_58)
    png = preview_png(receipt)
    assert png.startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(png))
    assert image.size == render_image(receipt).size
    assert image.width == 384


def test_missing_configured_font_is_reported_clearly() -> None:
    with pytest.raises(FontNotFound) as caught:
        find_font("/nonexistent/NoSuchFont.ttc")
    assert "/nonexistent/NoSuchFont.ttc" in caught.value.message
    with pytest.raises(FontNotFound):
        encode(build_receipt(sample_slip(), PAPER_80), Mode.RASTER, "/nonexistent/x.ttf")


def test_raster_print_without_a_font_fails_with_a_chinese_reason(tmp_path) -> None:  # type: ignore[no-untyped-def]
    outcome = print_slip(sample_slip(), f"preview://{tmp_path}?mode=raster", timeout=1,
                         font_path=str(tmp_path / "missing.ttf"))
    assert outcome.status is PrintStatus.ERROR
    assert "字体" in outcome.reason and "missing.ttf" in outcome.reason
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_a_font_file_that_is_not_a_font_is_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"not a font")
    with pytest.raises(FontNotFound) as caught:
        find_font(str(bogus))
    assert "无法读取" in caught.value.message
