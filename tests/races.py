"""Two transactions at once. Either in a fixed order (`in_thread`, `wait_until_blocked`,
`held_up`): the test's own connection holds a lock, a second connection (a thread) runs a
service, and the test sees whether it waits. Or truly side by side (`side_by_side`): several
saves held just before they write until all have arrived."""

import pkgutil
import threading
import time
from contextlib import contextmanager, suppress
from unittest import mock

from django.db import connection, connections


def in_thread(work):
    """Start `work` on its own database connection; `outcome` gets its backend's "pid", then
    its "result" or its "error"."""
    outcome: dict = {}
    started = threading.Event()

    def run():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                outcome["pid"] = cursor.fetchone()[0]
            started.set()
            outcome["result"] = work()
        except Exception as error:  # looked at by the test
            outcome["error"] = error
        finally:
            started.set()
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    started.wait(timeout=30)
    return thread, outcome


def waiting_for_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def wait_until_blocked(pid: int) -> None:
    """Return once the backend `pid` waits for a lock (one this test's connection holds)."""
    for _attempt in range(600):
        if waiting_for_a_lock(pid):
            return
        time.sleep(0.05)
    raise AssertionError("the second transaction never waited for the first")


def held_up(thread: threading.Thread, pid: int) -> bool:
    """Whether the thread waits for a lock (True) rather than finishing (False)."""
    for _attempt in range(600):
        if not thread.is_alive():
            return False
        if waiting_for_a_lock(pid):
            return True
        time.sleep(0.05)
    raise AssertionError("the second transaction neither finished nor waited")


@contextmanager
def side_by_side(target: str, parties: int):
    """Hold each caller of `target` (the step just before a save writes) until `parties` of
    them have reached it, or a few seconds have passed: saves that would race then really
    overlap, however the machine schedules the threads. A save that waits for another one's
    lock instead never arrives; the others then go on after the wait."""
    barrier = threading.Barrier(parties)
    original = pkgutil.resolve_name(target)

    def held(*args, **kwargs):
        with suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=5)
        return original(*args, **kwargs)

    with mock.patch(target, held):
        yield
