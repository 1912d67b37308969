"""Every URL × every persona, GET and POST, with the status each must get (pretix's
test_permissions).

- GET: what each persona gets when opening the address.
- POST: every view that accepts a form is sent a *valid* form (read from the page that offers
  it: hidden version, one-time key; see tests/valid_forms.py) by every persona. A refused POST
  must write nothing at all, in any table; an allowed one must succeed and write.

A URL without a row fails `test_it_covers_every_url`, named or not: access is decided on purpose.
Long, but one table read top to bottom is the point: every cell is a decision.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS
from tests.funding import kapuas_line
from tests.spreadsheets import waiting_job
from tests.valid_forms import PDF, VALID_POSTS, build, fresh
from tests.world import World

LOGIN = "L"  # sent to the login page
SIGNED_OUT = {"anonymous", "inactive"}  # the personas whom Django takes for nobody


def statuses(line: str) -> dict[str, int | str]:
    """A row of statuses in the order of PERSONAS (see the header of MATRIX)."""
    cells = line.split()
    assert len(cells) == len(PERSONAS), f"{len(cells)} statuses for {len(PERSONAS)} personas"
    return {
        p: cell if cell == LOGIN else int(cell) for p, cell in zip(PERSONAS, cells, strict=True)
    }


@dataclass(frozen=True)
class Row:
    name: str
    kwargs: Callable[[World], dict]
    get: dict | None  # None: the view only acts on a form
    post: dict | None = None  # None: the view only shows something
    form_on: Callable[[World], str] | None = None  # the page with the form, if not the URL

    @property
    def id(self) -> str:
        return self.name


def page(name, kwargs, get, post=None) -> Row:
    """A page; with `post`, a page whose own form is sent back to it."""
    return Row(name, kwargs, statuses(get), statuses(post) if post else None)


def action(name, kwargs, post, *, form_on) -> Row:
    """A view that only acts on a form shown on another page."""
    return Row(name, kwargs, None, statuses(post), form_on)


def url(name: str, **kwargs) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={k: v(w) for k, v in kwargs.items()})


NONE = lambda w: {}  # noqa: E731
KAPUAS = lambda w: {"code": w.kapuas.code}  # noqa: E731
KALTENG = lambda w: {"code": w.kalteng.code}  # noqa: E731

# fmt: off
# Statuses in the order of PERSONAS; L = sent to the login page.
#  anonymous province kapuas pupr dlh seruyan seruyan_pupr kalsel norole inactive admin
#  anon prov kapu pupr dlh  seru sepu kals none inac admn
MATRIX = [
    page("home", NONE,
         "L    302  302  302  302  302  302  302  403  L    302"),
    page("login", NONE,
         "200  302  302  302  302  302  302  302  302  200  302"),
    action("logout", NONE, form_on=url("home"), post=
         "L    L    L    L    L    L    L    L    L    L    L"),
    page("password_change", NONE,
         "L    200  200  200  200  200  200  200  200  L    200", post=
         "L    302  302  302  302  302  302  302  302  L    302"),
    page("password_change_done", NONE,
         "L    200  200  200  200  200  200  200  200  L    200"),
    page("programs:province-list", NONE,
         "L    200  200  200  200  200  200  200  200  L    200"),
    page("programs:province-detail", KALTENG,
         "L    200  404  404  404  404  404  404  404  L    200"),
    page("programs:kabupaten-detail", KAPUAS,
         "L    200  200  200  200  404  404  404  404  L    200"),
    # Coaching clinics
    page("coaching:session-list", KAPUAS,
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("coaching:session-create", KAPUAS,
         "L    403  200  403  403  404  404  404  404  L    200", post=
         "L    403  302  403  403  404  404  404  404  L    302"),
    page("coaching:province-session-list", KALTENG,
         "L    200  404  404  404  404  404  404  404  L    200"),
    page("coaching:province-session-create", KALTENG,
         "L    200  404  404  404  404  404  404  404  L    200", post=
         "L    302  404  404  404  404  404  404  404  L    302"),
    page("coaching:session-detail", lambda w: {"pk": w.kapuas_session.pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    # A province clinic is read by the kabupaten that took part (Kapuas and Seruyan).
    page("coaching:session-detail", lambda w: {"pk": w.province_session.pk},
         "L    200  200  200  200  200  200  404  404  L    200"),
    page("coaching:session-edit", lambda w: {"pk": w.kapuas_session.pk},
         "L    403  200  403  403  404  404  404  404  L    200", post=
         "L    403  302  403  403  404  404  404  404  L    302"),
    page("coaching:session-edit", lambda w: {"pk": w.province_session.pk},
         "L    200  403  403  403  403  403  404  404  L    200", post=
         "L    302  403  403  403  403  403  404  404  L    302"),
    page("coaching:session-presentations", lambda w: {"pk": w.kapuas_session.pk},
         "L    403  200  403  403  404  404  404  404  L    200", post=
         "L    403  302  403  403  404  404  404  404  L    302"),
    page("coaching:session-followups", lambda w: {"pk": w.kapuas_session.pk},
         "L    403  200  403  403  404  404  404  404  L    200", post=
         "L    403  302  403  403  404  404  404  404  L    302"),
    page("coaching:participation-edit", lambda w: {"pk": w.province_session.pk, "code": "62.03"},
         "L    200  403  403  403  403  403  404  404  L    200", post=
         "L    302  403  403  403  403  403  404  404  L    302"),
    action("coaching:session-evidence", lambda w: {"pk": w.kapuas_session.pk},
           form_on=url("coaching:session-detail", pk=lambda w: w.kapuas_session.pk), post=
         "L    403  302  403  403  404  404  404  404  L    302"),
    # Follow-ups: each OPD head reports on their own OPD's, Bapperida on any of its OPDs'.
    page("coaching:followup-list", KAPUAS,
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("coaching:province-followup-list", KALTENG,
         "L    200  404  404  404  404  404  404  404  L    200"),
    page("coaching:followup-detail", lambda w: {"pk": w.kapuas_followup.pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("coaching:followup-detail", lambda w: {"pk": w.dlh_followup.pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    action("coaching:followup-progress", lambda w: {"pk": w.kapuas_followup.pk},
           form_on=url("coaching:followup-detail", pk=lambda w: w.kapuas_followup.pk), post=
         "L    403  302  302  403  404  404  404  404  L    302"),
    action("coaching:followup-progress", lambda w: {"pk": w.dlh_followup.pk},
           form_on=url("coaching:followup-detail", pk=lambda w: w.dlh_followup.pk), post=
         "L    403  302  403  302  404  404  404  404  L    302"),
    action("coaching:followup-reassign", lambda w: {"pk": w.kapuas_followup.pk},
           form_on=url("coaching:followup-detail", pk=lambda w: w.kapuas_followup.pk), post=
         "L    403  302  403  403  404  404  404  404  L    302"),
    action("coaching:followup-evidence", lambda w: {"pk": w.kapuas_followup.pk},
           form_on=url("coaching:followup-detail", pk=lambda w: w.kapuas_followup.pk), post=
         "L    403  302  302  403  404  404  404  404  L    302"),
    action("coaching:followup-evidence", lambda w: {"pk": w.dlh_followup.pk},
           form_on=url("coaching:followup-detail", pk=lambda w: w.dlh_followup.pk), post=
         "L    403  302  403  302  404  404  404  404  L    302"),
    # Quick wins: edited by Bapperida and by the OPD that owns them.
    page("coaching:quickwin-list", KAPUAS,
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("coaching:quickwin-create", KAPUAS,
         "L    403  200  403  403  404  404  404  404  L    200", post=
         "L    403  302  403  403  404  404  404  404  L    302"),
    page("coaching:quickwin-detail", lambda w: {"pk": w.kapuas_quickwin.pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("coaching:quickwin-detail", lambda w: {"pk": w.dlh_quickwin.pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("coaching:quickwin-edit", lambda w: {"pk": w.kapuas_quickwin.pk},
         "L    403  200  200  403  404  404  404  404  L    200", post=
         "L    403  302  302  403  404  404  404  404  L    302"),
    page("coaching:quickwin-edit", lambda w: {"pk": w.dlh_quickwin.pk},
         "L    403  200  403  200  404  404  404  404  L    200", post=
         "L    403  302  403  302  404  404  404  404  L    302"),
    action("coaching:quickwin-evidence", lambda w: {"pk": w.kapuas_quickwin.pk},
           form_on=url("coaching:quickwin-detail", pk=lambda w: w.kapuas_quickwin.pk), post=
         "L    403  302  302  403  404  404  404  404  L    302"),
    action("coaching:quickwin-evidence", lambda w: {"pk": w.dlh_quickwin.pk},
           form_on=url("coaching:quickwin-detail", pk=lambda w: w.dlh_quickwin.pk), post=
         "L    403  302  403  302  404  404  404  404  L    302"),
    page("coaching:evidence-download", lambda w: {"pk": w.kapuas_evidence.pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("coaching:milestone-history", KAPUAS,
         "L    200  200  200  200  404  404  404  404  L    200"),
    # Targets, actual values, verification: values are entered by the OPD that owns the target.
    page("programs:targets-grid", lambda w: {"code": w.kapuas.code, "sector": "air_limbah"},
         "L    403  200  403  403  404  404  404  404  L    200", post=
         "L    403  302  403  403  404  404  404  404  L    302"),
    page("programs:values-entry", KAPUAS,
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("programs:verification-queue", KAPUAS,
         "L    403  200  403  403  404  404  404  404  L    200"),
    page("programs:value-edit", lambda w: {"pk": w.kapuas_target.pk, "period": 1},
         "L    403  200  200  403  404  404  404  404  L    200", post=
         "L    403  302  302  403  404  404  404  404  L    302"),
    page("programs:value-edit", lambda w: {"pk": w.dlh_target.pk, "period": 1},
         "L    403  200  403  200  404  404  404  404  L    200", post=
         "L    403  302  403  302  404  404  404  404  L    302"),
    page("programs:value-detail", lambda w: {"pk": w.kapuas_value.pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("programs:value-detail", lambda w: {"pk": w.dlh_value.pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    action("programs:value-verify", lambda w: {"pk": w.kapuas_value.pk},
           form_on=url("programs:value-detail", pk=lambda w: w.kapuas_value.pk), post=
         "L    403  302  403  403  404  404  404  404  L    302"),
    action("programs:value-return", lambda w: {"pk": w.kapuas_value.pk},
           form_on=url("programs:value-detail", pk=lambda w: w.kapuas_value.pk), post=
         "L    403  302  403  403  404  404  404  404  L    302"),
    action("programs:value-reopen", lambda w: {"pk": w.kapuas_value.pk},
           form_on=url("programs:value-detail", pk=lambda w: w.kapuas_value.pk), post=
         "L    403  302  403  403  404  404  404  404  L    302"),
    page("programs:value-evidence", lambda w: {"pk": w.kapuas_value.pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("programs:value-evidence", lambda w: {"pk": w.dlh_value.pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    # Dashboards
    page("reports:kabupaten-dashboard", KAPUAS,
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("reports:opd-dashboard", lambda w: {"code": w.kapuas.code, "agency_pk": w.kapuas_pupr.pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("reports:opd-dashboard", lambda w: {"code": w.kapuas.code, "agency_pk": w.kapuas_dlh.pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("reports:province-dashboard", KALTENG,
         "L    200  404  404  404  404  404  404  404  L    200"),
    # PDF reports and their archive: whoever reads a page may print it.
    action("reports:kabupaten-report", KAPUAS,
           form_on=url("reports:kabupaten-dashboard", code=lambda w: w.kapuas.code), post=
         "L    302  302  302  302  404  404  404  404  L    302"),
    action("reports:opd-sheet", lambda w: {"code": w.kapuas.code, "agency_pk": w.kapuas_pupr.pk},
           form_on=url("reports:opd-dashboard", code=lambda w: w.kapuas.code,
                       agency_pk=lambda w: w.kapuas_pupr.pk), post=
         "L    302  302  302  302  404  404  404  404  L    302"),
    action("reports:opd-sheet", lambda w: {"code": w.kapuas.code, "agency_pk": w.kapuas_dlh.pk},
           form_on=url("reports:opd-dashboard", code=lambda w: w.kapuas.code,
                       agency_pk=lambda w: w.kapuas_dlh.pk), post=
         "L    302  302  302  302  404  404  404  404  L    302"),
    action("reports:province-report", KALTENG,
           form_on=url("reports:province-dashboard", code=lambda w: w.kalteng.code), post=
         "L    302  404  404  404  404  404  404  404  L    302"),
    action("reports:national-report", NONE, form_on=url("programs:province-list"), post=
         "L    404  404  404  404  404  404  404  404  L    302"),
    # Kabupaten users see only their own part of a province clinic: not its minutes.
    action("reports:minutes-report", lambda w: {"pk": w.province_session.pk},
           form_on=url("coaching:session-detail", pk=lambda w: w.province_session.pk), post=
         "L    302  403  403  403  403  403  404  404  L    302"),
    action("reports:minutes-report", lambda w: {"pk": w.kapuas_session.pk},
           form_on=url("coaching:session-detail", pk=lambda w: w.kapuas_session.pk), post=
         "L    302  302  302  302  404  404  404  404  L    302"),
    page("reports:report-list", NONE,
         "L    200  200  200  200  200  200  200  200  L    200"),
    page("reports:report-detail", lambda w: {"pk": w.kapuas_report.pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("reports:report-download", lambda w: {"pk": w.kapuas_report.pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    # Spreadsheets: OPD heads import their own OPD's values, Bapperida anything of Kapuas.
    page("programs:values-template", KAPUAS,
         "L    403  200  200  200  404  404  404  404  L    200"),
    page("programs:values-import", KAPUAS,
         "L    403  200  200  200  404  404  404  404  L    200", post=
         "L    403  200  200  200  404  404  404  404  L    200"),
    action("programs:values-import-confirm", KAPUAS, form_on=None, post=
         "L    403  302  302  302  404  404  404  404  L    302"),
    page("reports:values-export", KAPUAS,
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("reports:targets-export", KAPUAS,
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("reports:followups-export", KAPUAS,
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("reports:province-followups-export", KALTENG,
         "L    200  404  404  404  404  404  404  404  L    200"),
    page("reports:quickwins-export", KAPUAS,
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("programs:targets-template", KAPUAS,
         "L    403  200  403  403  404  404  404  404  L    200"),
    page("programs:targets-import", KAPUAS,
         "L    403  200  403  403  404  404  404  404  L    200", post=
         "L    403  200  403  403  404  404  404  404  L    200"),
    action("programs:targets-import-confirm", KAPUAS, form_on=None, post=
         "L    403  302  403  403  404  404  404  404  L    302"),
    # Funding lines: Bapperida imports any of Kapuas's, each OPD head the realisasi of its own
    # (the file it sends holds its own lines); every reader exports them.
    page("programs:funding-template", KAPUAS,
         "L    403  200  200  200  404  404  404  404  L    200"),
    page("programs:funding-import", KAPUAS,
         "L    403  200  200  200  404  404  404  404  L    200", post=
         "L    403  200  200  200  404  404  404  404  L    200"),
    action("programs:funding-import-confirm", KAPUAS, form_on=None, post=
         "L    403  302  302  302  404  404  404  404  L    302"),
    page("reports:funding-export", KAPUAS,
         "L    200  200  200  200  404  404  404  404  L    200"),
    # An import job is its uploader's alone: everybody else, administrators too, gets 404.
    page("programs:import-job", lambda w: {"code": w.kapuas.code, "job": waiting_job(w).pk},
         "L    404  200  404  404  404  404  404  404  L    404"),
    # Funding: Bapperida keeps the lines; each OPD head reports the realisasi of its own.
    page("programs:funding-overview", KAPUAS,
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("programs:funding-grid", lambda w: {"code": w.kapuas.code, "kind": "follow-up",
                                             "pk": w.kapuas_followup.pk, "year": 2025},
         "L    403  200  403  403  404  404  404  404  L    200", post=
         "L    403  302  403  403  404  404  404  404  L    302"),
    page("programs:funding-grid", lambda w: {"code": w.seruyan.code, "kind": "package",
                                             "pk": w.package_1.pk, "year": 2025},
         "L    403  404  404  404  200  403  404  404  L    200"),
    # A Seruyan package asked for under Kapuas's address is nowhere.
    page("programs:funding-grid", lambda w: {"code": w.kapuas.code, "kind": "package",
                                             "pk": w.package_1.pk, "year": 2025},
         "L    404  404  404  404  404  404  404  404  L    404"),
    page("programs:funding-line-detail", lambda w: {"pk": kapuas_line(w).pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
    page("programs:funding-realisation", lambda w: {"pk": kapuas_line(w).pk},
         "L    403  200  200  403  404  404  404  404  L    200", post=
         "L    403  302  302  403  404  404  404  404  L    302"),
    page("programs:funding-realisation", lambda w: {"pk": kapuas_line(w, w.kapuas_dlh).pk},
         "L    403  200  403  200  404  404  404  404  L    200", post=
         "L    403  302  403  302  404  404  404  404  L    302"),
    page("programs:funding-evidence", lambda w: {"pk": kapuas_line(w).pk},
         "L    200  200  200  200  404  404  404  404  L    200"),
]
# fmt: on

# URLs without a row, and why.
EXCLUDED = {
    "admin": "Django's admin site: staff only, by its own permission system",
    "set_language": "Django's language switch: sets a cookie, reads and writes no portal data",
}


def url_patterns(resolver=None, prefix="", namespace=""):
    """Every URL pattern as (its name or, when unnamed, its route; its namespace)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in EXCLUDED:
                continue
            yield from url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"unnamed route {route!r}"


def test_it_covers_every_url():
    covered = {row.name for row in MATRIX} | set(EXCLUDED)
    missing = sorted(set(url_patterns()) - covered)
    assert not missing, f"URLs without a row in the permission matrix: {missing}"


def test_it_sends_a_valid_form_to_every_view_that_takes_one():
    posted = {row.name for row in MATRIX if row.post}
    assert posted == set(VALID_POSTS), "a form builder without a row, or a row without a form"


def written(cursor) -> dict[str, tuple]:
    """Rows inserted, updated and deleted so far in this transaction, per table (PostgreSQL's
    own counters, savepoints rolled back included). Sessions are the login's, not the view's."""
    cursor.execute(
        "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables"
        " WHERE n_tup_ins + n_tup_upd + n_tup_del > 0 AND relname <> 'django_session'"
    )
    return {name: (inserted, updated, deleted) for name, inserted, updated, deleted in cursor}


def check(response, expected, persona: str) -> str | None:
    """What is wrong with a response, if anything."""
    if expected == LOGIN:
        if response.status_code != 302 or not response.url.startswith(reverse("login")):
            return f"{persona}: expected the login page, got {response.status_code}"
        return None
    if response.status_code != expected:
        return f"{persona}: expected {expected}, got {response.status_code}"
    if expected == 302 and response.url.startswith(reverse("login")):
        return f"{persona}: sent to the login page"
    return None


@pytest.mark.parametrize(
    "row", [r for r in MATRIX if r.get], ids=lambda r: r.id if isinstance(r, Row) else None
)
def test_it_answers_each_persona(client_for, world, row):
    address = reverse(row.name, kwargs=row.kwargs(world))
    wrong = [
        problem
        for persona, expected in row.get.items()
        if (problem := check(client_for(persona).get(address), expected, persona))
    ]
    assert not wrong, f"GET {address}: " + "; ".join(wrong)


@pytest.mark.parametrize(
    "row", [r for r in MATRIX if r.post], ids=lambda r: r.id if isinstance(r, Row) else None
)
def test_a_valid_form_is_refused_or_saved(client_for, world, monkeypatch, row):
    """Each persona sends the same valid form; refused, it writes nothing; allowed, it writes."""
    # The PDF itself is WeasyPrint's work, tested with the reports; here only access counts.
    monkeypatch.setattr("reports.documents.render_pdf", lambda template, context: (PDF, 1))
    valid = VALID_POSTS[row.name]
    if valid.prepare:
        valid.prepare(world)
    address = reverse(row.name, kwargs=row.kwargs(world))
    allowed = [p for p, status in row.post.items() if status != LOGIN and status < 400]
    form = None
    if valid.per_persona is None:
        reader = client_for(allowed[0]) if allowed else None
        form = build(valid, world, address, row.form_on(world) if row.form_on else address, reader)
    wrong, cache = [], {}
    for persona, expected in row.post.items():
        client = client_for(persona)
        data = valid.per_persona(world, persona, client_for, cache) if form is None else fresh(form)
        if valid.files:
            data.update(valid.files())
        with transaction.atomic(), connection.cursor() as cursor:
            before = written(cursor)
            response = client.post(address, data)
            changed = {t for t, counts in written(cursor).items() if before.get(t) != counts}
            transaction.set_rollback(True)
        problem = check(response, expected, persona)
        signed_out = valid.signs_out and persona not in SIGNED_OUT  # a logout that worked
        refused = expected == LOGIN and not signed_out or expected != LOGIN and expected >= 400
        if problem is None and refused and changed:
            problem = f"{persona}: refused, yet wrote to {sorted(changed)}"
        if problem is None and expected in (200, 302) and valid.writes and not changed:
            problem = f"{persona}: answered {expected} but wrote nothing"
        if problem:
            wrong.append(problem)
    assert not wrong, f"POST {address}: " + "; ".join(wrong)


@pytest.mark.parametrize(
    "row",
    [r for r in MATRIX if r.get and not r.post],
    ids=lambda r: r.id if isinstance(r, Row) else None,
)
def test_a_page_without_a_form_writes_nothing_on_a_post(client_for, world, monkeypatch, row):
    """A page that offers no form must not act on one: a view that starts to take a POST
    fails here until its row gets a POST column (and a valid form to send)."""
    monkeypatch.setattr("reports.documents.render_pdf", lambda template, context: (PDF, 1))
    address = reverse(row.name, kwargs=row.kwargs(world))
    wrong = []
    for persona in ("kapuas", "pupr", "admin"):
        with transaction.atomic(), connection.cursor() as cursor:
            before = written(cursor)
            client_for(persona).post(address, {"year": "2025", "title": "x", "value": "1"})
            changed = {t for t, counts in written(cursor).items() if before.get(t) != counts}
            transaction.set_rollback(True)
        if changed:
            wrong.append(f"{persona} wrote to {sorted(changed)}")
    assert not wrong, f"POST {address}: " + "; ".join(wrong)
