"""Spreadsheet templates, uploads with a dry run, and confirmation, for values and targets."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

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

from ppsp_portal.params import year_param

from . import spreadsheets
from .access import get_kabupaten_for_user, get_scope
from .models import Agency, Kabupaten
from .selectors import target_years
from .views import pick_year

SIGNING_SALT = "programs.spreadsheet-import"
TOKEN_MAX_AGE = 60 * 60  # an hour to look at the dry run and confirm
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx or .csv)"),
        help_text=gettext_lazy("At most 5 MB. Nothing is saved until you confirm the preview."),
    )


@dataclass(frozen=True)
class ImportKind:
    """What an import page imports: its columns, its importer and where it leads back to."""

    name: str
    required: list[str]
    known: list[str]
    run: Callable


def _run_values(*, sheet, kabupaten, ticket, actor, confirm, allowed):
    return spreadsheets.import_values(
        sheet=sheet,
        kabupaten=kabupaten,
        year=ticket["year"],
        actor=actor,
        confirm=confirm,
        allowed_agency_ids=allowed,
    )


def _run_targets(*, sheet, kabupaten, ticket, actor, confirm, allowed):
    return spreadsheets.import_targets(
        sheet=sheet, kabupaten=kabupaten, actor=actor, confirm=confirm
    )


KINDS = {
    "values": ImportKind(
        "values", spreadsheets.VALUE_REQUIRED, spreadsheets.VALUE_HEADERS, _run_values
    ),
    "targets": ImportKind(
        "targets", spreadsheets.TARGET_REQUIRED, spreadsheets.TARGET_HEADERS, _run_targets
    ),
}


def _permission(
    request: HttpRequest, kabupaten: Kabupaten, kind: str
) -> tuple[Agency | None, set[int] | None]:
    """Bapperida import anything of their kabupaten; an OPD head only the values of their OPD."""
    scope = get_scope(request.user)
    if scope.can_manage_kabupaten(kabupaten):
        return None, None
    if kind == "values" and scope.is_agency_head and scope.kabupaten_id == kabupaten.pk:
        return Agency.objects.get(pk=scope.agency_id), {scope.agency_id}
    raise PermissionDenied


def _year(request: HttpRequest, kabupaten: Kabupaten, source) -> int:
    years = target_years(kabupaten=kabupaten)
    asked = year_param(request, source=source)
    if asked in years:
        return asked
    year = pick_year(request, years)
    if year not in years:
        raise Http404
    return year


def _back_url(kabupaten: Kabupaten, kind: str, year: int | None) -> str:
    if kind == "values":
        return f"{reverse('programs:values-entry', kwargs={'code': kabupaten.code})}?year={year}"
    return reverse("programs:targets-grid", kwargs={"code": kabupaten.code, "sector": "air_limbah"})


@login_required
def values_template(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    agency, _allowed = _permission(request, kabupaten, "values")
    year = _year(request, kabupaten, request.GET)
    content = spreadsheets.values_template(kabupaten=kabupaten, year=year, agency=agency)
    suffix = f"-{agency.abbreviation}" if agency else ""
    return _xlsx(content, f"realisasi-{kabupaten.name}-{year}{suffix}")


@login_required
def targets_template(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code, manage=True)
    return _xlsx(spreadsheets.targets_template(kabupaten=kabupaten), f"target-{kabupaten.name}")


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{spreadsheets.safe_filename(name)}.xlsx"'
    )
    return response


def _import_page(request: HttpRequest, code: str, kind_name: str) -> HttpResponse:
    """Upload, then a dry run: what would change, row by row, with every problem."""
    kind = KINDS[kind_name]
    kabupaten = get_kabupaten_for_user(request.user, code)
    _agency, allowed = _permission(request, kabupaten, kind_name)
    year = _year(request, kabupaten, request.POST or request.GET) if kind_name == "values" else None
    form = UploadForm(request.POST or None, request.FILES or None)
    outcome = token = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet = spreadsheets.read_upload(upload, required=kind.required, known=kind.known)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            ticket = {
                "user": request.user.pk,
                "kabupaten": kabupaten.pk,
                "year": year,
                "kind": kind_name,
            }
            outcome = kind.run(
                sheet=sheet,
                kabupaten=kabupaten,
                ticket=ticket,
                actor=request.user,
                confirm=False,
                allowed=allowed,
            )
            if not outcome.has_errors:
                upload.seek(0)
                stored = default_storage.save(
                    f"imports/{uuid.uuid4().hex}", ContentFile(upload.read())
                )
                token = signing.dumps(
                    {**ticket, "file": stored, "name": upload.name}, salt=SIGNING_SALT
                )
    refused = (outcome and outcome.has_errors) or (request.method == "POST" and form.errors)
    return render(
        request,
        "programs/spreadsheet_import.html",
        {
            "kabupaten": kabupaten,
            "kind": kind_name,
            "year": year,
            "form": form,
            "outcome": outcome,
            "token": token,
            "back_url": _back_url(kabupaten, kind_name, year),
        },
        status=400 if refused else 200,
    )


def _confirm(request: HttpRequest, code: str, kind_name: str) -> HttpResponse:
    kind = KINDS[kind_name]
    kabupaten = get_kabupaten_for_user(request.user, code)
    _agency, allowed = _permission(request, kabupaten, kind_name)
    page = f"programs:{kind_name}-import"
    try:
        ticket = signing.loads(
            request.POST.get("token", ""), salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        messages.error(request, _("The preview has expired; upload the file again."))
        return redirect(page, code=code)
    if (
        ticket["user"] != request.user.pk
        or ticket["kabupaten"] != kabupaten.pk
        or ticket["kind"] != kind_name
    ):
        raise PermissionDenied
    if not default_storage.exists(ticket["file"]):
        messages.error(
            request, _("This file was already imported or has expired; upload it again.")
        )
        return redirect(page, code=code)
    with default_storage.open(ticket["file"], "rb") as handle:
        upload = SimpleUploadedFile(ticket["name"], handle.read())
    sheet = spreadsheets.read_upload(upload, required=kind.required, known=kind.known)
    outcome = kind.run(
        sheet=sheet,
        kabupaten=kabupaten,
        ticket=ticket,
        actor=request.user,
        confirm=True,
        allowed=allowed,
    )
    default_storage.delete(ticket["file"])
    if outcome.has_errors:
        # The data changed since the preview: nothing was written; show why.
        return render(
            request,
            "programs/spreadsheet_import.html",
            {
                "kabupaten": kabupaten,
                "kind": kind_name,
                "year": ticket["year"],
                "form": UploadForm(),
                "outcome": outcome,
                "back_url": _back_url(kabupaten, kind_name, ticket["year"]),
            },
            status=409,
        )
    message = (
        _("Import done: %(new)s new, %(update)s updated, %(skip)s unchanged.") % outcome.totals
    )
    if kind_name == "values":
        message += " " + _("New and updated values await verification.")
    messages.success(request, message)
    return redirect(_back_url(kabupaten, kind_name, ticket["year"]))


@login_required
def values_import(request: HttpRequest, code: str) -> HttpResponse:
    return _import_page(request, code, "values")


@login_required
@require_POST
def values_import_confirm(request: HttpRequest, code: str) -> HttpResponse:
    return _confirm(request, code, "values")


@login_required
def targets_import(request: HttpRequest, code: str) -> HttpResponse:
    return _import_page(request, code, "targets")


@login_required
@require_POST
def targets_import_confirm(request: HttpRequest, code: str) -> HttpResponse:
    return _confirm(request, code, "targets")
