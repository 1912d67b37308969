"""Error pages rendered like any other page: with the person's menu, language and session."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Django's own handler renders 400.html without the request: no menu, no language switch.
    return render(request, "400.html", status=400)
