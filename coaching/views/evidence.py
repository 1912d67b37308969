"""Evidence: a file attached to a session, a follow-up or a quick win, and its download."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ppsp_portal.decorators import post_only
from ppsp_portal.downloads import evidence_response
from ppsp_portal.editing import save_form

from .. import forms, services
from ..access import get_evidence_for_user, get_evidence_subject_for_user


@post_only(lambda subject, pk: reverse(f"coaching:{subject}-detail", kwargs={"pk": pk}))
@login_required
def evidence_attach(request: HttpRequest, subject: str, pk: int) -> HttpResponse:
    """Attach a file to the record `subject` names ("session", "followup" or "quickwin"); one
    view for the three, whose addresses pass it."""
    record = get_evidence_subject_for_user(request.user, subject, pk)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        response, _conflict = save_form(
            request,
            form,
            perform=lambda: services.evidence_attach(
                actor=request.user,
                subject=record,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
            ),
            done=_("The file has been attached."),
            once=True,
            then=record,
        )
        if response:
            return response
    return render(
        request,
        "coaching/evidence_form.html",
        {"form": form, "subject": record, "back": record},
        status=400,
    )


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk)
    return evidence_response(
        request, evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )
