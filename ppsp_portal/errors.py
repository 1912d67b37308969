from django.http import HttpRequest, HttpResponseBadRequest
from django.template import loader


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponseBadRequest:
    """Django's own handler renders 400.html with the request's context processors, which fail
    when the request was refused before the middleware set it up (an unknown host, for one).
    The page needs nothing from the request, so it is rendered without it, like the 500 page.
    """
    return HttpResponseBadRequest(loader.render_to_string("400.html"))
