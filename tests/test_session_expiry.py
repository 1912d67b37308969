"""A signed-in session ends after SESSION_IDLE_MINUTES without use, and lives on while used."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from ppsp_portal.middleware import SessionIdleMiddleware
from tests.world import PASSWORD

DASHBOARD = "/kabupaten/62.03/dashboard/"


def stored_session(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def mark_last_refresh(client, seconds_ago: int, expires_in: timedelta) -> None:
    """Pretend the session was last refreshed some time ago and ends soon."""
    session = client.session
    session[SessionIdleMiddleware.KEY] = int(timezone.now().timestamp()) - seconds_ago
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + expires_in
    )


class TestSessionIdleExpiry:
    def test_it_ends_a_session_left_idle(self, client_for, world):
        client = client_for("kapuas")
        assert client.get(DASHBOARD).status_code == 200
        Session.objects.filter(session_key=client.session.session_key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        response = client.get(DASHBOARD)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_it_gives_a_session_the_configured_idle_time(self, client_for, world, settings):
        settings.SESSION_COOKIE_AGE = 20 * 60
        client = client_for("kapuas")
        mark_last_refresh(client, seconds_ago=120, expires_in=timedelta(minutes=1))
        client.get(DASHBOARD)
        remaining = stored_session(client).expire_date - timezone.now()
        assert timedelta(minutes=19) < remaining <= timedelta(minutes=20)

    def test_it_keeps_a_session_in_use_alive(self, client_for, world):
        client = client_for("kapuas")
        mark_last_refresh(client, seconds_ago=61, expires_in=timedelta(minutes=1))
        assert client.get(DASHBOARD).status_code == 200
        assert stored_session(client).expire_date > timezone.now() + timedelta(minutes=59)

    def test_it_writes_the_session_at_most_once_a_minute(self, client_for, world):
        client = client_for("kapuas")
        mark_last_refresh(client, seconds_ago=30, expires_in=timedelta(minutes=50))
        before = stored_session(client).expire_date
        assert client.get(DASHBOARD).status_code == 200
        assert stored_session(client).expire_date == before

    def test_it_does_not_write_the_session_again_right_after_login(self, client, world):
        response = client.post(
            reverse("login"), {"username": "bapperida.kapuas", "password": PASSWORD}
        )
        assert response.status_code == 302
        saved_at_login = stored_session(client).expire_date
        assert client.get(DASHBOARD).status_code == 200
        assert stored_session(client).expire_date == saved_at_login

    def test_it_creates_no_session_for_anonymous_visitors(self, client, world):
        before = Session.objects.count()  # the signed-in personas' own
        assert client.get(reverse("login")).status_code == 200
        assert client.get(DASHBOARD).status_code == 302
        assert Session.objects.count() == before
