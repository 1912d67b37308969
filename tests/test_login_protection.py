"""Failed logins are throttled per username and per client address (django-axes)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import reverse

from ppsp_portal.login import client_ip_address
from tests.world import PASSWORD

LOCKOUT_TEXT = "Terlalu banyak percobaan masuk yang gagal"


def log_in(client: Client, username: str, password: str, address: str = "127.0.0.1", **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.TRUSTED_PROXY_COUNT = 0


class TestWrongPassword:
    def test_it_answers_in_correct_indonesian_and_keeps_the_username(self, client, world):
        response = log_in(client, "bapperida.kapuas", "salah")
        page = response.content.decode()
        assert response.status_code == 200
        assert "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil." in page
        assert "nama pengguna nama pengguna" not in page.lower()
        assert 'value="bapperida.kapuas"' in page

    def test_it_lets_a_user_in_below_the_limit(self, client, world):
        for _ in range(4):
            log_in(client, "bapperida.kapuas", "salah")
        response = log_in(client, "bapperida.kapuas", PASSWORD)
        assert response.status_code == 302
        assert client.session[SESSION_KEY] == str(world.users["kapuas"].pk)


class TestLockout:
    def test_it_locks_a_username_whatever_the_address(self, client, world):
        for n in range(5):
            log_in(client, "bapperida.kapuas", "salah", address=f"198.51.100.{n + 1}")
        response = log_in(Client(), "bapperida.kapuas", PASSWORD, address="203.0.113.9")
        assert response.status_code == 429
        assert LOCKOUT_TEXT in response.content.decode()
        # Other people keep logging in from that address.
        assert log_in(Client(), "pupr.kapuas", PASSWORD, address="203.0.113.9").status_code == 302

    def test_it_locks_an_address_whatever_the_username(self, client, world):
        for n in range(5):
            log_in(client, f"tebakan{n}", "salah", address="198.51.100.7")
        locked = Client()
        response = log_in(locked, "bapperida.kapuas", PASSWORD, address="198.51.100.7")
        assert response.status_code == 429
        assert SESSION_KEY not in locked.session
        # The same person from another address is let in.
        assert (
            log_in(Client(), "bapperida.kapuas", PASSWORD, address="203.0.113.9").status_code == 302
        )

    def test_it_answers_on_the_login_page_in_indonesian(self, client, world):
        for _ in range(5):
            response = log_in(client, "bapperida.kapuas", "salah")
        page = response.content.decode()
        assert response.status_code == 429
        assert (
            "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, proses masuk dihentikan "
            "sementara selama 15 menit." in page
        )
        assert "Masuk ke Portal PPSP" in page  # the normal login page, not a bare error
        assert 'name="password"' in page
        assert 'value="bapperida.kapuas"' in page

    def test_it_follows_the_configured_limit_and_cool_off(self, client, world, settings):
        settings.AXES_FAILURE_LIMIT = 2
        settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
        log_in(client, "bapperida.kapuas", "salah")
        response = log_in(client, "bapperida.kapuas", "salah")
        assert response.status_code == 429
        assert "selama 30 menit" in response.content.decode()

    def test_it_lets_the_user_in_again_after_the_cool_off(self, client, world):
        for _ in range(5):
            log_in(client, "bapperida.kapuas", "salah")
        assert log_in(client, "bapperida.kapuas", PASSWORD).status_code == 429
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
        assert log_in(client, "bapperida.kapuas", PASSWORD).status_code == 302

    def test_it_throttles_the_admin_login_too(self, client, world):
        for _ in range(5):
            client.post(
                reverse("admin:login"),
                {"username": "admin", "password": "salah"},
                REMOTE_ADDR="127.0.0.1",
            )
        response = client.post(reverse("admin:login"), {"username": "admin", "password": PASSWORD})
        assert response.status_code == 429
        assert LOCKOUT_TEXT in response.content.decode()


class TestClientAddress:
    def request(self, remote="192.0.2.10", forwarded=None):
        headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return RequestFactory().post("/accounts/login/", REMOTE_ADDR=remote, **headers)

    def test_it_ignores_x_forwarded_for_without_trusted_proxies(self, settings):
        assert client_ip_address(self.request(forwarded="203.0.113.5")) == "192.0.2.10"

    def test_it_takes_the_address_the_last_trusted_proxy_saw(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        request = self.request(forwarded="10.9.9.9, 203.0.113.5")  # the first one is made up
        assert client_ip_address(request) == "203.0.113.5"

    def test_it_counts_each_trusted_proxy_from_the_right(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        request = self.request(forwarded="10.9.9.9, 203.0.113.5, 192.0.2.77")
        assert client_ip_address(request) == "203.0.113.5"

    def test_it_falls_back_to_the_peer_when_the_header_is_short_or_garbled(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        assert client_ip_address(self.request(forwarded="203.0.113.5")) == "192.0.2.10"
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip_address(self.request(forwarded="bukan-alamat")) == "192.0.2.10"
        assert client_ip_address(self.request(forwarded="")) == "192.0.2.10"

    def test_it_locks_the_forwarded_client_behind_a_proxy(self, client, world, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        for n in range(5):
            log_in(
                client,
                f"tebakan{n}",
                "salah",
                address="10.0.0.2",  # the proxy
                HTTP_X_FORWARDED_FOR=f"10.1.1.{n}, 198.51.100.7",
            )
        blocked = log_in(
            Client(), "pupr.kapuas", PASSWORD, "10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7"
        )
        assert blocked.status_code == 429
        other = log_in(
            Client(), "pupr.kapuas", PASSWORD, "10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9"
        )
        assert other.status_code == 302

    def test_a_made_up_header_does_not_dodge_the_lock_without_proxies(self, client, world):
        for n in range(5):
            log_in(
                client, f"tebakan{n}", "salah", "198.51.100.7", HTTP_X_FORWARDED_FOR=f"10.1.1.{n}"
            )
        response = log_in(
            Client(), "pupr.kapuas", PASSWORD, "198.51.100.7", HTTP_X_FORWARDED_FOR="10.2.2.2"
        )
        assert response.status_code == 429
