"""Every URL × every persona, with the status each must get (pretix's test_permissions).

A new URL without a row here fails `test_it_covers_every_url`: access is decided on purpose.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import PERSONAS
from .funding import kapuas_line
from .spreadsheets import waiting_job

LOGIN = 302  # anonymous users are sent to the login page


def statuses(**by_persona: int) -> dict[str, int]:
    assert set(by_persona) == set(PERSONAS), f"missing personas: {set(PERSONAS) - set(by_persona)}"
    return by_persona


# (url name, kwargs from the world, expected status per persona); POST-only views are
# asked with an empty form: 400 means the user was let in and the form refused.
MATRIX = [
    (
        "home",
        lambda w: {},
        statuses(
            anonymous=LOGIN, province=302, kapuas=302, pupr=302, seruyan=302, kalsel=302, admin=302
        ),
    ),
    (
        "programs:province-list",
        lambda w: {},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=200, kalsel=200, admin=200
        ),
    ),
    (
        "programs:province-detail",
        lambda w: {"code": w.kalteng.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=404, pupr=404, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "programs:kabupaten-detail",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    # Coaching clinics (#3)
    (
        "coaching:session-list",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:session-create",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=403, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:province-session-list",
        lambda w: {"code": w.kalteng.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=404, pupr=404, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:province-session-create",
        lambda w: {"code": w.kalteng.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=404, pupr=404, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:session-detail",
        lambda w: {"pk": w.kapuas_session.pk},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:session-detail",
        lambda w: {"pk": w.province_session.pk},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=200, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:session-edit",
        lambda w: {"pk": w.kapuas_session.pk},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=403, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:session-edit",
        lambda w: {"pk": w.province_session.pk},
        statuses(
            anonymous=LOGIN, province=200, kapuas=403, pupr=403, seruyan=403, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:session-presentations",
        lambda w: {"pk": w.kapuas_session.pk},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=403, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:session-followups",
        lambda w: {"pk": w.kapuas_session.pk},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=403, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:participation-edit",
        lambda w: {"pk": w.province_session.pk, "code": "62.03"},
        statuses(
            anonymous=LOGIN, province=200, kapuas=403, pupr=403, seruyan=403, kalsel=404, admin=200
        ),
    ),
    (
        "POST coaching:session-evidence",
        lambda w: {"pk": w.kapuas_session.pk},
        statuses(
            anonymous=LOGIN, province=403, kapuas=400, pupr=403, seruyan=404, kalsel=404, admin=400
        ),
    ),
    (
        "coaching:followup-list",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:province-followup-list",
        lambda w: {"code": w.kalteng.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=404, pupr=404, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:followup-detail",
        lambda w: {"pk": w.kapuas_followup.pk},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "POST coaching:followup-progress",
        lambda w: {"pk": w.kapuas_followup.pk},
        statuses(
            anonymous=LOGIN, province=403, kapuas=400, pupr=400, seruyan=404, kalsel=404, admin=400
        ),
    ),
    (
        "POST coaching:followup-reassign",
        lambda w: {"pk": w.kapuas_followup.pk},
        statuses(
            anonymous=LOGIN, province=403, kapuas=400, pupr=403, seruyan=404, kalsel=404, admin=400
        ),
    ),
    (
        "POST coaching:followup-evidence",
        lambda w: {"pk": w.kapuas_followup.pk},
        statuses(
            anonymous=LOGIN, province=403, kapuas=400, pupr=400, seruyan=404, kalsel=404, admin=400
        ),
    ),
    (
        "coaching:quickwin-list",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:quickwin-create",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=403, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:quickwin-detail",
        lambda w: {"pk": w.kapuas_quickwin.pk},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:quickwin-edit",
        lambda w: {"pk": w.kapuas_quickwin.pk},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "POST coaching:quickwin-evidence",
        lambda w: {"pk": w.kapuas_quickwin.pk},
        statuses(
            anonymous=LOGIN, province=403, kapuas=400, pupr=400, seruyan=404, kalsel=404, admin=400
        ),
    ),
    (
        "coaching:evidence-download",
        lambda w: {"pk": w.kapuas_evidence.pk},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "coaching:milestone-history",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    # Targets, actual values, verification (#4)
    (
        "programs:targets-grid",
        lambda w: {"code": w.kapuas.code, "sector": "air_limbah"},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=403, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "programs:values-entry",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "programs:verification-queue",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=403, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "programs:value-edit",
        lambda w: {"pk": w.kapuas_target.pk, "period": 1},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "programs:value-detail",
        lambda w: {"pk": w.kapuas_value.pk},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "POST programs:value-verify",
        lambda w: {"pk": w.kapuas_value.pk},
        statuses(
            anonymous=LOGIN, province=403, kapuas=302, pupr=403, seruyan=404, kalsel=404, admin=302
        ),
    ),
    (
        "POST programs:value-return",
        lambda w: {"pk": w.kapuas_value.pk},
        statuses(
            anonymous=LOGIN, province=403, kapuas=302, pupr=403, seruyan=404, kalsel=404, admin=302
        ),
    ),
    (
        "POST programs:value-reopen",
        lambda w: {"pk": w.kapuas_value.pk},
        statuses(
            anonymous=LOGIN, province=403, kapuas=302, pupr=403, seruyan=404, kalsel=404, admin=302
        ),
    ),
    # Dashboards (#4)
    (
        "reports:kabupaten-dashboard",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "reports:opd-dashboard",
        lambda w: {"code": w.kapuas.code, "agency_pk": w.kapuas_pupr.pk},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "reports:province-dashboard",
        lambda w: {"code": w.kalteng.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=404, pupr=404, seruyan=404, kalsel=404, admin=200
        ),
    ),
    # PDF reports and their archive (#5)
    (
        "POST reports:kabupaten-report",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=400, kapuas=400, pupr=400, seruyan=404, kalsel=404, admin=400
        ),
    ),
    (
        "POST reports:opd-sheet",
        lambda w: {"code": w.kapuas.code, "agency_pk": w.kapuas_pupr.pk},
        statuses(
            anonymous=LOGIN, province=400, kapuas=400, pupr=400, seruyan=404, kalsel=404, admin=400
        ),
    ),
    (
        "POST reports:province-report",
        lambda w: {"code": w.kalteng.code},
        statuses(
            anonymous=LOGIN, province=400, kapuas=404, pupr=404, seruyan=404, kalsel=404, admin=400
        ),
    ),
    (
        "POST reports:national-report",
        lambda w: {},
        statuses(
            anonymous=LOGIN, province=404, kapuas=404, pupr=404, seruyan=404, kalsel=404, admin=400
        ),
    ),
    (
        "POST reports:minutes-report",
        lambda w: {"pk": w.province_session.pk},
        statuses(
            anonymous=LOGIN, province=302, kapuas=403, pupr=403, seruyan=403, kalsel=404, admin=302
        ),
    ),
    (
        "reports:report-list",
        lambda w: {},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=200, kalsel=200, admin=200
        ),
    ),
    (
        "reports:report-detail",
        lambda w: {"pk": w.kapuas_report.pk},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "reports:report-download",
        lambda w: {"pk": w.kapuas_report.pk},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    # Spreadsheets (#6)
    (
        "programs:values-template",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "programs:values-import",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "POST programs:values-import-confirm",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=403, kapuas=302, pupr=302, seruyan=404, kalsel=404, admin=302
        ),
    ),
    (
        "reports:values-export",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "reports:targets-export",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "reports:followups-export",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "reports:province-followups-export",
        lambda w: {"code": w.kalteng.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=404, pupr=404, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "reports:quickwins-export",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "programs:targets-template",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=403, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "programs:targets-import",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=403, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "POST programs:targets-import-confirm",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=403, kapuas=302, pupr=403, seruyan=404, kalsel=404, admin=302
        ),
    ),
    (
        # A job is its uploader's alone: everybody else, administrators too, gets 404.
        "programs:import-job",
        lambda w: {"code": w.kapuas.code, "job": waiting_job(w).pk},
        statuses(
            anonymous=LOGIN, province=404, kapuas=200, pupr=404, seruyan=404, kalsel=404, admin=404
        ),
    ),
    (
        "programs:value-evidence",
        lambda w: {"pk": w.kapuas_value.pk},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    # Funding (#15): a Kapuas line of Dinas PUPR on a follow-up (with evidence), one of DLH
    (
        "programs:funding-overview",
        lambda w: {"code": w.kapuas.code},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "programs:funding-grid",
        lambda w: {
            "code": w.kapuas.code,
            "kind": "follow-up",
            "pk": w.kapuas_followup.pk,
            "year": 2025,
        },
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=403, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "programs:funding-grid",
        lambda w: {"code": w.seruyan.code, "kind": "package", "pk": w.package_1.pk, "year": 2025},
        statuses(
            anonymous=LOGIN, province=403, kapuas=404, pupr=404, seruyan=200, kalsel=404, admin=200
        ),
    ),
    (
        "programs:funding-grid",  # a Seruyan package asked for under Kapuas's address
        lambda w: {"code": w.kapuas.code, "kind": "package", "pk": w.package_1.pk, "year": 2025},
        statuses(
            anonymous=LOGIN, province=404, kapuas=404, pupr=404, seruyan=404, kalsel=404, admin=404
        ),
    ),
    (
        "programs:funding-line-detail",
        lambda w: {"pk": kapuas_line(w).pk},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "programs:funding-realisation",
        lambda w: {"pk": kapuas_line(w).pk},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (  # another OPD's line of the same kabupaten
        "programs:funding-realisation",
        lambda w: {"pk": kapuas_line(w, w.kapuas_dlh).pk},
        statuses(
            anonymous=LOGIN, province=403, kapuas=200, pupr=403, seruyan=404, kalsel=404, admin=200
        ),
    ),
    (
        "programs:funding-evidence",
        lambda w: {"pk": kapuas_line(w).pk},
        statuses(
            anonymous=LOGIN, province=200, kapuas=200, pupr=200, seruyan=404, kalsel=404, admin=200
        ),
    ),
]


# URLs that belong to Django or libraries and are tested there.
NOT_OURS = ("admin", "login", "logout", "password_change", "password_change_done", "set_language")


def all_url_names(resolver=None, namespace="") -> set[str]:
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_it_covers_every_url():
    covered = {name.removeprefix("POST ") for name, _, _ in MATRIX}
    missing = all_url_names() - covered - set(NOT_OURS)
    assert not missing, f"URLs without a row in the permission matrix: {sorted(missing)}"


@pytest.mark.parametrize(
    ("name", "kwargs", "persona", "expected"),
    [
        (name, kwargs, persona, expected)
        for name, kwargs, by_persona in MATRIX
        for persona, expected in by_persona.items()
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_it_answers_each_persona(client_for, world, name, kwargs, persona, expected):
    # "POST name" rows are views that only accept POST: they are asked with an empty form.
    method, _, url_name = name.rpartition(" ")
    url = reverse(url_name, kwargs=kwargs(world))
    client = client_for(persona)
    response = client.post(url, {}) if method == "POST" else client.get(url)
    assert response.status_code == expected, f"{persona} GET {url}"
    if persona == "anonymous" and expected == LOGIN:
        assert response.url.startswith(reverse("login"))
