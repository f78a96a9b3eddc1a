"""The premise of sign-in under ``--async-mode threading``: scrypt releases the GIL.

If hashlib's scrypt held the GIL, every request thread would stop for ~0.1 s per password
check. A Python thread counting in a loop shows it: beside a hashing thread it keeps most
of the pace it has beside a sleeping one (a held GIL would leave it almost nothing).
"""

from __future__ import annotations

import threading
import time

import pytest
from werkzeug.security import check_password_hash

from bianmin.staff.service import DUMMY_HASH

# a thread's pace is only comparable on a machine running nothing else of ours
pytestmark = pytest.mark.serial


def count_while(work) -> float:  # type: ignore[no-untyped-def]
    """Loop iterations per second of a Python thread while ``work`` runs."""
    done = threading.Event()
    counted = [0]

    def spin() -> None:
        while not done.is_set():
            counted[0] += 1

    thread = threading.Thread(target=spin)
    started = time.perf_counter()
    thread.start()
    work()
    done.set()
    thread.join()
    return counted[0] / (time.perf_counter() - started)


def test_scrypt_lets_other_python_threads_run() -> None:
    hashes = 4
    hashing = count_while(lambda: [check_password_hash(DUMMY_HASH, "guess") for _ in range(hashes)])
    started = time.perf_counter()
    check_password_hash(DUMMY_HASH, "guess")
    one = time.perf_counter() - started
    sleeping = count_while(lambda: time.sleep(one * hashes))
    assert hashing > 0.3 * sleeping, (hashing, sleeping)
