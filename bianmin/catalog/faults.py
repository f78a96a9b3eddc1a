"""Faults that keep a catalog file from being imported, and reading the file's text.

An error names its line and says what to fix (docs/catalog.md, "Malformed files"): the
parser collects them as :class:`CatalogError`; :class:`CatalogFormatError` raises one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bianmin.errors import InvalidInput


class CatalogFormatError(InvalidInput):
    """The file is not a catalog we can read; ``line`` (1-based) says where, the message how to fix.

    ``kind`` names the fault (``wrong_columns``, ``bad_window`` …; docs/catalog.md).
    """

    code = "catalog_format"

    def __init__(self, line: int, message: str, detail: str = "", kind: str = "catalog_format") -> None:
        self.line = line
        self.detail = detail
        self.kind = kind
        self.text = message
        super().__init__(f"第{line}行：{message}", line=line)

    def as_error(self) -> CatalogError:
        return CatalogError(self.line, self.kind, self.text, self.detail)


@dataclass(frozen=True)
class CatalogError:
    """One fault that keeps the file from being imported; the row concerned was skipped."""

    line: int
    kind: str
    message: str
    # a short English description for logs and the CLI
    detail: str = ""

    def raised(self) -> CatalogFormatError:
        return CatalogFormatError(self.line, self.message, self.detail, self.kind)


class RowRefused(Exception):
    """A data row that cannot become a scenario, with every fault found in it."""

    def __init__(self, faults: list[CatalogError]) -> None:
        super().__init__(faults)
        self.faults = faults


def read_catalog_file(path: str | Path) -> str:
    """The file's text: UTF-8 (with or without BOM), or UTF-16 when it starts with a BOM.

    Excel's "Unicode text" export is UTF-16 with a BOM; anything else must be UTF-8. Bytes
    that do not decode raise a CatalogFormatError naming the line, never a guess.
    """
    return decode_catalog(Path(path).read_bytes())


def decode_catalog(data: bytes) -> str:
    """A catalog file's bytes as text, by the rules of :func:`read_catalog_file`."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CatalogFormatError(1, "文件以 UTF-16 标记开头，但内容无法按 UTF-16 读取。",
                                     kind="not_utf16") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "请在表格软件中另存为“UTF-8 编码的文本（制表符分隔）”。"
        try:
            data.decode("gb18030")
            hint = "文件看起来是 GBK/GB18030 编码，" + hint
        except UnicodeDecodeError:
            pass
        raise CatalogFormatError(
            line, f"第{exc.start + 1}个字节无法按 UTF-8 读取。{hint}",
            detail=f"byte {exc.start} is not UTF-8", kind="not_utf8",
        ) from exc
