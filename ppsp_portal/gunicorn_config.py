"""Gunicorn's settings for `./portal run` and the benchmark's load run.

    gunicorn --config python:ppsp_portal.gunicorn_config ppsp_portal.wsgi

- `PORT` (default 8000): the port on 127.0.0.1; put a reverse proxy (TLS) in front in production.
- `WEB_WORKERS` (default: the number of CPUs) processes of `WEB_THREADS` (default 4) threads
  each. Threaded workers, because a login spends a few tenths of a second hashing the password
  (on purpose): on a sync worker every request behind it waits that long, while in a threaded
  one the others go on (hashing releases Python's lock). `DATABASE_POOL_MAX` must be at least
  `WEB_THREADS`, since each thread holds a connection while it answers.
- Idle connections stay open 5 s (gunicorn's default is 2), longer than a busy person's pause
  between two clicks, so that the next page reuses the connection instead of racing its close.
- Each worker, once it has loaded the portal, moves everything loaded so far out of the garbage
  collector's sight (`gc.freeze()`) and collects young objects less often: a worker holds about
  100,000 objects of Django and the portal that never become garbage, and with Python's
  defaults every full collection walked them all, pausing the requests of that worker for up
  to half a second under load (measured in the benchmark's load run: the slowest 5% of page
  views took 0.6–0.7 s, with the freeze 0.3 s).
- The control socket (for `gunicornc`) and the pid file are per instance, under var/run/ and
  named by port: gunicorn's default is one socket per user account
  (`$XDG_RUNTIME_DIR/gunicorn.ctl` or `~/.gunicorn/gunicorn.ctl`), which a second portal on the
  same host would take over, and remove when it stops.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from ppsp_portal.collector import freeze_at_start

BASE_DIR = Path(__file__).resolve().parent.parent
# Unix socket paths are limited to about 100 characters.
SOCKET_PATH_LIMIT = 100


def env_int(name: str, default: int, *, low: int = 1, high: int = 65535) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise SystemExit(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return int(value)


def run_dir() -> Path:
    directory = BASE_DIR / "var" / "run"
    if len(str(directory)) > SOCKET_PATH_LIMIT - len("/gunicorn-65535.ctl"):
        digest = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:10]
        directory = Path(tempfile.gettempdir()) / f"ppsp-{digest}"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


port = env_int("PORT", 8000)
bind = f"127.0.0.1:{port}"
worker_class = "gthread"
workers = env_int("WEB_WORKERS", os.cpu_count() or 1, high=64)
threads = env_int("WEB_THREADS", 4, high=64)
keepalive = 5
control_socket = str(run_dir() / f"gunicorn-{port}.ctl")
pidfile = str(run_dir() / f"gunicorn-{port}.pid")
accesslog = "-"
errorlog = "-"


# Young objects are collected after this many allocations (Python's default is 700): a page
# allocates tens of thousands, and each collection pauses the worker's threads.
GC_YOUNG_THRESHOLD = 10_000


def post_worker_init(worker) -> None:
    freeze_at_start(GC_YOUNG_THRESHOLD)
