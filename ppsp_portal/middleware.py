import time

import pghistory.middleware
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    """Indonesian unless the user chose otherwise with the language switch.

    Government offices often run browsers set to English; the browser's Accept-Language must
    not turn the portal English for people who never asked for it.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SessionIdleMiddleware:
    """Keeps a signed-in session alive while it is used, so that it expires only when idle.

    The session's expiry (SESSION_COOKIE_AGE) is set whenever the session is saved. Saving on
    every request would write a database row per page view, so the session is marked modified
    at most once a minute; an idle session expires at most a minute earlier than its setting.
    """

    REFRESH_SECONDS = 60
    KEY = "_ppsp_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    @classmethod
    def mark_fresh(cls, sender, request, user, **kwargs) -> None:
        """At login the session is saved anyway: the first page after it need not save again."""
        if hasattr(request, "session"):
            request.session[cls.KEY] = int(time.time())

    def __call__(self, request):
        session = request.session
        # No cookie, no session to keep: never load or create one for anonymous visitors.
        if session.session_key is not None and SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.REFRESH_SECONDS:
                session[self.KEY] = now
        return self.get_response(request)


class HistoryMiddleware(pghistory.middleware.HistoryMiddleware):
    """Every change a request makes is recorded with who made it, from which page.

    The user's name is kept beside their id so that the history still reads right after an
    account is renamed or removed.
    """

    def get_context(self, request):
        context = super().get_context(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context["username"] = user.get_username()
        return context
