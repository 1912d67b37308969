import pghistory.middleware
from django.conf import settings
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
