"""Refuse, in one place and before any view or session runs, what PostgreSQL cannot store.

PostgreSQL's text types refuse the NUL character: a "%00" anywhere a view passes on to a query
(an address part, a filter, a form field, the session cookie, a header the login logs) would
otherwise end in a server error. Surrogate code points cannot be encoded to UTF-8 at all.
Nothing legitimate carries either, so the request is answered with a 400 page that says why.
"""

import logging
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.utils import translation

logger = logging.getLogger(__name__)

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _texts(request: HttpRequest):
    yield request.path
    for data in (request.GET, request.COOKIES):
        yield from _keys_and_values(data)
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str):
            yield value
    if request.method == "POST":
        # Uploaded files' names need no check: Django drops their unprintable characters.
        yield from _keys_and_values(request.POST)


def _keys_and_values(data):
    lists = data.lists() if hasattr(data, "lists") else ((k, [v]) for k, v in data.items())
    for key, values in lists:
        yield key
        yield from (value for value in values if isinstance(value, str))


def carries_unstorable_text(request: HttpRequest) -> bool:
    return any(UNSTORABLE.search(text) for text in _texts(request))


class UnstorableInputMiddleware:
    """Answers 400 to a request carrying text PostgreSQL would refuse (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if carries_unstorable_text(request):
            logger.warning("Refused a request carrying a NUL character: %s", request.path[:200])
            return refusal_page(request)
        return self.get_response(request)


def refusal_page(request: HttpRequest) -> HttpResponseBadRequest:
    """Rendered without the request's context: the session and the user are not read, since
    the session cookie itself may be what carries the bad character."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        return HttpResponseBadRequest(loader.render_to_string("errors/unstorable_input.html"))
