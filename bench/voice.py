"""Announcement audio: the cost of joining a sentence, and of serving it from the cache.

    python bench/voice.py                 # 200 sentences, default clips
    python bench/voice.py --sentences 50 --own-rate 44100

Joins SENTENCES different calls (tickets A001…, windows 1-120) into a fresh instance
folder, then asks for each again (cache hits). With ``--own-rate`` the hall has its own 请
clip at that rate, so every other clip is resampled (the slow path). Prints the median and
p95 per sentence of both, the mean length of a sentence and the cache's size on disk.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bianmin.voice import clipset  # noqa: E402
from bianmin.voice.announce import announcement, cache_dir  # noqa: E402
from bianmin.voice.wavjoin import wav_bytes  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--own-rate", type=int, default=0, help="give the hall its own 请 at this rate")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        if args.own_rate:
            clipset.store(instance, "demo", "qing", wav_bytes(bytes(int(0.4 * args.own_rate) * 2), args.own_rate))
        calls = [(f"A{i:03d}", 1 + i % 120) for i in range(1, args.sentences + 1)]
        joins, hits, lengths = [], [], []
        for ticket, window in calls:
            start = time.perf_counter()
            made = announcement(instance, "demo", ticket, window)
            joins.append(time.perf_counter() - start)
            assert not made.cached and made.joined is not None
            lengths.append(made.joined.seconds)
        for ticket, window in calls:
            start = time.perf_counter()
            made = announcement(instance, "demo", ticket, window)
            hits.append(time.perf_counter() - start)
            assert made.cached
        size = sum(p.stat().st_size for p in cache_dir(instance, "demo").glob("*.wav"))
    rate = f", own 请 at {args.own_rate} Hz" if args.own_rate else ""
    print(f"{args.sentences} sentences{rate}: mean length {statistics.mean(lengths):.2f} s")
    print(f"join (miss): median {statistics.median(joins) * 1000:.1f} ms, p95 {percentile(joins, 0.95) * 1000:.1f} ms")
    print(f"cache hit:   median {statistics.median(hits) * 1000:.2f} ms, p95 {percentile(hits, 0.95) * 1000:.2f} ms")
    print(f"cache on disk: {size / 1e6:.1f} MB, {size / args.sentences / 1000:.0f} KB per sentence")
    return 0


if __name__ == "__main__":
    sys.exit(main())
