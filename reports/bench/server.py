"""The load run: the production server on a free loopback port, and locust against it.

The server is gunicorn with the portal's own settings (`ppsp_portal/gunicorn_config.py`, as
`./portal run` starts it), DEBUG off, on the database this process uses (under the tests, the
test database). Locust runs in a process of its own (`loadrun.py`).
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection

from .people import Person

BASE_DIR = Path(settings.BASE_DIR)
# Seconds a person pauses between two clicks: a busy office, not a reading pace.
THINK_SECONDS = (1.0, 3.0)


@dataclass
class Server:
    url: str
    workers: int
    threads: int
    log: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    parts = urlsplit(settings.DATABASE_URL)
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def static_files_stale() -> bool:
    """Whether the collected static files (and their manifest) miss or predate a source file:
    with DEBUG off, a page naming a file the manifest lacks fails."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    collected = manifest.stat().st_mtime
    return any(
        os.path.getmtime(storage.path(path)) > collected
        for finder in finders.get_finders()
        for path, storage in finder.list([])
    )


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"The server stopped at start; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer within {timeout:.0f} s; see {log}")


@contextmanager
def production_server():
    from ppsp_portal import gunicorn_config

    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "DEMO_MODE": "false",
        "DATABASE_URL": database_url(),
        "PORT": str(port),
        "STATIC_ROOT": str(settings.STATIC_ROOT),
    }
    if static_files_stale():
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=BASE_DIR,
            env=env,
            check=True,
        )
    log = BASE_DIR / "var" / "bench" / f"server-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:ppsp_portal.gunicorn_config",
                "ppsp_portal.wsgi",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(f"{url}/accounts/login/", process, log)
            yield Server(url, gunicorn_config.workers, gunicorn_config.threads, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    # Kept only when something went wrong, for the message that names it.
    log.unlink()


def run_load(server: Server, people: list[Person], password: str, seconds: float) -> dict:
    """The figures of the login storm and of the browsing phase (see `loadrun.py`)."""
    plan = {
        "host": server.url,
        "password": password,
        "people": [p.as_plan() for p in people],
        "seconds": seconds,
        "think": THINK_SECONDS,
        "login_timeout": 300,
    }
    finished = subprocess.run(
        [sys.executable, "-m", "reports.bench.loadrun"],
        cwd=BASE_DIR,
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        timeout=seconds + 600,
    )
    if finished.returncode != 0:
        raise SystemExit(f"The load run failed:\n{finished.stderr[-3000:]}")
    return json.loads(finished.stdout)
