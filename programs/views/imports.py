"""Spreadsheet templates, uploads with a dry run, and confirmation, for values, targets and
funding lines."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppsp_portal.decorators import post_only
from ppsp_portal.params import year_param

from .. import spreadsheets
from ..access import find_import_job_for_user, get_import_agency_for_user, get_kabupaten_for_user
from ..concurrency import parse_key
from ..models import ImportJob, Kabupaten
from ..selectors import funding_years, target_years
from ..spreadsheets import jobs
from ..spreadsheets.importing import ImportOutcome
from . import pick_year

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VALUES, FUNDING = ImportJob.Kind.VALUES, ImportJob.Kind.FUNDING
# The imports that are of one year, chosen on the page.
YEARLY = (VALUES, FUNDING)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx or .csv)"),
        help_text=gettext_lazy("At most 5 MB. Nothing is saved until you confirm the preview."),
    )


def _year(request: HttpRequest, kabupaten: Kabupaten, source, kind: str = VALUES) -> int:
    if kind == FUNDING:
        years = funding_years(kabupaten=kabupaten)
    else:
        years = target_years(kabupaten=kabupaten)
    asked = year_param(request, source=source)
    if asked in years:
        return asked
    year = pick_year(request, years)
    if year not in years:
        raise Http404
    return year


def _back_url(kabupaten: Kabupaten, kind: str, year: int | None) -> str:
    if kind == VALUES:
        return f"{reverse('programs:values-entry', kwargs={'code': kabupaten.code})}?year={year}"
    if kind == FUNDING:
        return (
            f"{reverse('programs:funding-overview', kwargs={'code': kabupaten.code})}?year={year}"
        )
    return reverse("programs:targets-grid", kwargs={"code": kabupaten.code, "sector": "air_limbah"})


def _job_url(job: ImportJob) -> str:
    return reverse("programs:import-job", kwargs={"code": job.kabupaten.code, "job": job.pk})


@login_required
def values_template(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    agency = get_import_agency_for_user(request.user, kabupaten, VALUES)
    year = _year(request, kabupaten, request.GET)
    content = spreadsheets.values_template(kabupaten=kabupaten, year=year, agency=agency)
    suffix = f"-{agency.abbreviation}" if agency else ""
    return _xlsx(content, f"realisasi-{kabupaten.name}-{year}{suffix}")


@login_required
def funding_template(request: HttpRequest, code: str) -> HttpResponse:
    """Bapperida's template holds every line of the year and a row to add one per subject; an
    OPD head's holds their OPD's lines, to report the realisasi."""
    kabupaten = get_kabupaten_for_user(request.user, code)
    agency = get_import_agency_for_user(request.user, kabupaten, FUNDING)
    year = _year(request, kabupaten, request.GET, FUNDING)
    content = spreadsheets.funding_template(kabupaten=kabupaten, year=year, agency=agency)
    suffix = f"-{agency.abbreviation}" if agency else ""
    return _xlsx(content, f"pendanaan-{kabupaten.name}-{year}{suffix}")


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


def _page(request, *, kabupaten, kind, year, form, agency=None, outcome=None, job=None, status=200):
    return render(
        request,
        "programs/spreadsheet_import.html",
        {
            "kabupaten": kabupaten,
            "kind": kind,
            "year": year,
            "form": form,
            "outcome": outcome,
            "job": job,
            "agency": agency,
            "back_url": _back_url(kabupaten, kind, year),
            "upload_url": reverse(f"programs:{kind}-import", kwargs={"code": kabupaten.code}),
            "confirm_url": reverse(
                f"programs:{kind}-import-confirm", kwargs={"code": kabupaten.code}
            ),
        },
        status=status,
    )


@login_required
def import_page(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """Upload, then a dry run: what would change, row by row, with every problem. `kind`
    ("values", "targets" or "funding") comes with the address."""
    kabupaten = get_kabupaten_for_user(request.user, code)
    agency = get_import_agency_for_user(request.user, kabupaten, kind)
    year = _year(request, kabupaten, request.POST or request.GET, kind) if kind in YEARLY else None
    form = UploadForm(request.POST or None, request.FILES or None)
    outcome = job = None
    if request.method == "POST" and form.is_valid():
        try:
            job, outcome = jobs.import_start(
                actor=request.user,
                kind=kind,
                kabupaten=kabupaten,
                year=year,
                agency=agency,
                upload=form.cleaned_data["file"],
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if job is not None and job.is_pending:
                return redirect(_job_url(job))  # a large file: the worker checks it
    refused = (outcome and outcome.has_errors) or (request.method == "POST" and form.errors)
    return _page(
        request,
        kabupaten=kabupaten,
        kind=kind,
        year=year,
        form=form,
        agency=agency,
        outcome=outcome,
        job=job,
        status=400 if refused else 200,
    )


def _done_message(job: ImportJob) -> str:
    message = (
        _("Import done: %(new)s new, %(update)s updated, %(skip)s unchanged.")
        % job.outcome["totals"]
    )
    if job.outcome["totals"].get("delete"):
        message += " " + _("%(delete)s removed.") % job.outcome["totals"]
    if job.kind == VALUES:
        message += " " + _("New and updated values await verification.")
    return message


@post_only(lambda code, kind: reverse(f"programs:{kind}-import", kwargs={"code": code}))
@login_required
def import_confirm(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """Apply a previewed import: at once for a small file, by the worker for a large one."""
    kabupaten = get_kabupaten_for_user(request.user, code)
    agency = get_import_agency_for_user(request.user, kabupaten, kind)
    job_id = parse_key(request.POST.get("job"))
    job = (
        find_import_job_for_user(request.user, job_id, kabupaten=kabupaten, kind=kind)
        if job_id
        else None
    )
    if job is None:
        messages.error(request, _("The preview has expired; upload the file again."))
        return redirect(f"programs:{kind}-import", code=code)
    job, applied_now = jobs.import_job_confirm(job=job, actor=request.user)
    if not applied_now:
        return redirect(_job_url(job))  # a large file, or a second click: the job's page
    if job.status == ImportJob.Status.DONE:
        messages.success(request, _done_message(job))
        return redirect(_back_url(kabupaten, kind, job.year))
    # The data changed since the preview: nothing was written; show why.
    return _page(
        request,
        kabupaten=kabupaten,
        kind=kind,
        year=job.year,
        form=UploadForm(),
        agency=agency,
        outcome=ImportOutcome.from_json(job.outcome),
        job=job,
        status=409,
    )


@login_required
def import_job(request: HttpRequest, code: str, job) -> HttpResponse:
    """A job's page: its progress while the worker has it, then its preview or its result."""
    kabupaten = get_kabupaten_for_user(request.user, code)
    job = find_import_job_for_user(request.user, job, kabupaten=kabupaten)
    if job is None:
        raise Http404
    agency = get_import_agency_for_user(request.user, kabupaten, job.kind)
    return _page(
        request,
        kabupaten=kabupaten,
        kind=job.kind,
        year=job.year,
        form=UploadForm(),
        agency=agency,
        outcome=ImportOutcome.from_json(job.outcome),
        job=job,
    )
