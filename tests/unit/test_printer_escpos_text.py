"""Text mode for Chinese printers: FS &, GB18030 for every run, GS ! sizes, native QR, cut.

``read_escpos`` below is an independent reader of the byte stream (also used by the
integration tests): it knows the commands, not our encoder.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from escpos.printer import Dummy

from bianmin.printer.escpos_text import encode_text
from bianmin.printer.layout import build_receipt
from bianmin.printer.receipt import PAPER_58, PAPER_80, Receipt, TextLine
from bianmin.printer.slip import sample_slip

ESC, FS, GS, DLE = 0x1B, 0x1C, 0x1D, 0x10


@dataclass
class Command:
    name: str
    args: bytes = b""


@dataclass
class EscposStream:
    commands: list[Command] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # text decoded as GB18030, one per LF

    def names(self) -> list[str]:
        return [c.name for c in self.commands]

    def find(self, name: str) -> list[Command]:
        return [c for c in self.commands if c.name == name]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def read_escpos(data: bytes) -> EscposStream:
    """Split a byte stream into commands and GB18030 text lines; unknown commands fail."""
    stream = EscposStream()
    pending = bytearray()

    def flush_text() -> None:
        stream.commands.append(Command("text", bytes(pending)))
        stream.lines.append(pending.decode("gb18030"))  # strict: any stray byte fails
        pending.clear()

    i = 0
    while i < len(data):
        byte = data[i]
        two = data[i : i + 2]
        if byte == 0x0A:
            flush_text()
            i += 1
        elif byte >= 0x81:  # a GB18030 lead byte: 2 bytes, or 4 when the second is a digit
            width = 4 if 0x30 <= data[i + 1] <= 0x39 else 2
            pending += data[i : i + width]
            i += width
        elif two == bytes([ESC, ord("@")]):
            stream.commands.append(Command("init"))
            i += 2
        elif two == bytes([FS, ord("&")]):
            stream.commands.append(Command("chinese_mode"))
            i += 2
        elif two == bytes([FS, ord(".")]):
            stream.commands.append(Command("chinese_off"))
            i += 2
        elif byte in (ESC, GS) and chr(data[i + 1]) in "aEd!BV" and two != bytes([ESC, ord("V")]):
            name = {(ESC, "a"): "align", (ESC, "E"): "bold", (ESC, "d"): "feed",
                    (GS, "!"): "size", (GS, "B"): "inverse", (GS, "V"): "cut"}[
                (byte, chr(data[i + 1]))]
            width = 4 if name == "cut" and data[i + 2] in (65, 66) else 3
            stream.commands.append(Command(name, data[i + 2 : i + width]))
            i += width
        elif data[i : i + 3] == bytes([GS, ord("("), ord("k")]):
            length = int.from_bytes(data[i + 3 : i + 5], "little")
            stream.commands.append(Command("qr", data[i + 5 : i + 5 + length]))
            i += 5 + length
        elif data[i : i + 3] == bytes([GS, ord("v"), ord("0")]):
            row_bytes = int.from_bytes(data[i + 4 : i + 6], "little")
            rows = int.from_bytes(data[i + 6 : i + 8], "little")
            header = data[i : i + 8]
            size = row_bytes * rows
            stream.commands.append(Command("raster", header + data[i + 8 : i + 8 + size]))
            i += 8 + size
        elif data[i : i + 2] == bytes([DLE, 0x04]):
            stream.commands.append(Command("status_query", data[i + 2 : i + 3]))
            i += 3
        elif 0x20 <= byte < 0x7F:
            pending.append(byte)
            i += 1
        else:
            raise AssertionError(f"unexpected byte 0x{byte:02x} at {i}: {data[i:i + 8]!r}")
    if pending:
        flush_text()
    return stream


def _encoded(**changes: object) -> EscposStream:
    slip = dataclasses.replace(sample_slip(), **changes)
    return read_escpos(encode_text(build_receipt(slip, PAPER_80)))


def test_chinese_mode_is_switched_on_right_after_init() -> None:
    stream = _encoded()
    assert stream.names()[:2] == ["init", "chinese_mode"]


def test_all_text_decodes_back_from_gb18030() -> None:
    stream = _encoded()
    text = stream.text
    assert "六十二团便民服务中心" in text
    assert "办理事项：高龄津贴的审核" in text
    assert "投诉电话：12345" in text
    assert "过号可扫码重新排队一次" in text


def test_full_width_punctuation_alone_is_sent_as_gb18030_not_question_marks() -> None:
    receipt = Receipt(PAPER_80, (TextLine("，："),))
    data = encode_text(receipt)
    assert "，：".encode("gb18030") in data
    assert b"??" not in data
    # python-escpos' own text() is what this encoder avoids: it sends "??" here
    dummy = Dummy()
    dummy.text("，：")
    assert "，：".encode("gb18030") not in dummy.output


def test_ticket_number_is_printed_large_with_gs_exclamation() -> None:
    stream = _encoded(number="B107")
    texts = [i for i, c in enumerate(stream.commands) if c.name == "text" and c.args == b"B107"]
    assert len(texts) == 1
    preceding = [c for c in stream.commands[: texts[0]] if c.name == "size"]
    assert preceding[-1].args == bytes([0x33])  # 4 × 4
    # and Chinese printers never get the ASCII-only ESC ! size command
    assert b"\x1b!" not in encode_text(build_receipt(sample_slip(), PAPER_80))


def test_qr_code_uses_the_native_command_sequence_with_the_payload() -> None:
    url = "http://10.0.0.5:5000/t/981?k=abc123"
    qr = _encoded(status_url=url).find("qr")
    assert [c.args[:2] for c in qr] == [b"1A", b"1C", b"1E", b"1P", b"1Q"]
    assert qr[0].args == b"1A2\x00"  # model 2
    assert qr[1].args[2] == 6  # module size on 80 mm paper
    assert qr[2].args == b"1E" + bytes([49])  # error correction M
    assert qr[3].args == b"1P0" + url.encode()
    assert qr[4].args == b"1Q0"


def test_no_qr_code_without_a_status_url() -> None:
    stream = _encoded(status_url="")
    assert stream.find("qr") == []
    assert "扫码" not in stream.text
    # without the code, the no-show rule sends the visitor to a window instead
    assert "过号可到窗口重新排队一次" in stream.text


def test_paper_is_cut_at_the_very_end() -> None:
    data = encode_text(build_receipt(sample_slip(), PAPER_58))
    assert data.endswith(b"\x1dV\x01")
    stream = read_escpos(data)
    assert stream.names()[-1] == "cut"
    assert "feed" in stream.names()[-3:]


def test_green_channel_mark_is_printed_white_on_black() -> None:
    stream = _encoded(priority_green=True)
    marks = [i for i, line in enumerate(stream.lines) if "绿色通道" in line]
    assert len(marks) == 1
    assert [c.args for c in stream.find("inverse")] == [b"\x01", b"\x00"]
    assert "绿色通道" not in _encoded(priority_green=False).text


def test_rare_characters_outside_gbk_still_encode() -> None:
    stream = _encoded(scenario="𠀀字测试")  # a 4-byte GB18030 character
    assert "𠀀字测试" in stream.text
