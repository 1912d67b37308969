"""A kabupaten/kota's SSK milestones: when each was reached, and the clinics that confirmed it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from programs.access import get_kabupaten_for_user

from .. import selectors


@login_required
def milestone_history(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    achievements, confirmations = selectors.milestone_history(kabupaten=kabupaten)
    return render(
        request,
        "coaching/milestone_history.html",
        {
            "kabupaten": kabupaten,
            "achievements": achievements,
            "confirmations": confirmations,
            "change_history": selectors.milestone_changes(kabupaten=kabupaten),
        },
    )
