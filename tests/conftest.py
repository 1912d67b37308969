import dataclasses
import os
import tempfile
import time
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Model
from django.test import Client

from ppsp_portal.middleware import SessionIdleMiddleware

from .world import World, build_world

# `./portal mutants` runs the tests hundreds of times, in several processes at once: each run
# copies the configured database, migrated and otherwise empty (PostgreSQL's CREATE DATABASE …
# TEMPLATE, well under a second), instead of migrating a test database of its own, and two runs
# never share one.
COPY_THE_DATABASE = os.environ.get("TEST_DATABASE_COPIES") == "true"

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


if COPY_THE_DATABASE:

    @pytest.fixture(scope="session")
    def django_db_setup(django_db_blocker):
        import psycopg
        from django.db import connections

        database = settings.DATABASES["default"]
        template = database.setdefault("COPIED_FROM", database["NAME"])
        copy = f"{template}_test_{os.getpid()}"
        server = {
            key: value
            for key, value in connections["default"].get_connection_params().items()
            if key in ("host", "port", "user", "password")
        }
        server.update(dbname="postgres", autocommit=True)

        def forget_connections():
            # A pool keeps connections to the database it was made for: a new one is made for
            # the copy when it is first needed.
            with django_db_blocker.unblock():
                connections.close_all()
                connections["default"].close_pool()

        forget_connections()
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
            admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{template}"')
        database["NAME"] = connections["default"].settings_dict["NAME"] = copy
        yield
        forget_connections()
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


@pytest.fixture(scope="session")
def session_world(django_db_setup, django_db_blocker) -> World:
    with django_db_blocker.unblock():
        return build_world()


@pytest.fixture
def world(session_world, db) -> World:
    """Built once per run; each test's changes are rolled back around it. The objects, those
    in the world's dictionaries (users, indicators) included, are re-read too, so that one
    test's in-memory changes never leak into the next."""
    for field in dataclasses.fields(session_world):
        value = getattr(session_world, field.name)
        members = value.values() if isinstance(value, dict) else [value]
        for member in members:
            if isinstance(member, Model):
                member.refresh_from_db()
    for user in session_world.users.values():
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


@pytest.fixture
def client_for(world, session_cookies):
    def make(persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            key = session_cookies[persona]
            client.cookies[settings.SESSION_COOKIE_NAME] = key
            # The sessions were signed in once for the run: without a fresh stamp, a test's
            # first request saves its session (SessionIdleMiddleware) and costs more queries
            # than its second, depending on how long the run has lasted. Stamped an hour ahead,
            # no request of a test saves it however slow the machine; the idle tests set their
            # own stamp.
            session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
            session[SessionIdleMiddleware.KEY] = int(time.time()) + 3600
            session.save()
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
