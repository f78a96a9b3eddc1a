"""Printer URLs are parsed strictly, and a bad one says what is wrong in Chinese."""

from __future__ import annotations

import pytest

from bianmin.printer.device import InvalidPrinterUrl, Mode, parse_printer_url, redact
from bianmin.printer.paper_status import PaperState, decode_paper_status
from bianmin.printer.receipt import PAPER_58, PAPER_80


def test_network_printer_with_default_port() -> None:
    device = parse_printer_url("tcp://192.168.1.50")
    assert (device.scheme, device.host, device.port) == ("tcp", "192.168.1.50", 9100)
    assert device.mode is Mode.TEXT and device.paper is PAPER_80 and device.timeout is None
    assert str(device) == "tcp://192.168.1.50:9100"


def test_options_choose_raster_mode_58mm_paper_and_timeout() -> None:
    device = parse_printer_url("tcp://printer.local:9101?mode=raster&paper=58&timeout=1.5")
    assert device.mode is Mode.RASTER and device.paper is PAPER_58 and device.timeout == 1.5
    assert str(device) == "tcp://printer.local:9101?mode=raster&paper=58&timeout=1.5"


def test_usb_serial_file_and_preview() -> None:
    usb = parse_printer_url("usb://0416:5011?out_ep=0x03")
    assert (usb.vendor_id, usb.product_id, usb.out_ep, usb.in_ep) == (0x0416, 0x5011, 3, 0x82)
    serial = parse_printer_url("serial:///dev/ttyUSB0?baudrate=19200")
    assert (serial.path, serial.baudrate) == ("/dev/ttyUSB0", 19200)
    assert parse_printer_url("file:///dev/usb/lp0").path == "/dev/usb/lp0"
    assert parse_printer_url("preview:///var/prints").path == "/var/prints"
    assert parse_printer_url("preview://prints?paper=58").path == "prints"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "没有设置"),
        ("http://192.168.1.50", "不支持"),
        ("tcp://", "缺少主机"),
        ("tcp://host:70000", "1–65535"),
        ("tcp://host:abc", "1–65535"),
        ("tcp://host:0", "1–65535"),
        ("tcp://host:", "端口是空的"),
        ("tcp://host/queue", "只写主机和端口"),
        ("tcp://host?color=red", "不认识的参数“color”"),
        ("tcp://host?mode=text&mode=raster", "重复"),
        ("tcp://host?mode=image", "text 或 raster"),
        ("tcp://host?paper=57", "80 或 58"),
        ("tcp://host?timeout=0", "timeout"),
        ("tcp://host?timeout=600", "timeout"),
        ("tcp://host?baudrate=9600", "不认识的参数“baudrate”"),
        ("usb://printer", "厂商号:产品号"),
        ("usb://0416:zz11", "厂商号:产品号"),
        ("usb://0000:0001", "不能为 0"),
        ("serial://dev/ttyUSB0", "完整的设备路径"),
        ("serial:///dev/ttyUSB0?baudrate=1234", "baudrate"),
        ("file:lp0", "完整的设备路径"),
        ("preview://", "缺少文件夹"),
        ("tcp://host#x", "不能带"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(url: str, words: str) -> None:
    with pytest.raises(InvalidPrinterUrl) as caught:
        parse_printer_url(url)
    assert words in caught.value.message
    assert caught.value.code == "invalid_printer_url"


def test_credentials_never_appear_in_messages_or_stored_urls() -> None:
    assert redact("tcp://admin:s3cret@10.0.0.9:9100") == "tcp://10.0.0.9:9100"
    assert str(parse_printer_url("tcp://admin:s3cret@10.0.0.9:9100")) == "tcp://10.0.0.9:9100"
    with pytest.raises(InvalidPrinterUrl) as caught:
        parse_printer_url("tcp://admin:s3cret@10.0.0.9:9100?bad=1")
    assert "s3cret" not in caught.value.message


@pytest.mark.parametrize(
    ("byte", "state"),
    [(0x12, PaperState.OK), (0x1E, PaperState.LOW), (0x72, PaperState.OUT),
     (0x7E, PaperState.OUT), (0x00, None), (0xFF, None), (0x13, None)],
)
def test_paper_sensor_answers_are_decoded(byte: int, state: PaperState | None) -> None:
    assert decode_paper_status(byte) is state
