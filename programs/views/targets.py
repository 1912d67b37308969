"""The targets grid: a sector's baselines and 2025–2029 targets of a kabupaten/kota, edited by
Bapperida as one grid and saved all or nothing, through the same service as the import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ppsp_portal.editing import Conflict, ConflictRow, shown

from .. import forms, selectors, services
from ..access import get_kabupaten_for_user
from ..models import Indicator, IndicatorTarget, Sector


@login_required
def targets_grid(request: HttpRequest, code: str, sector: str) -> HttpResponse:
    """Baselines and 2025–2029 targets of one sector, edited as one grid."""
    kabupaten = get_kabupaten_for_user(request.user, code, manage=True)
    if sector not in Sector.values:
        raise Http404
    indicators = Indicator.objects.filter(sector=sector).order_by("sort_order")
    agencies = kabupaten.agencies.order_by("abbreviation")
    packages = selectors.policy_packages(kabupaten=kabupaten)
    formset = forms.TargetGridFormSet(
        request.POST or None,
        prefix="targets",
        indicators=indicators,
        agencies=agencies,
        packages=packages,
        initial=None
        if request.method == "POST"
        else selectors.target_grid_initial(
            kabupaten=kabupaten, sector=sector, years=forms.PLAN_YEARS
        ),
    )
    conflict = None
    if request.method == "POST" and formset.is_valid():
        forms_by_entry, entries = [], []
        for form in formset.forms:
            if not form.cleaned_data.get("agency"):
                continue  # a row without its OPD is not saved (the grid says so)
            expected = form.expected_versions()
            for year in forms.PLAN_YEARS:
                forms_by_entry.append(form)
                entries.append(
                    services.TargetEntry(
                        indicator=form.cleaned_data["indicator"],
                        year=year,
                        target=form.cleaned_data[f"target_{year}"],
                        baseline=form.cleaned_data["baseline"],
                        agency=form.cleaned_data["agency"],
                        policy_package=form.cleaned_data["policy_package"],
                        expected_version=expected[year],
                    )
                )
        try:
            plan = services.targets_save(actor=request.user, kabupaten=kabupaten, entries=entries)
        except services.EditConflict as error:
            conflict = _grid_conflict(kabupaten, formset, [entries[i] for i in error.current])
        except services.Refused as error:
            for index, problems in error.problems.items():
                form, year = forms_by_entry[index], entries[index].year
                for name, message in problems.items():
                    name = f"target_{year}" if name == "target" else name
                    form.add_error(name if name in form.fields else None, message)
        else:
            changed = len(entries) - plan.count(services.SKIP)
            messages.success(request, _("Targets saved (%(count)s changes).") % {"count": changed})
            return redirect("programs:targets-grid", code=code, sector=sector)
    return render(
        request,
        "programs/targets_grid.html",
        {
            "kabupaten": kabupaten,
            "sector": Sector(sector),
            "sectors": Sector.choices,
            "formset": formset,
            "years": forms.PLAN_YEARS,
            "agency_choices": list(agencies),
            "package_choices": list(packages),
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


def _grid_conflict(kabupaten, formset, stale: list) -> Conflict:
    """The targets someone else changed while the grid was open: stored beside typed. The
    grid moves onto the stored versions, so that saving again keeps the typed values."""
    indicators = [form.cleaned_data["indicator"] for form in formset.forms]
    stored = {
        (t.indicator_id, t.year): t
        for t in IndicatorTarget.objects.filter(
            kabupaten=kabupaten, indicator__in={e.indicator for e in stale}
        ).select_related("responsible_agency")
    }
    rows = []
    for entry in stale:
        target = stored.get((entry.indicator.pk, entry.year))
        label = f"{entry.indicator.code} · {entry.year}"
        rows.append(
            ConflictRow(
                label,
                shown(target.target) + f" ({target.responsible_agency.abbreviation})"
                if target
                else "–",
                shown(entry.target) + (f" ({entry.agency.abbreviation})" if entry.agency else ""),
            )
        )
    current = selectors.target_versions(
        kabupaten=kabupaten, indicators=indicators, years=forms.PLAN_YEARS
    )
    formset.data = formset.data.copy()
    for form in formset.forms:
        form.data = formset.data
        formset.data[form.add_prefix("versions")] = current[form.cleaned_data["indicator"].pk]
    return Conflict(rows=rows)
