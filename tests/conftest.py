import dataclasses
import os
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db.models import Model
from django.test import Client

from ppsp_portal.middleware import SessionIdleMiddleware

from .world import World, build_world

SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
PERSONAS = [
    "anonymous",
    "province",
    "kapuas",
    "pupr",
    "dlh",
    "seruyan",
    "seruyan_pupr",
    "kalsel",
    "norole",
    "inactive",
    "admin",
]


def pytest_configure(config):
    from django.conf import settings

    # Hashing passwords properly is slow by design; tests need no such protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded evidence goes to a throwaway folder, never into the project.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="ppsp-test-media-")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests on committed data start by emptying the database, which would take the shared
    world away from the tests after them: they run last, whatever else reorders the items."""

    def on_committed_data(item) -> bool:
        marker = item.get_closest_marker("django_db")
        return bool(marker and marker.kwargs.get("transaction")) or bool(
            {"live_server", "transactional_db", "live_world"} & set(item.fixturenames)
        )

    items.sort(key=on_committed_data)


@pytest.fixture(scope="session")
def session_world(django_db_setup, django_db_blocker) -> World:
    with django_db_blocker.unblock():
        return build_world()


@pytest.fixture
def world(session_world, db) -> World:
    """Built once per run; each test's changes are rolled back around it. The objects are
    re-read too, so that one test's in-memory changes never leak into the next."""
    for field in dataclasses.fields(session_world):
        value = getattr(session_world, field.name)
        if isinstance(value, Model):
            value.refresh_from_db()
    for user in session_world.users.values():
        user.refresh_from_db()
        user.__dict__.pop("_ppsp_scope", None)
    return session_world


@pytest.fixture(scope="session")
def session_cookies(session_world, django_db_blocker) -> dict[str, str]:
    """One signed-in session per persona, made once: logging in for every request of the
    permission matrix would cost more than the requests. Each test's writes to a session
    (a logout, a password change) are rolled back with the rest."""
    cookies = {}
    with django_db_blocker.unblock():
        for persona, user in session_world.users.items():
            client = Client()
            client.force_login(user)
            cookies[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


@pytest.fixture
def live_world(transactional_db) -> World:
    """For tests that need committed data (browsers, several connections at once): start from
    an empty database and build the cast."""
    call_command("flush", interactive=False, verbosity=0)
    return build_world()


def settled(session_key: str) -> None:
    """Mark a persona's session as just refreshed. The sessions are made once per run, and a
    session not refreshed for a minute is written on its next request (SessionIdleMiddleware):
    without this, whether a test's first request pays that write would depend on how long the
    run has lasted, and a test that counts queries on a slow machine would fail. The write is
    rolled back with the test."""
    session = SessionStore(session_key=session_key)
    session[SessionIdleMiddleware.KEY] = int(time.time())
    session.save()


@pytest.fixture
def client_for(world, session_cookies):
    def make(persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = session_cookies[persona]
            settled(session_cookies[persona])
        return client

    return make


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
