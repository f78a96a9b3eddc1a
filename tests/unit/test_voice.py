"""The spoken announcement: which clips, in which order, joined into a valid WAV.

Real files throughout: the default clip set shipped in the package, a temporary instance
folder for a hall's own clips and the sentence cache.
"""

from __future__ import annotations

import io
import os
import wave
from array import array
from pathlib import Path

import pytest

from bianmin.voice import clipset
from bianmin.voice.announce import MAX_CACHED, announcement, compose, prune
from bianmin.voice.sentence import CLIP_NAMES, PAUSE, chinese, sentence, window_words
from bianmin.voice.wavjoin import Clip, ClipRefused, read_clip, resample

A012_24 = ["qing", "A", "0", "1", "2", "hao", "dao", "2", "shi", "4", "hao", "chuangkou", "banli"]


def tone(seconds: float, rate: int = 22050, *, channels: int = 1, width: int = 2, level: int = 9000) -> bytes:
    """A WAV of a square wave: recognisable samples, any format."""
    count = int(seconds * rate)
    samples = bytes()
    frame = (level.to_bytes(width, "little", signed=True) if width > 1 else bytes([200])) * channels
    low = ((-level).to_bytes(width, "little", signed=True) if width > 1 else bytes([50])) * channels
    samples = b"".join(frame if (i // 20) % 2 else low for i in range(count))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(samples)
    return buffer.getvalue()


def frames_of(path: Path) -> bytes:
    return read_clip(path.read_bytes(), pause=path.stem == PAUSE).frames


def test_the_sentence_of_a012_at_window_24() -> None:
    names = sentence("A012", 24)
    assert names == A012_24
    assert chinese(names) == "请A零一二号到二十四号窗口办理"
    assert chinese(sentence("B105", 3, recall=True)) == "重呼请B一零五号到三号窗口办理"


@pytest.mark.parametrize(("window", "said"), [
    (1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (24, "二十四"), (100, "一百"),
    (105, "一百零五"), (110, "一百一十"), (119, "一百一十九"), (999, "九百九十九"),
])
def test_window_numbers_are_read_as_chinese_numbers(window: int, said: str) -> None:
    assert chinese(window_words(window)) == said


@pytest.mark.parametrize("ticket", ["a012", "A12", "012", "ABC012", "A0123456", "A 12", "Ａ012"])
def test_a_ticket_that_is_not_a_ticket_number_is_refused(ticket: str) -> None:
    with pytest.raises(ValueError):
        sentence(ticket, 1)
    for window in (0, 1000):
        with pytest.raises(ValueError):
            sentence("A012", window)


def test_every_default_clip_is_shipped_mono_16_bit_at_one_rate() -> None:
    rates = set()
    for name in CLIP_NAMES:
        with wave.open(str(clipset.DEFAULT_DIR / f"{name}.wav"), "rb") as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getcomptype()) == (1, 2, "NONE"), name
            rates.add(w.getframerate())
            seconds = w.getnframes() / w.getframerate()
        assert (0.05 if name != PAUSE else 0.02) <= seconds <= 1.2, (name, seconds)
    assert rates == {22050}


def test_the_joined_audio_is_the_clips_in_order_with_pauses(tmp_path: Path) -> None:
    made = announcement(tmp_path, "demo", "A012", 24)
    assert not made.cached and made.joined is not None
    with wave.open(io.BytesIO(made.wav), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        frames = w.readframes(w.getnframes())
        seconds = w.getnframes() / w.getframerate()
    assert 2.0 <= seconds <= 8.0, seconds
    assert abs(seconds - made.joined.seconds) < 1e-6
    spoken = [name for name, _, _ in made.joined.segments if name != PAUSE]
    assert spoken == A012_24
    names = [name for name, _, _ in made.joined.segments]
    assert names[1::2] == [PAUSE] * (len(A012_24) - 1)
    # each segment holds exactly that clip's samples, and the segments tile the file
    expected = b""
    end = 0
    for name, start, stop in made.joined.segments:
        assert start == end
        clip = frames_of(clipset.DEFAULT_DIR / f"{name}.wav")
        assert frames[2 * start: 2 * stop] == clip, name
        expected += clip
        end = stop
    assert frames == expected
    # a different order gives different audio: the check above can fail
    swapped = compose(tmp_path, "demo", ["qing", "A", "0", "2", "1", "hao"])
    assert swapped.wav not in made.wav


def test_the_second_request_is_served_from_the_cache(tmp_path: Path) -> None:
    first = announcement(tmp_path, "demo", "A012", 24)
    second = announcement(tmp_path, "demo", "A012", 24)
    assert (first.cached, second.cached) == (False, True)
    assert second.wav == first.wav
    assert len(list((tmp_path / "voice-cache" / "demo").glob("A012-24-*.wav"))) == 1
    recall = announcement(tmp_path, "demo", "A012", 24, recall=True)
    assert not recall.cached and len(recall.wav) > len(first.wav)


def test_a_hall_clip_overrides_the_default_and_renews_the_cache(tmp_path: Path) -> None:
    before = announcement(tmp_path, "town", "A012", 24)
    own = tone(0.4)
    clipset.store(tmp_path, "town", "qing", own)
    after = announcement(tmp_path, "town", "A012", 24)
    assert not after.cached and after.joined is not None
    name, start, stop = after.joined.segments[0]
    with wave.open(io.BytesIO(after.wav), "rb") as w:
        frames = w.readframes(w.getnframes())
    assert name == "qing" and frames[2 * start: 2 * stop] == read_clip(own).frames
    assert after.wav != before.wav
    # the rest are still the defaults, and another hall still has the default 请
    _, start, stop = after.joined.segments[2]
    assert frames[2 * start: 2 * stop] == frames_of(clipset.DEFAULT_DIR / "A.wav")
    assert announcement(tmp_path, "demo", "A012", 24).wav == before.wav
    rows = {row["name"]: row for row in clipset.listing(tmp_path, "town")}
    assert rows["qing"]["own"] and rows["qing"]["seconds"] == 0.4
    assert not rows["hao"]["own"] and rows["hao"]["says"] == "号"


def test_clips_of_another_rate_are_joined_at_the_highest_rate(tmp_path: Path) -> None:
    clipset.store(tmp_path, "town", "qing", tone(0.5, 44100))
    made = compose(tmp_path, "town", ["qing", "A"])
    assert made.rate == 44100
    name, start, stop = made.segments[2]
    a_clip = read_clip((clipset.DEFAULT_DIR / "A.wav").read_bytes())
    assert name == "A" and abs((stop - start) - 2 * len(a_clip.frames) // 2) <= 1
    assert abs(made.seconds - (0.5 + read_clip((clipset.DEFAULT_DIR / "pause.wav").read_bytes(), pause=True).seconds
                               + a_clip.seconds)) < 0.001


def test_resampling_keeps_the_shape() -> None:
    clip = Clip(8000, array("h", [0, 1000, 2000, 3000]).tobytes())
    assert list(resample(clip, 16000)) == [0, 500, 1000, 1500, 2000, 2500, 3000, 3000]
    assert list(resample(clip, 8000)) == [0, 1000, 2000, 3000]


@pytest.mark.parametrize(("name", "data", "words"), [
    ("qing", tone(0.5, channels=2), "单声道"),
    ("qing", tone(0.5, width=1), "16 位"),
    ("qing", tone(0.5, 96000), "采样率"),
    ("qing", tone(4.0), "秒"),
    ("qing", tone(0.01), "秒"),
    ("pause", tone(1.5), "秒"),
    ("qing", b"ID3\x03 an mp3 file", "不是 WAV"),
    ("qing", b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x03\x00\x01\x00" + bytes(40), "PCM"),
    ("qing", bytes(600 * 1024), "太大"),
    ("hello", tone(0.5), "没有名为"),
])
def test_a_clip_that_cannot_be_used_is_refused_and_not_stored(
    tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    with pytest.raises(ClipRefused) as refused:
        clipset.store(tmp_path, "town", name, data)
    assert words in str(refused.value)
    assert not (tmp_path / "voice" / "town" / f"{name}.wav").exists()


def test_a_broken_hall_clip_falls_back_to_the_default(tmp_path: Path) -> None:
    folder = clipset.hall_dir(tmp_path, "town")
    folder.mkdir(parents=True)
    (folder / "qing.wav").write_bytes(b"not a wav any more")
    made = compose(tmp_path, "town", ["qing"])
    assert made.wav == compose(tmp_path, "demo", ["qing"]).wav


def test_the_cache_keeps_the_newest_sentences(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    for i in range(MAX_CACHED + 5):
        path = folder / f"{i}.wav"
        path.write_bytes(b"x")
        os.utime(path, ns=(i * 10**9, i * 10**9))
    prune(folder)
    kept = sorted(int(p.stem) for p in folder.glob("*.wav"))
    assert kept == list(range(5, MAX_CACHED + 5))


def test_the_repeat_setting_is_1_to_3(tmp_path: Path) -> None:
    from bianmin.settings import SettingsError, load_settings

    here = {"instance": tmp_path}
    assert load_settings(here, environ={}).announce_repeat == 1
    assert load_settings(here, environ={"BIANMIN_ANNOUNCE_REPEAT": "2"}).announce_repeat == 2
    for bad in ("0", "4", "two"):
        with pytest.raises(SettingsError):
            load_settings(here, environ={"BIANMIN_ANNOUNCE_REPEAT": bad})
