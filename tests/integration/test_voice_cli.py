"""``bianmin voice import|list|say`` as a hall's staff would run them (real processes)."""

from __future__ import annotations

import io
import wave
from pathlib import Path

from tests.support.cli import Ran, run_bianmin
from tests.unit.test_voice import tone


def bianmin(instance: Path, *args: str) -> Ran:
    """``bianmin voice ARGS`` (in this process: tests/support/cli.py)."""
    return run_bianmin("voice", *args, "--instance", str(instance))


def test_a_folder_of_recordings_becomes_the_halls_clips(instance: Path, demo_sqlite: Path, tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / "qing.wav").write_bytes(tone(0.4))
    (folder / "7.wav").write_bytes(tone(0.3, 44100))
    done = bianmin(instance, "import", str(folder), "--hall", "demo")
    assert done.returncode == 0, done.stderr
    assert "已导入 2 段录音" in done.stdout and "其余 43 段仍用默认录音" in done.stdout
    assert (instance / "voice" / "demo" / "qing.wav").read_bytes() == tone(0.4)
    listed = bianmin(instance, "list", "--hall", "demo").stdout
    assert "qing\t请\t本中心录音\t0.40 秒\t22050" in listed
    assert "7\t七\t本中心录音\t0.30 秒\t44100" in listed and "hao\t号\t默认" in listed
    out = tmp_path / "a012.wav"
    said = bianmin(instance, "say", "A017", "24", "--hall", "demo", "--out", str(out))
    assert said.returncode == 0 and "请A零一七号到二十四号窗口办理" in said.stdout
    with wave.open(io.BytesIO(out.read_bytes()), "rb") as w:
        assert w.getframerate() == 44100 and 2.0 <= w.getnframes() / 44100 <= 8.0


def test_one_bad_file_stops_the_whole_import_with_a_message_per_file(
    instance: Path, demo_sqlite: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / "qing.wav").write_bytes(tone(0.4))
    (folder / "hao.wav").write_bytes(tone(0.4, channels=2))
    (folder / "dao.mp3").write_bytes(b"ID3 not converted")
    (folder / "hello.wav").write_bytes(tone(0.4))
    (folder / "banli.wav").write_bytes(tone(5.0))
    done = bianmin(instance, "import", str(folder), "--hall", "demo")
    assert done.returncode == 1 and done.stdout == ""
    assert "没有导入任何录音，4 个问题" in done.stderr
    assert "hao.wav: 录音是 2 声道的" in done.stderr
    assert "dao.mp3: 不是 .wav 文件" in done.stderr
    assert "hello.wav: 没有名为 'hello' 的录音位置" in done.stderr
    assert "banli.wav: 录音长 5.00 秒" in done.stderr
    assert not (instance / "voice" / "demo").exists()
    unknown = bianmin(instance, "import", str(folder), "--hall", "nohall")
    assert unknown.returncode == 1 and "没有代码为 nohall 的服务中心" in unknown.stderr
    for args in (("list", "--hall", "../x"), ("say", "A012", "1", "--hall", "nohall", "--out", "x.wav")):
        refused = bianmin(instance, *args)
        assert refused.returncode == 1 and "没有代码为" in refused.stderr, args
