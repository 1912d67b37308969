"""Spreadsheet template, upload with dry run, confirmation, and export of actual values."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import spreadsheets
from .access import get_kabupaten_for_user, get_scope
from .models import Agency, Kabupaten
from .selectors import target_years
from .views import pick_year

SIGNING_SALT = "programs.values-import"
TOKEN_MAX_AGE = 60 * 60  # an hour to look at the dry run and confirm


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx or .csv)"),
        help_text=gettext_lazy("At most 5 MB. Nothing is saved until you confirm the preview."),
    )


def _importer_scope(
    request: HttpRequest, kabupaten: Kabupaten
) -> tuple[Agency | None, set[int] | None]:
    """Bapperida import for every OPD; an OPD head only for their own OPD."""
    scope = get_scope(request.user)
    if scope.can_manage_kabupaten(kabupaten):
        return None, None
    if scope.is_agency_head and scope.kabupaten_id == kabupaten.pk:
        return Agency.objects.get(pk=scope.agency_id), {scope.agency_id}
    raise PermissionDenied


def _year(request: HttpRequest, kabupaten: Kabupaten) -> int:
    years = target_years(kabupaten=kabupaten)
    year = pick_year(request, years)
    if year not in years:
        raise Http404
    return year


@login_required
def values_template(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    agency, _allowed = _importer_scope(request, kabupaten)
    year = _year(request, kabupaten)
    content = spreadsheets.values_template(kabupaten=kabupaten, year=year, agency=agency)
    name = spreadsheets.safe_filename(
        f"realisasi-{kabupaten.name}-{year}{'-' + agency.abbreviation if agency else ''}.xlsx"
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def values_import(request: HttpRequest, code: str) -> HttpResponse:
    """Upload, then a dry run: what would change, row by row, and every problem."""
    kabupaten = get_kabupaten_for_user(request.user, code)
    _agency, allowed = _importer_scope(request, kabupaten)
    year = (
        _year(request, kabupaten) if request.method == "GET" else int(request.POST.get("year", 0))
    )
    if year not in target_years(kabupaten=kabupaten):
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    outcome = token = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet = spreadsheets.read_upload(
                upload, required=spreadsheets.VALUE_REQUIRED, known=spreadsheets.VALUE_HEADERS
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            outcome = spreadsheets.import_values(
                sheet=sheet,
                kabupaten=kabupaten,
                year=year,
                actor=request.user,
                confirm=False,
                allowed_agency_ids=allowed,
            )
            if not outcome.has_errors:
                upload.seek(0)
                stored = default_storage.save(
                    f"imports/{uuid.uuid4().hex}", ContentFile(upload.read())
                )
                token = signing.dumps(
                    {
                        "file": stored,
                        "name": upload.name,
                        "user": request.user.pk,
                        "kabupaten": kabupaten.pk,
                        "year": year,
                    },
                    salt=SIGNING_SALT,
                )
    return render(
        request,
        "programs/values_import.html",
        {
            "kabupaten": kabupaten,
            "year": year,
            "form": form,
            "outcome": outcome,
            "token": token,
        },
        status=400
        if (outcome and outcome.has_errors) or (request.method == "POST" and form.errors)
        else 200,
    )


@login_required
@require_POST
def values_import_confirm(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    _agency, allowed = _importer_scope(request, kabupaten)
    try:
        ticket = signing.loads(
            request.POST.get("token", ""), salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        messages.error(request, _("The preview has expired; upload the file again."))
        return redirect("programs:values-import", code=code)
    if ticket["user"] != request.user.pk or ticket["kabupaten"] != kabupaten.pk:
        raise PermissionDenied
    if not default_storage.exists(ticket["file"]):
        messages.error(
            request, _("This file was already imported or has expired; upload it again.")
        )
        return redirect("programs:values-import", code=code)
    with default_storage.open(ticket["file"], "rb") as handle:
        upload = SimpleUploadedFile(ticket["name"], handle.read())
    sheet = spreadsheets.read_upload(
        upload, required=spreadsheets.VALUE_REQUIRED, known=spreadsheets.VALUE_HEADERS
    )
    outcome = spreadsheets.import_values(
        sheet=sheet,
        kabupaten=kabupaten,
        year=ticket["year"],
        actor=request.user,
        confirm=True,
        allowed_agency_ids=allowed,
    )
    default_storage.delete(ticket["file"])
    if outcome.has_errors:
        # The data changed since the preview: nothing was written, show why.
        return render(
            request,
            "programs/values_import.html",
            {
                "kabupaten": kabupaten,
                "year": ticket["year"],
                "form": UploadForm(),
                "outcome": outcome,
            },
            status=409,
        )
    messages.success(
        request,
        _(
            "Import done: %(new)s new, %(update)s updated, %(skip)s unchanged. New and updated values await verification."
        )
        % outcome.totals,
    )
    return redirect(
        f"{reverse('programs:values-entry', kwargs={'code': code})}?year={ticket['year']}"
    )
