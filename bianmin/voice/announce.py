"""The audio of one call, joined from clips and kept per sentence in the instance folder.

The cache is a file per sentence, ``<instance>/voice-cache/<hall>/<sentence>-<key>.wav``,
rather than memory: several server processes (docs/realtime.md) share it, it survives a
restart, and it costs no RAM on a small hall PC. ``key`` is a hash of the clip files used
(path, size, modification time), so a newly uploaded clip makes new files at once. Each
hall keeps at most ``MAX_CACHED`` files; the oldest go first.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from bianmin.voice import clipset
from bianmin.voice.sentence import PAUSE, sentence
from bianmin.voice.wavjoin import Clip, Joined, join, resampled

MAX_CACHED = 300
# clips resampled to another rate, kept in memory: resampling is pure Python (~0.1 s for a
# sentence's worth of clips), so each clip is resampled once per process, not per sentence
MAX_RESAMPLED = 256
_resampled: OrderedDict[tuple, Clip] = OrderedDict()
_resampled_lock = threading.Lock()


@dataclass(frozen=True)
class Announcement:
    wav: bytes
    cached: bool
    # where each clip starts and ends (None when served from the cache)
    joined: Joined | None


def parts(instance: Path, hall: str, names: list[str]) -> list[tuple[clipset.Source, ...]]:
    """The sources of the sentence, with the pause clip between every two clips."""
    pause = clipset.resolve(instance, hall, PAUSE)
    out: list[tuple[clipset.Source, ...]] = []
    for i, name in enumerate(names):
        out.append((clipset.resolve(instance, hall, name),) if i == 0
                   else (pause, clipset.resolve(instance, hall, name)))
    return out


def compose(instance: Path, hall: str, names: list[str]) -> Joined:
    """The joined audio of ``names`` (pauses put in), uncached, at the highest clip rate."""
    loaded: dict[Path, Clip] = {}
    sources: list[clipset.Source] = []
    for group in parts(instance, hall, names):
        for source in group:
            if source.path not in loaded:
                loaded[source.path] = clipset.load(source, hall)
            sources.append(source)
    rate = max((clip.rate for clip in loaded.values()), default=22050)
    return join([(s.name, at_rate(s, loaded[s.path], rate)) for s in sources])


def at_rate(source: clipset.Source, clip: Clip, rate: int) -> Clip:
    """``clip`` at ``rate``, resampled once and then remembered (per file version)."""
    if clip.rate == rate:
        return clip
    try:
        stat = source.path.stat()
        key: tuple = (str(source.path), stat.st_size, stat.st_mtime_ns, rate)
    except OSError:
        key = (str(source.path), None, None, rate)
    with _resampled_lock:
        found = _resampled.get(key)
        if found is not None:
            _resampled.move_to_end(key)
            return found
    made = resampled(clip, rate)
    with _resampled_lock:
        _resampled[key] = made
        while len(_resampled) > MAX_RESAMPLED:
            _resampled.popitem(last=False)
    return made


def cache_dir(instance: Path, hall: str) -> Path:
    return instance / "voice-cache" / hall


def cache_key(instance: Path, hall: str, names: list[str]) -> str:
    digest = hashlib.sha256()
    for group in parts(instance, hall, names):
        for source in group:
            try:
                stat = source.path.stat()
                digest.update(f"{source.path}|{stat.st_size}|{stat.st_mtime_ns};".encode())
            except OSError:
                digest.update(f"{source.path}|missing;".encode())
    return digest.hexdigest()[:16]


def announcement(instance: Path, hall: str, ticket: str, window: int, *, recall: bool = False) -> Announcement:
    """The WAV of "（重呼）请<ticket>号到<window>号窗口办理" for ``hall``, from the cache if there."""
    names = sentence(ticket, window, recall=recall)
    folder = cache_dir(instance, hall)
    path = folder / f"{ticket}-{window}{'-r' if recall else ''}-{cache_key(instance, hall, names)}.wav"
    try:
        return Announcement(path.read_bytes(), True, None)
    except OSError:
        pass
    joined = compose(instance, hall, names)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(fd, "wb") as out:
        out.write(joined.wav)
    os.replace(tmp, path)
    prune(folder)
    return Announcement(joined.wav, False, joined)


def prune(folder: Path, keep: int = MAX_CACHED) -> None:
    """Keep the ``keep`` newest sentences of the folder."""
    try:
        files = [e for e in os.scandir(folder) if e.name.endswith(".wav")]
    except OSError:
        return
    if len(files) <= keep:
        return
    files.sort(key=lambda e: e.stat().st_mtime_ns)
    for entry in files[: len(files) - keep]:
        try:
            os.unlink(entry.path)
        except OSError:
            pass
