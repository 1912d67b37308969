"""Two people edit the same record: the second save, made from a stale page, is refused with a
conflict page that shows both versions and keeps what the second person typed; saving again
from that page is deliberate and wins. One case per edit form of the portal."""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from coaching.models import ClinicSession, FollowUp, FollowUpUpdate, Participation, QuickWin
from programs.models import FundingLine, IndicatorTarget, Membership
from tests.forms import form_data
from tests.funding import kapuas_line

CONFLICT = "Orang lain menyimpan data ini saat Anda sedang mengubahnya"


@dataclass(frozen=True)
class Case:
    url: Callable  # world -> url of the page holding the form
    field: str  # a field that identifies the form on that page
    first: str  # persona who saves first
    second: str  # persona whose page goes stale
    first_edit: Callable  # (data, world) -> None
    second_edit: Callable  # (data, world) -> None
    stored: Callable  # world -> what is stored (compared before/after the refused save)
    post_url: Callable | None = None  # world -> where the form posts, when not to its page


def _set(**values):
    def edit(data, world):
        data.update(values)

    return edit


def _grid_cell(column: str, value: str):
    def edit(data, world):
        row = next(
            key.split("-")[1]
            for key, v in data.items()
            if key.endswith("-indicator") and v == str(world.indicators["AL-01"].pk)
        )
        data[f"targets-{row}-{column}"] = value

    return edit


def _presentation(text: str):
    def edit(data, world):
        row = next(
            key.split("-")[1]
            for key, v in data.items()
            if key.endswith("-agency") and v == str(world.kapuas_pupr.pk)
        )
        data[f"presentations-{row}-achievements"] = text

    return edit


def _funding_line(world) -> FundingLine:
    return kapuas_line(world)


def _funding_cell(column: str, value: str):
    def edit(data, world):
        data[f"lines-0-{column}"] = value

    return edit


CASES = {
    "session": Case(
        url=lambda w: reverse("coaching:session-edit", kwargs={"pk": w.kapuas_session.pk}),
        field="venue",
        first="admin",
        second="kapuas",
        first_edit=_set(venue="Aula Kantor Bupati"),
        second_edit=_set(title="Rakor CC II (revisi)"),
        stored=lambda w: ClinicSession.objects.values_list("title", "venue").get(
            pk=w.kapuas_session.pk
        ),
    ),
    "participation": Case(
        url=lambda w: reverse(
            "coaching:participation-edit",
            kwargs={"pk": w.province_session.pk, "code": w.kapuas.code},
        ),
        field="feedback",
        first="admin",
        second="province",
        first_edit=_set(feedback="Percepat DED IPLT"),
        second_edit=_set(presentation="Capaian air limbah 72%"),
        stored=lambda w: Participation.objects.values_list("presentation", "feedback").get(
            session=w.province_session, kabupaten=w.kapuas
        ),
    ),
    "presentations": Case(
        url=lambda w: reverse("coaching:session-presentations", kwargs={"pk": w.kapuas_session.pk}),
        field="presentations-TOTAL_FORMS",
        first="admin",
        second="kapuas",
        first_edit=_presentation("Akses aman 72%"),
        second_edit=_presentation("Akses layak 88%"),
        stored=lambda w: list(w.kapuas_session.presentations.values_list("achievements")),
    ),
    "progress": Case(
        url=lambda w: w.kapuas_followup.get_absolute_url(),
        post_url=lambda w: reverse(
            "coaching:followup-progress", kwargs={"pk": w.kapuas_followup.pk}
        ),
        field="drop_reason",
        first="kapuas",
        second="pupr",
        first_edit=_set(date="2025-10-01", status="done", note="Teknologi dipilih"),
        second_edit=_set(date="2025-10-01", status="in_progress", note="Survei berjalan"),
        stored=lambda w: (
            FollowUp.objects.values_list("status").get(pk=w.kapuas_followup.pk),
            list(FollowUpUpdate.objects.values_list("note")),
        ),
    ),
    "reassign": Case(
        url=lambda w: w.kapuas_followup.get_absolute_url(),
        post_url=lambda w: reverse(
            "coaching:followup-reassign", kwargs={"pk": w.kapuas_followup.pk}
        ),
        field="reason",
        first="admin",
        second="kapuas",
        first_edit=lambda data, w: data.update(owner=str(w.kapuas_dlh.pk), reason="Kewenangan"),
        second_edit=lambda data, w: data.update(owner=str(w.kapuas_dinkes.pk), reason="Dinkes"),
        stored=lambda w: FollowUp.objects.values_list("owner").get(pk=w.kapuas_followup.pk),
    ),
    "quick win": Case(
        url=lambda w: reverse("coaching:quickwin-edit", kwargs={"pk": w.kapuas_quickwin.pk}),
        field="title",
        first="kapuas",
        second="pupr",
        first_edit=_set(status="achieved"),
        second_edit=_set(description="Tahap lelang"),
        stored=lambda w: QuickWin.objects.values_list("status", "description").get(
            pk=w.kapuas_quickwin.pk
        ),
    ),
    "targets grid": Case(
        url=lambda w: reverse(
            "programs:targets-grid", kwargs={"code": w.kapuas.code, "sector": "air_limbah"}
        ),
        field="targets-TOTAL_FORMS",
        first="admin",
        second="kapuas",
        first_edit=_grid_cell("target_2025", "85"),
        second_edit=_grid_cell("target_2025", "90"),
        stored=lambda w: IndicatorTarget.objects.values_list("target").get(pk=w.kapuas_target.pk),
    ),
    "funding grid": Case(
        url=lambda w: reverse(
            "programs:funding-grid",
            kwargs={
                "code": w.kapuas.code,
                "kind": "follow-up",
                "pk": w.kapuas_followup.pk,
                "year": _funding_line(w).year,
            },
        ),
        field="lines-TOTAL_FORMS",
        first="admin",
        second="kapuas",
        first_edit=_funding_cell("pagu", "1.200.000.000"),
        second_edit=_funding_cell("pagu", "1.350.000.000"),
        stored=lambda w: FundingLine.objects.values_list("pagu").get(pk=_funding_line(w).pk),
    ),
    "funding realisation": Case(
        url=lambda w: reverse("programs:funding-realisation", kwargs={"pk": _funding_line(w).pk}),
        field="realisasi",
        first="kapuas",
        second="pupr",
        first_edit=_set(realisasi="400.000.000", status="budgeted"),
        second_edit=_set(realisasi="650.000.000", status="realised", note="SP2D tahap 1"),
        stored=lambda w: FundingLine.objects.values_list("realisasi", "status", "note").get(
            pk=_funding_line(w).pk
        ),
    ),
    "membership": Case(
        url=lambda w: reverse(
            "admin:programs_membership_change",
            args=[Membership.objects.get(user=w.users["pupr"]).pk],
        ),
        field="role",
        first="admin",
        second="admin",
        first_edit=lambda data, w: data.update(agency=str(w.kapuas_dlh.pk)),
        second_edit=lambda data, w: data.update(agency=str(w.kapuas_dinkes.pk)),
        stored=lambda w: Membership.objects.values_list("agency").get(user=w.users["pupr"]),
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_a_stale_save_is_refused_with_both_versions_and_the_typed_values_kept(
    name, client_for, world
):
    case = CASES[name]
    first, second = client_for(case.first), client_for(case.second)
    url = case.url(world)
    post_url = case.post_url(world) if case.post_url else url
    first_data = form_data(first.get(url).content.decode(), case.field)
    second_data = form_data(second.get(url).content.decode(), case.field)

    case.first_edit(first_data, world)
    assert first.post(post_url, first_data).status_code == 302
    after_first = case.stored(world)

    case.second_edit(second_data, world)
    response = second.post(post_url, second_data)
    page = response.content.decode()
    assert response.status_code in (200, 409)  # the admin answers its own way: 200 with errors
    assert case.stored(world) == after_first, "the stale save must write nothing"
    if "admin" in url:
        assert "Orang lain mengubah data ini saat Anda sedang mengubahnya" in page
    else:
        assert response.status_code == 409
        assert CONFLICT in page
    # What the second person typed is still in the form they get back...
    kept = form_data(page, case.field)
    for key, value in second_data.items():
        if key not in ("csrfmiddlewaretoken", "submission") and not key.endswith(
            ("version", "versions", "seen_version")
        ):
            assert kept.get(key) == value, key

    # ...and saving it again is a deliberate choice that wins.
    assert second.post(post_url, kept).status_code == 302
    assert case.stored(world) != after_first


def test_every_edit_form_of_the_portal_has_a_conflict_case():
    """An edit view added later without a stale-save check fails here until it has a case."""
    import coaching.views
    import programs.views

    edit_views = {
        "session_edit": "session",
        "participation_edit": "participation",
        "session_presentations": "presentations",
        "followup_progress": "progress",
        "followup_reassign": "reassign",
        "quickwin_edit": "quick win",
        "targets_grid": "targets grid",
        "value_edit": "value (tests/programs/test_value_edit.py)",
        "funding_grid": "funding grid",
        "funding_realisation_edit": "funding realisation",
    }
    view_modules = [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for package in (coaching.views, programs.views)
        for info in pkgutil.iter_modules(package.__path__)
    ]
    assert len(view_modules) >= 8
    for module in view_modules:
        for name in dir(module):
            if name.endswith(("_edit", "_grid", "_progress", "_reassign", "_presentations")):
                assert name in edit_views, f"{name} has no conflict test"
    assert set(CASES) >= {case for case in edit_views.values() if "(" not in case}
