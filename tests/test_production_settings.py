"""Production differs from a laptop by environment values only, and those values pass Django's
deployment checks."""

import os
import runpy
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "ppsp_portal" / "settings.py"

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "ALLOWED_HOSTS": "ppsp.example.go.id",
    "CSRF_TRUSTED_ORIGINS": "https://ppsp.example.go.id",
    # Reminders go out by SMTP in production; the console mailer is refused by --deploy.
    "EMAIL_HOST": "smtp.example.go.id",
}


def load_settings(monkeypatch, **env) -> dict:
    """Run the settings module as a fresh process would, with these environment values."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


class TestDeployCheck:
    def test_it_passes_check_deploy_with_production_values(self):
        env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "EMAIL_", "SECURE_", "PYTEST"))
        }
        env |= PRODUCTION | {"DATABASE_URL": os.environ["DATABASE_URL"]}
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues (0 silenced)" in result.stdout


class TestEnvironment:
    def test_it_reads_login_and_session_limits(self, monkeypatch):
        settings = load_settings(
            monkeypatch,
            LOGIN_FAILURE_LIMIT="3",
            LOGIN_COOLOFF_MINUTES="30",
            TRUSTED_PROXY_COUNT="1",
            SESSION_IDLE_MINUTES="20",
        )
        assert settings["AXES_FAILURE_LIMIT"] == 3
        assert settings["AXES_COOLOFF_TIME"] == timedelta(minutes=30)
        assert settings["TRUSTED_PROXY_COUNT"] == 1
        assert settings["SESSION_COOKIE_AGE"] == 20 * 60

    def test_it_has_safe_defaults(self, monkeypatch):
        for name in (
            "LOGIN_FAILURE_LIMIT",
            "LOGIN_COOLOFF_MINUTES",
            "TRUSTED_PROXY_COUNT",
            "SESSION_IDLE_MINUTES",
        ):
            monkeypatch.delenv(name, raising=False)
        settings = load_settings(monkeypatch)
        assert settings["AXES_FAILURE_LIMIT"] == 5
        assert settings["AXES_COOLOFF_TIME"] == timedelta(minutes=15)
        assert settings["AXES_LOCKOUT_PARAMETERS"] == ["username", "ip_address"]
        assert settings["TRUSTED_PROXY_COUNT"] == 0
        assert settings["SESSION_COOKIE_AGE"] == 60 * 60
        assert settings["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
        assert settings["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"

    @pytest.mark.parametrize(
        ("name", "value"),
        [
            ("LOGIN_FAILURE_LIMIT", "0"),
            ("LOGIN_COOLOFF_MINUTES", "lima belas"),
            ("TRUSTED_PROXY_COUNT", "-1"),
            ("SESSION_IDLE_MINUTES", "1"),
        ],
    )
    def test_it_refuses_a_value_out_of_range(self, monkeypatch, name, value):
        with pytest.raises(ImproperlyConfigured, match=name):
            load_settings(monkeypatch, **{name: value})
