"""The login form and the pieces django-axes calls: the client's address and the lockout page."""

import ipaddress
from http import HTTPStatus

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class LoginForm(AuthenticationForm):
    # Django's Indonesian catalogue garbles its own message ("nama pengguna nama pengguna").
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password. Mind upper and lower case."),
    }


def client_ip_address(request: HttpRequest) -> str | None:
    """The address failed logins are counted against.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
    with N trusted proxies the client is the N-th entry from the right; whatever stands left of
    it was written by the client and proves nothing. Without trusted proxies the header is
    ignored altogether.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count == 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote  # not through every proxy: the peer's own address is the only sure one
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The login page itself, saying why logging in is paused, with status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = ngettext(
        "Too many failed login attempts. For your security, logging in is paused for "
        "%(minutes)d minute. Try again later, or ask the portal administrator for help.",
        "Too many failed login attempts. For your security, logging in is paused for "
        "%(minutes)d minutes. Try again later, or ask the portal administrator for help.",
        minutes,
    ) % {"minutes": minutes}
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    redirect_to = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        redirect_to, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        redirect_to = ""
    return render(
        request,
        "registration/login.html",
        {
            "form": LoginForm(request, initial={"username": username}),
            "next": redirect_to,
            "lockout_message": message,
        },
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
