"""Passwords are stored with Argon2id at OWASP's parameters; older PBKDF2 hashes still work.

The suite itself hashes with MD5 for speed (tests/conftest.py), so these tests switch to the
portal's own hasher list, read from the settings module as production loads it.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password
from django.test import Client
from django.urls import reverse

from ppsp_portal import settings as portal_settings
from tests.world import PASSWORD

OWASP_ARGON2ID = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture
def portal_hashers(settings):
    settings.PASSWORD_HASHERS = portal_settings.PASSWORD_HASHERS


class TestPasswordHashing:
    def test_it_hashes_new_passwords_with_argon2id(self, portal_hashers):
        encoded = make_password("kata-sandi-baru-2025")
        assert encoded.startswith(OWASP_ARGON2ID)
        assert check_password("kata-sandi-baru-2025", encoded)
        assert not check_password("kata-sandi-lain", encoded)

    def test_it_still_accepts_a_pbkdf2_hash_and_upgrades_it_at_login(self, portal_hashers, world):
        user = get_user_model().objects.get(username="bapperida.kapuas")
        user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
        user.save(update_fields=["password"])

        response = Client().post(
            reverse("login"), {"username": "bapperida.kapuas", "password": PASSWORD}
        )

        assert response.status_code == 302
        user.refresh_from_db()
        assert user.password.startswith(OWASP_ARGON2ID)

    def test_it_rehashes_argon2_made_with_other_parameters(self, portal_hashers, world):
        # A hash made with Django's own defaults (100 MiB, 8 lanes) is accepted, then replaced.
        django_default = Argon2PasswordHasher()
        user = get_user_model().objects.get(username="bapperida.kapuas")
        user.password = django_default.encode(PASSWORD, django_default.salt())
        assert not user.password.startswith(OWASP_ARGON2ID)
        user.save(update_fields=["password"])

        response = Client().post(
            reverse("login"), {"username": "bapperida.kapuas", "password": PASSWORD}
        )

        assert response.status_code == 302
        user.refresh_from_db()
        assert user.password.startswith(OWASP_ARGON2ID)
