"""Bapperida's page for what its kabupaten/kota publishes (behind the login).

Everybody who reads the kabupaten/kota reads the page; only its Bapperida staff and the
administrators save it (403 for the others, 404 outside the region, as everywhere).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ppsp_portal.editing import Conflict, ConflictRow, apply_service_error, shown
from programs.access import get_kabupaten_for_user, get_scope

from . import selectors, services
from .forms import PublicationForm
from .publication import current_publication


def _conflict(form: PublicationForm, current: selectors.PublicationState) -> Conflict:
    """The stored choices beside the ones sent, and the form moved onto the stored state."""
    data = form.cleaned_data
    labels = {
        "quick_wins": dict(form.fields["quick_wins"].choices),
        "evidence": dict(form.fields["evidence"].choices),
    }
    rows = [
        ConflictRow(
            str(form.fields["published"].label), shown(current.published), shown(data["published"])
        )
    ]
    for name, stored in (("quick_wins", current.quick_wins), ("evidence", current.evidence)):
        rows.append(
            ConflictRow(
                str(form.fields[name].label),
                shown(sorted(labels[name].get(pk, "") for pk in stored)),
                shown(sorted(labels[name].get(pk, "") for pk in data[name])),
            )
        )
    form.data = form.data.copy()
    form.data["state"] = current.token
    return Conflict(rows=rows)


@login_required
def kabupaten_publication(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code, manage=request.method == "POST")
    quick_wins = list(selectors.publishable_quick_wins(kabupaten=kabupaten).order_by("title"))
    evidence = list(selectors.publishable_evidence(kabupaten=kabupaten))
    state = selectors.publication_state(kabupaten=kabupaten)
    form = PublicationForm(
        request.POST or None,
        kabupaten=kabupaten,
        quick_wins=quick_wins,
        evidence=evidence,
        initial={
            "published": state.published,
            "quick_wins": sorted(state.quick_wins),
            "evidence": sorted(state.evidence),
            "state": state.token,
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_save(
                actor=request.user,
                kabupaten=kabupaten,
                published=form.cleaned_data["published"],
                quick_win_ids=set(form.cleaned_data["quick_wins"]),
                evidence_ids=set(form.cleaned_data["evidence"]),
                expected_token=form.cleaned_data["state"],
            )
        except services.PublicationConflict as error:
            conflict = _conflict(form, error.current)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("What the kabupaten/kota publishes has been saved."))
            return redirect("public:kabupaten-publication", code=kabupaten.code)
    scope = get_scope(request.user)
    return render(
        request,
        "reports/public/publication_form.html",
        {
            "kabupaten": kabupaten,
            "form": form,
            "conflict": conflict,
            "state": state,
            "can_edit": scope.can_manage_kabupaten(kabupaten),
            "section_enabled": current_publication(request).enabled,
            "change_history": selectors.publication_changes(kabupaten=kabupaten),
        },
        status=409 if conflict else 200,
    )
