"""Read, check and join WAV clips with the standard library only (no binaries at run time).

A clip is mono 16-bit PCM at 8-48 kHz. Clips of different rates (a hall's own recordings
at 44.1 kHz, the default set at 22.05 kHz) are joined at the highest rate among them, the
others resampled by linear interpolation (speech clips; good enough, and no dependency).
"""

from __future__ import annotations

import io
import sys
import wave
from array import array
from dataclasses import dataclass

MIN_RATE, MAX_RATE = 8000, 48000
# a word clip (请, 窗口, A …) and the pause clip, in seconds
MIN_SECONDS, MAX_SECONDS, MAX_PAUSE_SECONDS = 0.05, 3.0, 1.0
# a clip file is at most this big (3 s at 48 kHz is 288 KB)
MAX_BYTES = 512 * 1024


class ClipRefused(ValueError):
    """A clip that cannot be used as it is; the message says why, in Chinese."""


@dataclass(frozen=True)
class Clip:
    rate: int
    # the samples, little-endian signed 16-bit
    frames: bytes

    @property
    def seconds(self) -> float:
        return len(self.frames) / 2 / self.rate


def read_clip(data: bytes, *, pause: bool = False) -> Clip:
    """The clip in ``data``, or ClipRefused: nothing is converted, a wrong file is refused."""
    if len(data) > MAX_BYTES:
        raise ClipRefused(f"文件太大（{len(data) // 1024} KB），一段录音最多 {MAX_BYTES // 1024} KB。")
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            frames = w.readframes(w.getnframes())
    except (wave.Error, EOFError) as exc:
        if "unknown format" in str(exc):
            raise ClipRefused("只接受未压缩的 PCM 编码 WAV（16 位单声道），请用录音软件另存为 PCM。") from None
        raise ClipRefused("不是 WAV 文件，请上传 16 位单声道 PCM 编码的 WAV 录音。") from None
    if channels != 1:
        raise ClipRefused(f"录音是 {channels} 声道的，请另存为单声道（mono）。")
    if width != 2:
        raise ClipRefused(f"录音是 {width * 8} 位的，请另存为 16 位 PCM。")
    if not MIN_RATE <= rate <= MAX_RATE:
        raise ClipRefused(f"采样率 {rate} Hz 不可用，请用 {MIN_RATE}–{MAX_RATE} Hz（建议 22050 或 44100）。")
    clip = Clip(rate, frames[: len(frames) // 2 * 2])
    longest = MAX_PAUSE_SECONDS if pause else MAX_SECONDS
    if not (0 if pause else MIN_SECONDS) <= clip.seconds <= longest:
        raise ClipRefused(f"录音长 {clip.seconds:.2f} 秒，应在 {0 if pause else MIN_SECONDS}–{longest} 秒之间"
                          "（一段录音只说一个词，前后不留长的静音）。")
    return clip


def samples(clip: Clip) -> array:
    values = array("h")
    values.frombytes(clip.frames)
    if sys.byteorder == "big":
        values.byteswap()
    return values


def resample(clip: Clip, rate: int) -> array:
    """The clip's samples at ``rate`` (linear interpolation; unchanged at the same rate)."""
    source = samples(clip)
    if clip.rate == rate or not source:
        return source
    count = max(1, round(len(source) * rate / clip.rate))
    step = clip.rate / rate
    last = len(source) - 1
    out = array("h", bytes(2 * count))
    for i in range(count):
        pos = i * step
        j = int(pos)
        if j >= last:
            out[i] = source[last]
            continue
        frac = pos - j
        out[i] = int(source[j] + (source[j + 1] - source[j]) * frac)
    return out


def resampled(clip: Clip, rate: int) -> Clip:
    """The clip at ``rate`` as a Clip (little-endian frames)."""
    values = resample(clip, rate)
    if sys.byteorder == "big":
        values.byteswap()
    return Clip(rate, values.tobytes())


@dataclass(frozen=True)
class Joined:
    """A joined sentence: the WAV file, and where each clip starts and ends (in frames)."""

    wav: bytes
    rate: int
    # (name, first frame, end frame) of every clip, pauses included
    segments: tuple[tuple[str, int, int], ...]

    @property
    def seconds(self) -> float:
        return (self.segments[-1][2] / self.rate) if self.segments else 0.0


def join(parts: list[tuple[str, Clip]]) -> Joined:
    """One mono 16-bit WAV of the clips in order, at the highest rate among them."""
    rate = max((clip.rate for _, clip in parts), default=22050)
    out = array("h")
    segments = []
    for name, clip in parts:
        start = len(out)
        out.extend(resample(clip, rate))
        segments.append((name, start, len(out)))
    if sys.byteorder == "big":
        out.byteswap()
    return Joined(wav_bytes(out.tobytes(), rate), rate, tuple(segments))


def wav_bytes(frames: bytes, rate: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)
    return buffer.getvalue()
