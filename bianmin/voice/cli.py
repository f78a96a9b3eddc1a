"""``bianmin voice import|list|say``: a hall's own recordings from the command line.

``import DIR --hall CODE`` takes every ``<name>.wav`` of the folder (names as in
docs/display.md: qing, hao, 0-9, A-Z, pause …). It is all or nothing: every file is
checked first, and one that is not a usable clip (wrong name, not mono 16-bit PCM, too
long) stops the import with a message per file; nothing is converted.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import select

from bianmin.catalog.halls import HALL_CODE
from bianmin.settings import Settings
from bianmin.voice import clipset
from bianmin.voice.sentence import CLIP_NAMES, TICKET


def _hall_exists(settings: Settings, hall: str) -> bool:
    """Whether the hall is in the database (a code of another form never is)."""
    from bianmin.catalog.models import Hall
    from bianmin.command_db import command_database

    if not HALL_CODE.match(hall):
        return False
    with command_database(settings) as db, db.read() as session:
        return session.scalar(select(Hall.id).where(Hall.code == hall)) is not None


def import_clips(settings: Settings, folder: Path, *, hall: str | None, dry_run: bool = False) -> int:
    hall = hall or settings.default_hall
    if not folder.is_dir():
        print(f"bianmin: 找不到文件夹 {folder}", file=sys.stderr)
        return 2
    if not _hall_exists(settings, hall):
        print(f"bianmin: 没有代码为 {hall} 的服务中心（bianmin hall add）。", file=sys.stderr)
        return 1
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    problems: list[str] = []
    ready: list[tuple[str, bytes, float, int]] = []
    for path in files:
        if path.suffix.lower() != ".wav":
            problems.append(f"{path.name}: 不是 .wav 文件（只接受 16 位单声道 PCM WAV，本程序不转换格式）")
            continue
        data = path.read_bytes()
        try:
            clip = clipset.check_clip(path.stem, data)
        except clipset.ClipRefused as exc:
            problems.append(f"{path.name}: {exc}")
            continue
        ready.append((path.stem, data, clip.seconds, clip.rate))
    if not files:
        problems.append(f"{folder} 里没有任何 .wav 文件")
    if problems:
        print(f"bianmin: 没有导入任何录音，{len(problems)} 个问题：", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    for name, data, seconds, rate in ready:
        if not dry_run:
            clipset.store(settings.instance, hall, name, data)
        print(f"{name}\t{clipset.says(name)}\t{seconds:.2f} 秒\t{rate} Hz")
    missing = [n for n in CLIP_NAMES if not (clipset.hall_dir(settings.instance, hall) / f"{n}.wav").is_file()]
    verb = "可以导入" if dry_run else "已导入"
    print(f"{verb} {len(ready)} 段录音到服务中心 {hall}（{clipset.hall_dir(settings.instance, hall)}）。"
          + (f"其余 {len(missing)} 段仍用默认录音。" if missing and not dry_run else ""))
    return 0


def list_clips(settings: Settings, *, hall: str | None) -> int:
    hall = hall or settings.default_hall
    if not _hall_exists(settings, hall):
        print(f"bianmin: 没有代码为 {hall} 的服务中心（bianmin hall add）。", file=sys.stderr)
        return 1
    print("名字\t内容\t来源\t长度\t采样率")
    for row in clipset.listing(settings.instance, hall):
        seconds = f"{row['seconds']:.2f} 秒" if row["seconds"] is not None else "-"
        print(f"{row['name']}\t{row['says']}\t{'本中心录音' if row['own'] else '默认'}\t{seconds}\t{row['rate'] or '-'}")
    return 0


def say(settings: Settings, ticket: str, window: int, *, hall: str | None, out: Path, recall: bool) -> int:
    """Write the sentence of one call to ``out`` (to listen to a hall's recordings)."""
    from bianmin.voice.announce import compose
    from bianmin.voice.sentence import chinese, sentence

    hall = hall or settings.default_hall
    if not _hall_exists(settings, hall):
        print(f"bianmin: 没有代码为 {hall} 的服务中心（bianmin hall add）。", file=sys.stderr)
        return 1
    if not TICKET.match(ticket):
        print("bianmin: 票号格式不对：应为 1–2 个大写字母加 3–6 位数字，例如 A012。", file=sys.stderr)
        return 2
    try:
        names = sentence(ticket, window, recall=recall)
    except ValueError:
        print("bianmin: 窗口号应为 1–999 的整数。", file=sys.stderr)
        return 2
    joined = compose(settings.instance, hall, names)
    out.write_bytes(joined.wav)
    print(f"{chinese(names)}：{joined.seconds:.2f} 秒，写入 {out}")
    return 0
