"""Where clips come from: a hall's own recordings first, else the default set shipped here.

A hall's clips live in the instance folder, ``<instance>/voice/<hall>/<name>.wav`` (not in
the database: they are files, replaced whole, and backed up with the instance folder).
Every stored clip was checked when it came in; one that no longer reads (edited by hand)
is skipped in favour of the default, with a warning in the log.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bianmin.voice.sentence import CLIP_NAMES, DIGIT_WORDS, PAUSE, WORDS
from bianmin.voice.wavjoin import Clip, ClipRefused, read_clip

log = logging.getLogger(__name__)
DEFAULT_DIR = Path(__file__).resolve().parent / "clips"


class UnknownClipName(ClipRefused):
    def __init__(self, name: str) -> None:
        super().__init__(f"没有名为 {name!r} 的录音位置；可用的名字：{'、'.join(CLIP_NAMES)}。")


def says(name: str) -> str:
    """What the clip says: 请, 零, A, （停顿）."""
    if name == PAUSE:
        return "（停顿）"
    return WORDS.get(name) or DIGIT_WORDS.get(name) or name


def hall_dir(instance: Path, hall: str) -> Path:
    return instance / "voice" / hall


def check_name(name: str) -> str:
    if name not in CLIP_NAMES:
        raise UnknownClipName(name)
    return name


def check_clip(name: str, data: bytes) -> Clip:
    """The clip if ``data`` is usable under ``name``, else ClipRefused (Chinese message)."""
    return read_clip(data, pause=check_name(name) == PAUSE)


@dataclass(frozen=True)
class Source:
    """The file a clip name resolves to, and whether it is the hall's own."""

    name: str
    path: Path
    own: bool


def resolve(instance: Path, hall: str, name: str) -> Source:
    own = hall_dir(instance, hall) / f"{name}.wav"
    if own.is_file():
        return Source(name, own, True)
    return Source(name, DEFAULT_DIR / f"{name}.wav", False)


def load(source: Source, hall: str) -> Clip:
    """The clip of ``source``; a hall clip that no longer reads falls back to the default."""
    try:
        return check_clip(source.name, source.path.read_bytes())
    except (OSError, ClipRefused) as exc:
        if not source.own:
            raise
        log.warning("voice clip %s of hall %s unusable (%s): the default is used", source.name, hall, exc)
        return check_clip(source.name, (DEFAULT_DIR / f"{source.name}.wav").read_bytes())


def store(instance: Path, hall: str, name: str, data: bytes) -> Clip:
    """Check ``data`` and keep it as the hall's clip ``name`` (atomically replacing any)."""
    clip = check_clip(name, data)
    folder = hall_dir(instance, hall)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, folder / f"{name}.wav")
    return clip


def listing(instance: Path, hall: str) -> list[dict]:
    """Every clip name: what it says, whether the hall has its own, its length and rate."""
    rows = []
    for name in CLIP_NAMES:
        source = resolve(instance, hall, name)
        clip: Clip | None = None
        own = False
        try:
            if source.own:
                try:
                    clip, own = check_clip(name, source.path.read_bytes()), True
                except (OSError, ClipRefused):
                    source = Source(name, DEFAULT_DIR / f"{name}.wav", False)
            if clip is None:
                clip = check_clip(name, source.path.read_bytes())
        except (OSError, ClipRefused):
            clip = None
        rows.append({"name": name, "says": says(name), "own": own,
                     "seconds": round(clip.seconds, 3) if clip else None,
                     "rate": clip.rate if clip else None})
    return rows
