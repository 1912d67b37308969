"""Quick wins: a kabupaten/kota's list, each one's page, and its form (an OPD head records and
edits its own OPD's)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ppsp_portal.editing import save_form
from ppsp_portal.pagination import paginate
from programs import selectors as programs_selectors
from programs.access import get_kabupaten_for_user, get_scope
from programs.models import Kabupaten

from .. import forms, selectors, services
from ..access import can_edit_quickwin, get_quickwin_for_user
from ..models import QuickWin


@login_required
def quickwin_list(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code)
    scope = get_scope(request.user)
    page = paginate(request, selectors.quickwin_list(kabupaten=kabupaten))
    return render(
        request,
        "coaching/quickwin_list.html",
        {
            "kabupaten": kabupaten,
            "quick_wins": page.object_list,
            "page": page,
            "can_create": scope.can_manage_kabupaten(kabupaten),
        },
    )


def _quickwin_form_page(
    request: HttpRequest, quick_win: QuickWin, kabupaten: Kabupaten
) -> HttpResponse:
    scope = get_scope(request.user)
    agencies = kabupaten.agencies.order_by("abbreviation")
    if scope.is_agency_head:
        agencies = agencies.filter(pk=scope.agency_id)
    sessions = selectors.session_list(scope=scope, kabupaten=kabupaten)
    form = forms.QuickWinForm(
        request.POST or None,
        instance=quick_win,
        kabupaten=kabupaten,
        agencies=agencies,
        sessions=sessions,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        response, conflict = save_form(
            request,
            form,
            perform=lambda: services.quickwin_save(
                actor=request.user,
                quick_win=form.instance,
                expected_version=form.cleaned_data["version"],
            ),
            done=_("The quick win has been saved."),
            once=quick_win.pk is None,
        )
        if response:
            return response
    return render(
        request,
        "coaching/quickwin_form.html",
        {"form": form, "kabupaten": kabupaten, "quick_win": quick_win, "conflict": conflict},
        status=409 if conflict else 200,
    )


@login_required
def quickwin_create(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = get_kabupaten_for_user(request.user, code, manage=True)
    return _quickwin_form_page(request, QuickWin(kabupaten=kabupaten), kabupaten)


@login_required
def quickwin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    quick_win = get_quickwin_for_user(request.user, pk, edit=True)
    return _quickwin_form_page(request, quick_win, quick_win.kabupaten)


@login_required
def quickwin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    quick_win = get_quickwin_for_user(request.user, pk)
    scope = get_scope(request.user)
    can_edit = can_edit_quickwin(scope, quick_win)
    return render(
        request,
        "coaching/quickwin_detail.html",
        {
            "quick_win": quick_win,
            "kabupaten": quick_win.kabupaten,
            "can_edit": can_edit,
            "evidence": quick_win.evidence.select_related("uploaded_by"),
            "evidence_form": forms.EvidenceForm() if can_edit else None,
            "change_history": selectors.quickwin_changes(quick_win=quick_win),
            "funding": programs_selectors.subject_funding_panel(subject=quick_win, scope=scope),
        },
    )
