"""Finding a CJK font for raster tickets and previews.

Raster mode exists for printers without a Chinese font, so the font is ours: the
``font_path`` setting if given, else the usual system places. Without one we say so instead
of printing boxes.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

from bianmin.errors import BianminError

# searched in order when no font_path is set; the first that exists wins
SYSTEM_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian/Ubuntu fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",  # Fedora
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # fonts-wqy-zenhei
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # fonts-wqy-microhei
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)
SYSTEM_GLOBS = ("/usr/share/fonts/**/*CJK*.tt[cf]", "/usr/share/fonts/**/*[Hh]ei*.tt[cf]")
# within a collection, prefer Simplified Chinese glyph shapes (monospaced Latin first)
PREFERRED_FACES = ("Sans Mono CJK SC", "Sans CJK SC", "Serif CJK SC", " SC", "Hei")


class FontNotFound(BianminError):
    code = "font_not_found"
    message = (
        "找不到中文字体，无法生成图像小票。请安装 fonts-noto-cjk（或文泉驿字体），"
        "或在设置 font_path 中指定字体文件。"
    )


@dataclass(frozen=True)
class FontChoice:
    regular: str
    bold: str  # same as regular when the family has no bold file (then bold is stroked)
    regular_index: int
    bold_index: int

    @property
    def synthetic_bold(self) -> bool:
        return self.bold == self.regular and self.bold_index == self.regular_index

    def get(self, size: int, bold: bool) -> ImageFont.FreeTypeFont:
        if bold and not self.synthetic_bold:
            return _load(self.bold, self.bold_index, size)
        return _load(self.regular, self.regular_index, size)


def find_font(font_path: str = "") -> FontChoice:
    """The configured font, or the first CJK font found on this system."""
    if font_path:
        if not os.path.isfile(font_path):
            raise FontNotFound(f"设置 font_path 指定的字体文件不存在：{font_path}")
        return _choice(font_path)
    found = _first_system_font()
    if found is None:
        raise FontNotFound()
    return _choice(found)


@lru_cache(maxsize=1)
def _first_system_font() -> str | None:
    for path in SYSTEM_FONTS:
        if os.path.isfile(path):
            return path
    for pattern in SYSTEM_GLOBS:
        matches = sorted(glob.glob(pattern, recursive=True))
        if matches:
            return matches[0]
    return None


@lru_cache(maxsize=8)
def _choice(path: str) -> FontChoice:
    try:
        regular_index = _best_face(path)
    except OSError as exc:
        raise FontNotFound(f"字体文件无法读取：{path}（{exc}）") from exc
    bold_path = _bold_sibling(path)
    bold_index = _best_face(bold_path) if bold_path != path else regular_index
    return FontChoice(path, bold_path, regular_index, bold_index)


def _bold_sibling(path: str) -> str:
    for marker in ("-Regular", "Regular"):
        if marker in path:
            candidate = path.replace(marker, marker.replace("Regular", "Bold"))
            if os.path.isfile(candidate):
                return candidate
    return path


def _best_face(path: str) -> int:
    """The index of the Simplified Chinese face inside a font collection (0 for a .ttf)."""
    names: list[str] = []
    for index in range(16):
        try:
            names.append(ImageFont.truetype(path, 12, index=index).getname()[0] or "")
        except OSError:
            if index == 0:
                raise
            break
    for wanted in PREFERRED_FACES:
        for index, name in enumerate(names):
            if wanted in name:
                return index
    return 0


@lru_cache(maxsize=64)
def _load(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)
