"""The benchmark's load run: a login storm, then people browsing and saving drafts.

Runs as a process of its own (`python -m reports.bench.loadrun`), so that gevent's
monkey-patching never reaches Django. Reads its plan as JSON on stdin (host, password, one entry
per virtual user: its account, the pages it may open and the draft it may save; seconds, think
time) and prints its figures as JSON on stdout. Never imports the portal.

Phase 1: every virtual user logs in at the same moment (they wait for each other first).
Phase 2: once all are in, the statistics restart and they browse their pages and save their
drafts for the given seconds, pausing between clicks like a busy person.
"""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
from gevent.event import Event  # noqa: E402
from locust import HttpUser, between, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="([^"]*)"')

plan = json.load(sys.stdin)
people = plan["people"]
everyone_spawned, go, everyone_in = Event(), Event(), Event()
arrivals = {"spawned": 0, "done": 0}


def token(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""


class PortalUser(HttpUser):
    host = plan["host"]
    wait_time = between(*plan["think"])

    def on_start(self) -> None:
        index = arrivals["spawned"]
        arrivals["spawned"] += 1
        self.person = people[index]
        self.random = random.Random(index)
        if arrivals["spawned"] == len(people):
            everyone_spawned.set()
        go.wait()
        try:
            self.log_in()
        finally:
            arrivals["done"] += 1
            if arrivals["done"] == len(people):
                everyone_in.set()
        everyone_in.wait()

    def log_in(self) -> None:
        form = self.client.get("/accounts/login/", name="login form")
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.person["username"],
                "password": plan["password"],
                "csrfmiddlewaretoken": token(form.text),
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.error or response.status_code != 302:
                response.failure(f"login: {response.error or response.status_code!r}")

    @task(4)
    def browse(self) -> None:
        name, url = self.random.choice(self.person["pages"])
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.error:
                response.failure(f"{url}: {response.error!r}")
            elif response.status_code != 200 or "/accounts/login/" in response.url:
                response.failure(f"{url} answered {response.status_code} at {response.url}")

    @task(1)
    def save_draft(self) -> None:
        draft = self.person["draft"]
        if draft is None:
            self.browse()
            return
        url = draft["url"]
        form = self.client.get(url, name="draft form")
        version = VERSION.search(form.text)
        with self.client.post(
            url,
            data={
                "value": draft["value"],
                "note": "Draf uji beban (sintetis)",
                "version": version.group(1) if version else "",
                "csrfmiddlewaretoken": token(form.text),
            },
            headers={"Referer": f"{self.host}{url}"},
            name="draft save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.error or response.status_code != 302:
                response.failure(f"draft save: {response.error or response.status_code!r}")


def figures(entry, seconds: float) -> dict:
    """Locust keeps milliseconds; the benchmark prints seconds."""
    requests = entry.num_requests

    def percentile(share: float) -> float | None:
        return entry.get_response_time_percentile(share) / 1000 if requests else None

    return {
        "requests": requests,
        "errors": entry.num_failures,
        "seconds": round(seconds, 2),
        "rps": round(requests / seconds, 2) if seconds else 0,
        "p50": percentile(0.5),
        "p95": percentile(0.95),
        "p99": percentile(0.99),
        "max": entry.max_response_time / 1000 if requests else None,
    }


def error_messages(stats) -> list[str]:
    return [f"{e.occurrences}× {e.method} {e.name}: {e.error}" for e in stats.errors.values()][:5]


def main() -> None:
    environment = Environment(user_classes=[PortalUser], events=events, host=plan["host"])
    runner = environment.create_local_runner()
    runner.start(len(people), spawn_rate=min(len(people), 100))
    if not everyone_spawned.wait(timeout=120):
        raise SystemExit("the virtual users did not start")
    start = time.monotonic()
    go.set()
    everyone_in.wait(timeout=plan["login_timeout"])
    logins_done = time.monotonic()
    stats = environment.stats
    login = figures(stats.get("login", "POST"), logins_done - start)
    login["errors"] += stats.get("login form", "GET").num_failures
    login["messages"] = error_messages(stats)
    stats.reset_all()
    gevent.sleep(plan["seconds"])
    browsing = figures(stats.total, time.monotonic() - logins_done)
    browsing["messages"] = error_messages(stats)
    browsing["pages"] = {
        f"{entry.method} {entry.name}": figures(entry, time.monotonic() - logins_done)
        for entry in stats.entries.values()
    }
    runner.quit()
    json.dump({"login": login, "browsing": browsing}, sys.stdout)


if __name__ == "__main__":
    main()
