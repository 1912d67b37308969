"""Funding pages: a kabupaten's lines by subject, Bapperida's grid per subject and year, and
the realisasi an OPD reports on its own lines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ppsp_portal.downloads import evidence_response
from ppsp_portal.editing import (
    Conflict,
    ConflictRow,
    save_form,
    submit_once,
)
from ppsp_portal.params import pk_param

from .. import forms, funding, selectors
from ..access import (
    get_funding_line_for_user,
    get_funding_subject_for_user,
    get_kabupaten_for_user,
    get_scope,
)
from ..models import FIRST_PLAN_YEAR, LAST_PLAN_YEAR, FundingLine, FundingSource, ImportJob
from ..money import Amounts, rupiah
from ..services import SKIP
from . import pick_year

ALL_AGENCIES = "all"


@login_required
def funding_overview(request: HttpRequest, code: str) -> HttpResponse:
    """Every funding line of a year by subject. An OPD head starts from its own lines."""
    kabupaten = get_kabupaten_for_user(request.user, code)
    scope = get_scope(request.user)
    agencies = list(kabupaten.agencies.order_by("abbreviation"))
    asked = pk_param(request, "agency")
    agency = None
    if asked is not None:
        agency = next((a for a in agencies if a.pk == asked), None)
    elif scope.is_agency_head and request.GET.get("agency") != ALL_AGENCIES:
        agency = next((a for a in agencies if a.pk == scope.agency_id), None)
    years = selectors.funding_years(kabupaten=kabupaten)
    year = pick_year(request, years)
    return render(
        request,
        "programs/funding_overview.html",
        {
            "kabupaten": kabupaten,
            "overview": selectors.funding_overview(kabupaten=kabupaten, year=year, agency=agency),
            "year": year,
            "years": years,
            "agency": agency,
            "agencies": agencies,
            "all_agencies": ALL_AGENCIES,
            "can_manage": scope.can_manage_kabupaten(kabupaten),
            "can_import": scope.can_import_into(kabupaten, ImportJob.Kind.FUNDING),
            "actable_agency_ids": {a.pk for a in agencies if scope.can_act_for_agency(a)},
        },
    )


@login_required
def funding_grid(request: HttpRequest, code: str, kind: str, pk: int, year: int) -> HttpResponse:
    """A package's (or a follow-up's, or a quick win's) funding lines of one year, edited as
    one grid and saved all or nothing."""
    kabupaten = get_kabupaten_for_user(request.user, code)
    subject = get_funding_subject_for_user(request.user, kabupaten, kind, pk, manage=True)
    if not FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR:
        raise Http404
    lines = selectors.funding_lines(subject=subject, year=year)
    agencies = kabupaten.agencies.order_by("abbreviation")
    sources = FundingSource.objects.filter(
        Q(active=True) | Q(pk__in={line.source_id for line in lines})
    )
    formset = forms.FundingGridFormSet(
        request.POST or None,
        prefix="lines",
        sources=sources,
        agencies=agencies,
        initial=None if request.method == "POST" else selectors.funding_grid_initial(lines),
    )
    if request.method != "POST" and not lines:
        formset.extra = 1  # an empty grid starts with one row to fill in
    conflict = None
    if request.method == "POST" and formset.is_valid():
        rows = [form for form in formset.forms if not form.is_new_and_blank]
        entries = [form.entry() for form in rows]
        try:
            outcome = submit_once(
                request,
                create=lambda: funding.funding_save(
                    actor=request.user, subject=subject, year=year, entries=entries
                ),
                url=lambda _plan: request.path,
            )
        except funding.EditConflict as error:
            conflict = _grid_conflict(formset, rows, entries, error.current)
        except funding.Refused as error:
            for index, problems in error.problems.items():
                for name, message in problems.items():
                    rows[index].add_error(name if name in rows[index].fields else None, message)
        else:
            if outcome.repeated:
                messages.info(request, _("This form was already saved."))
                return redirect(outcome.url)
            changed = len(entries) - outcome.created.count(SKIP)
            messages.success(request, _("Funding saved (%(count)s changes).") % {"count": changed})
            return redirect(request.path)
    return render(
        request,
        "programs/funding_grid.html",
        {
            "kabupaten": kabupaten,
            "subject": subject,
            "kind": kind,
            "year": year,
            "years": selectors.funding_years(kabupaten=kabupaten),
            "formset": formset,
            "source_choices": list(sources),
            "agency_choices": list(agencies),
            "status_choices": FundingLine.Status.choices,
            "lines": lines,
            "totals": _totals(lines),
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


def _totals(lines: list[FundingLine]) -> Amounts:
    totals = Amounts()
    for line in lines:
        totals.add(line.pagu, line.realisasi)
    return totals


def _described(line_or_entry) -> str:
    if line_or_entry is None:
        return _("removed")
    if getattr(line_or_entry, "remove", False):
        return _("to be removed")
    status = dict(FundingLine.Status.choices).get(line_or_entry.status, line_or_entry.status)
    return (
        f"{line_or_entry.source} · {line_or_entry.agency}"
        f" · {line_or_entry.planning_reference or '–'}\n"
        f"{_('Pagu')} {rupiah(line_or_entry.pagu)} · {_('Realisasi')} "
        f"{rupiah(line_or_entry.realisasi or 0)} · {status}"
    )


def _grid_conflict(formset, rows, entries, stale: list[int]) -> Conflict:
    """The lines someone else changed or removed while the grid was open, stored beside typed.
    The grid moves onto the stored versions (a removed line becomes a new row), so that saving
    again keeps what was typed."""
    stored = {
        line.pk: line
        for line in FundingLine.objects.filter(
            pk__in=[entries[i].line_id for i in stale]
        ).select_related("source", "agency")
    }
    data = formset.data.copy()
    conflict_rows = []
    for index in stale:
        entry, form = entries[index], rows[index]
        line = stored.get(entry.line_id)
        conflict_rows.append(
            ConflictRow(_("Row %(row)s") % {"row": index + 1}, _described(line), _described(entry))
        )
        if line is None:
            data[form.add_prefix("line")] = ""
            data[form.add_prefix("version")] = ""
        else:
            data[form.add_prefix("version")] = str(line.version)
    formset.data = data
    for form in formset.forms:
        form.data = data
    return Conflict(rows=conflict_rows)


@login_required
def funding_line_detail(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_funding_line_for_user(request.user, pk)
    scope = get_scope(request.user)
    return render(
        request,
        "programs/funding_line_detail.html",
        {
            "line": line,
            "kabupaten": line.kabupaten,
            "can_report": scope.can_act_for_agency(line.agency),
            "can_manage": scope.can_manage_kabupaten(line.kabupaten),
            "change_history": selectors.funding_line_history(line=line),
        },
    )


@login_required
def funding_realisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The OPD responsible for a line (or Bapperida) reports what was spent, with evidence."""
    line = get_funding_line_for_user(request.user, pk, act=True)
    form = forms.RealisationForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "realisasi": line.realisasi,
            "status": line.status,
            "note": line.note,
            "version": line.version,
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        response, conflict = save_form(
            request,
            form,
            perform=lambda: funding.funding_realisation_report(
                actor=request.user,
                line=line,
                realisasi=form.cleaned_data["realisasi"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
                evidence=form.cleaned_data.get("evidence"),
            ),
            done=_("The realisasi has been saved."),
            once=False,
            then=line,
            fields=["realisasi", "status", "note"],
        )
        if response:
            return response
    return render(
        request,
        "programs/funding_realisation_form.html",
        {"line": line, "kabupaten": line.kabupaten, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


@login_required
def funding_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_funding_line_for_user(request.user, pk)
    if not line.evidence:
        raise Http404
    return evidence_response(
        request, line.evidence, filename=line.evidence_name, content_type=line.evidence_type
    )
