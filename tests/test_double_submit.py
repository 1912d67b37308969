"""Ten identical POSTs at the same moment (a double click, a resent form, a flaky network)
create one record: the others wait for the first and land on what it made. And ten first saves
of the same actual value give one value and conflict pages, never a server error.

These tests need committed data and one database connection per request, so each request runs
in its own thread against the real database."""

import threading
import uuid
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from django.urls import reverse

from coaching.models import ClinicSession, Evidence, FollowUp, FollowUpUpdate, QuickWin
from programs.models import ActualValue, IndicatorTarget
from reports.models import Report
from tests.forms import form_data
from tests.races import side_by_side

pytestmark = pytest.mark.django_db(transaction=True)

AT_ONCE = 10


def at_once(client: Client, url: str, data: dict, files=None) -> list:
    """POST the same form `AT_ONCE` times, released together by a barrier."""
    barrier = threading.Barrier(AT_ONCE)
    responses: list = [None] * AT_ONCE
    errors: list = []

    def send(index: int) -> None:
        try:
            payload = dict(data)
            if files:
                payload.update({name: make() for name, make in files.items()})
            barrier.wait(timeout=30)
            responses[index] = client.post(url, payload)
        except Exception as error:  # surfaced below, with the thread's own traceback
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return responses


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_one_result(responses) -> None:
    codes = Counter(response.status_code for response in responses)
    assert codes == {302: AT_ONCE}, codes
    assert len({response.url for response in responses}) == 1, "all land on the same record"


def test_a_session_is_recorded_once(live_world):
    client = logged_in(live_world.users["kapuas"])
    url = reverse("coaching:session-create", kwargs={"code": live_world.kapuas.code})
    data = form_data(client.get(url).content.decode(), "venue") | {
        "title": "Rakor CC III",
        "date": "2025-10-01",
        "venue": "Aula Bapperida",
    }
    before = ClinicSession.objects.count()
    assert_one_result(at_once(client, url, data))
    assert ClinicSession.objects.count() == before + 1


def test_follow_ups_are_added_once(live_world):
    client = logged_in(live_world.users["kapuas"])
    url = reverse("coaching:session-followups", kwargs={"pk": live_world.kapuas_session.pk})
    data = form_data(client.get(url).content.decode(), "followups-TOTAL_FORMS") | {
        "followups-0-action": "Menyusun DED IPLT",
        "followups-0-owner": str(live_world.kapuas_pupr.pk),
        "followups-0-due_date": "2026-03-31",
    }
    before = FollowUp.objects.count()
    assert_one_result(at_once(client, url, data))
    assert FollowUp.objects.count() == before + 1


def test_a_quick_win_is_recorded_once(live_world):
    client = logged_in(live_world.users["kapuas"])
    url = reverse("coaching:quickwin-create", kwargs={"code": live_world.kapuas.code})
    data = form_data(client.get(url).content.decode(), "title") | {
        "title": "Mobil tinja percontohan",
        "agency": str(live_world.kapuas_dlh.pk),
        "target_date": "2026-06-30",
        "status": "planned",
    }
    before = QuickWin.objects.count()
    assert_one_result(at_once(client, url, data))
    assert QuickWin.objects.count() == before + 1


def test_progress_is_reported_once(live_world):
    client = logged_in(live_world.users["pupr"])
    follow_up = live_world.kapuas_followup
    page = client.get(follow_up.get_absolute_url()).content.decode()
    data = form_data(page, "drop_reason") | {
        "date": "2025-09-20",
        "status": "in_progress",
        "note": "Survei lokasi",
    }
    url = reverse("coaching:followup-progress", kwargs={"pk": follow_up.pk})
    assert_one_result(at_once(client, url, data))
    assert FollowUpUpdate.objects.filter(follow_up=follow_up).count() == 1


def test_evidence_is_attached_once(live_world):
    client = logged_in(live_world.users["kapuas"])
    session = live_world.kapuas_session
    url = reverse("coaching:session-evidence", kwargs={"pk": session.pk})
    page = client.get(session.get_absolute_url()).content.decode()
    data = form_data(page, "kind") | {"kind": "minutes", "description": "Notulen rapat"}

    def minutes():
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        return SimpleUploadedFile("notulen.pdf", pdf, content_type="application/pdf")

    before = Evidence.objects.count()
    assert_one_result(at_once(client, url, data, files={"file": minutes}))
    assert Evidence.objects.count() == before + 1


def test_a_report_is_requested_once(live_world):
    client = logged_in(live_world.users["kapuas"])
    url = reverse("reports:kabupaten-report", kwargs={"code": live_world.kapuas.code})
    data = {"year": "2025", "submission": str(uuid.uuid4())}
    before = Report.objects.count()
    responses = at_once(client, url, data)
    assert {response.status_code for response in responses} == {302}
    assert Report.objects.count() == before + 1


def test_first_saves_of_one_value_give_one_value_and_conflict_pages(live_world):
    """No submission key here: ten people (or tabs) typing the first value of one period."""
    target = IndicatorTarget.objects.get(
        kabupaten=live_world.kapuas, indicator=live_world.indicators["AL-03"]
    )
    client = logged_in(live_world.users["kapuas"])
    url = reverse("programs:value-edit", kwargs={"pk": target.pk, "period": 1})
    data = form_data(client.get(url).content.decode(), "value") | {
        "value": "3,5",
        "submit": "1",
    }
    responses = at_once(client, url, data)
    codes = Counter(response.status_code for response in responses)
    assert codes[500] == 0
    assert codes[302] >= 1 and codes[302] + codes[409] == AT_ONCE, codes
    assert ActualValue.objects.filter(target=target, period=1).count() == 1
    for response in responses:
        if response.status_code == 409:
            assert "Orang lain menyimpan data ini" in response.content.decode()


def funding_grid(world) -> tuple[Client, str, dict]:
    from tests.funding import sources

    dak = sources()["dak"]
    client = logged_in(world.users["seruyan"])
    url = reverse(
        "programs:funding-grid",
        kwargs={"code": "62.07", "kind": "package", "pk": world.package_1.pk, "year": 2025},
    )
    data = form_data(client.get(url).content.decode(), "lines-TOTAL_FORMS") | {
        "lines-0-source": str(dak.pk),
        "lines-0-agency": str(world.seruyan_pupr.pk),
        "lines-0-pagu": "3.120.000.000",
    }
    return client, url, data


def test_funding_lines_are_added_once(live_world):
    from programs.models import FundingLine

    client, url, data = funding_grid(live_world)
    assert_one_result(at_once(client, url, data))
    assert FundingLine.objects.count() == 1


def test_ten_people_adding_the_same_funding_line_give_one_line_and_explanations(live_world):
    """No submission key: ten officers typing the same line at once. The package is locked
    for each save, so the later ones see the first line and are told so."""
    from programs.models import FundingLine

    client, url, data = funding_grid(live_world)
    data.pop("submission")
    responses = at_once(client, url, data)
    codes = Counter(response.status_code for response in responses)
    assert codes == {302: 1, 200: AT_ONCE - 1}, codes
    assert FundingLine.objects.count() == 1
    for response in responses:
        if response.status_code == 200:
            assert "sudah ada" in response.content.decode()


def test_ten_first_saves_of_one_target_give_one_target_and_conflict_pages(live_world):
    """No submission key: the targets grid of ten tabs, each adding AL-02's 2026 target."""
    from tests.programs.helpers import GRID, grid_form, row_prefix

    client = logged_in(live_world.users["kapuas"])
    form = grid_form(client)
    row = row_prefix(form, live_world.indicators["AL-02"])
    form |= {
        f"{row}-baseline": "10",
        f"{row}-agency": str(live_world.kapuas_pupr.pk),
        f"{row}-target_2026": "20",
    }
    with side_by_side("programs.services.acting", AT_ONCE):
        responses = at_once(client, GRID, form)
    codes = Counter(response.status_code for response in responses)
    assert codes[500] == 0
    assert codes[302] == 1 and codes[409] == AT_ONCE - 1, codes
    assert IndicatorTarget.objects.filter(indicator__code="AL-02").count() == 1
    for response in responses:
        if response.status_code == 409:
            assert "Orang lain menyimpan data ini" in response.content.decode()


def test_ten_first_presentations_of_one_opd_give_one_and_conflict_pages(live_world):
    """No submission key: ten tabs recording what Dinas PUPR presented at the round."""
    from coaching.models import AgencyPresentation

    client = logged_in(live_world.users["kapuas"])
    url = reverse("coaching:session-presentations", kwargs={"pk": live_world.kapuas_session.pk})
    page = client.get(url).content.decode()
    form = form_data(page, "presentations-TOTAL_FORMS")
    row = next(
        name.removesuffix("-agency")
        for name, value in form.items()
        if name.endswith("-agency") and value == str(live_world.kapuas_pupr.pk)
    )
    form[f"{row}-achievements"] = "Akses sanitasi layak 78%"
    with side_by_side("coaching.services.acting", AT_ONCE):
        responses = at_once(client, url, form)
    codes = Counter(response.status_code for response in responses)
    assert codes[500] == 0
    assert codes[302] == 1 and codes[409] == AT_ONCE - 1, codes
    assert AgencyPresentation.objects.filter(agency=live_world.kapuas_pupr).count() == 1


def test_a_milestone_confirmed_at_two_clinics_at_once_is_one_milestone(live_world):
    """Two province clinics in which Kapuas took part, each confirming its M2 at the same
    moment: one milestone, dated by whichever clinic saved last, and no server error."""
    from coaching.models import Participation
    from programs.models import MilestoneAchievement

    sessions = [live_world.province_session]
    sessions.append(
        ClinicSession.objects.create(
            level="province",
            province=live_world.kalteng,
            clinic_number=4,
            title="Coaching Clinic 4",
            date=sessions[0].date.replace(day=21),
            venue="Bapperida Provinsi",
            created_by=live_world.users["province"],
        )
    )
    Participation.objects.create(session=sessions[1], kabupaten=live_world.kapuas)
    clients = [logged_in(live_world.users["province"]) for _ in sessions]
    forms = []
    for client, session in zip(clients, sessions, strict=True):
        url = reverse("coaching:participation-edit", kwargs={"pk": session.pk, "code": "62.03"})
        form = form_data(client.get(url).content.decode(), "feedback")
        forms.append((client, url, form | {"milestone_confirmed": "M2"}))
    barrier = threading.Barrier(len(forms))
    responses, errors = [None] * len(forms), []

    def send(index: int) -> None:
        client, url, form = forms[index]
        try:
            barrier.wait(timeout=30)
            responses[index] = client.post(url, form)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(forms))]
    with side_by_side("coaching.services.acting", len(forms)):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert not errors, errors
    assert [response.status_code for response in responses] == [302, 302]
    milestones = MilestoneAchievement.objects.filter(kabupaten=live_world.kapuas, milestone="M2")
    assert milestones.count() == 1
    assert milestones.get().reached_on in {session.date for session in sessions}
