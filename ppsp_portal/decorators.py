"""View decorators shared by the apps."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


def post_only(back: str | Callable[..., str]):
    """The view only acts on a POST; a GET leads back to the page the action belongs to.

    A browser reaches such an address by GET often enough: the address stays in the bar after
    a form error, and switching the language or reloading then asks for it again. Django's
    `require_POST` answers that with a bare "405", a dead end in English. Here the person is
    sent to `back` instead: a URL name reversed with the view's own URL kwargs, or a callable
    given those kwargs. The target is computed from the address alone, never from the
    database, and the target page checks access itself: an outsider gets that page's 404 and
    learns nothing from the redirect. Put it above `login_required`, so that an anonymous
    person logs in on the page, not on the action.
    """

    def target(kwargs: dict) -> str:
        return back(**kwargs) if callable(back) else reverse(back, kwargs=kwargs)

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["POST"])
            if request.method == "GET" and request.user.is_authenticated:
                messages.info(
                    request,
                    _(
                        "Nothing was sent: that address only works from its form. Here is the "
                        "page it belongs to."
                    ),
                )
            return redirect(target(kwargs))

        wrapper.post_only_back = target
        return wrapper

    return decorator
