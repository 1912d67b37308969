"""Bad input gets a clear answer, never a server error: characters PostgreSQL cannot store,
numbers and years out of range, dates far outside the programme, files missing on disk.

The test client re-raises a view's exception, so each of these would fail with the server
error it used to cause."""

import logging
import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coaching.models import ClinicSession, Evidence, FollowUp, QuickWin
from programs.models import ActualValue, IndicatorTarget
from tests.html_forms import form_data
from tests.valid_forms import PDF

REFUSED_INPUT = "Masukan tidak diterima"
DATE_RANGE = "Isikan tanggal antara 1 Januari 2000 dan 31 Desember 2100."
NUL = "\x00"


class TestUnstorableCharacters:
    def test_it_refuses_a_nul_in_a_list_filter_with_a_page_saying_why(self, client_for, world):
        url = reverse("coaching:session-list", kwargs={"code": "62.03"})
        response = client_for("kapuas").get(url, {"level": f"kabupaten{NUL}"})
        assert response.status_code == 400
        assert REFUSED_INPUT in response.content.decode()
        assert "karakter yang tidak dapat disimpan" in response.content.decode()

    def test_it_refuses_a_nul_in_the_address(self, client_for, world):
        response = client_for("kapuas").get("/kabupaten/62.03%00/clinics/")
        assert response.status_code == 400

    def test_it_refuses_a_nul_in_a_form_field_and_writes_nothing(self, client_for, world):
        url = reverse("coaching:quickwin-create", kwargs={"code": "62.03"})
        before = QuickWin.objects.count()
        response = client_for("kapuas").post(
            url,
            {
                "title": f"Bank{NUL}sampah",
                "agency": world.kapuas_pupr.pk,
                "target_date": "2026-06-30",
                "status": "planned",
                "submission": str(uuid.uuid4()),
            },
        )
        assert response.status_code == 400
        assert QuickWin.objects.count() == before

    def test_it_keeps_an_uploaded_files_name_without_its_nul(self, client_for, world):
        url = reverse("coaching:session-evidence", kwargs={"pk": world.kapuas_session.pk})
        upload = SimpleUploadedFile(f"daftar{NUL}hadir.pdf", PDF, content_type="application/pdf")
        response = client_for("kapuas").post(url, {"kind": "minutes", "file": upload})
        assert response.status_code == 302
        assert Evidence.objects.filter(original_name="daftarhadir.pdf").exists()

    def test_it_refuses_a_nul_in_the_session_cookie_before_reading_the_session(self, client):
        client.cookies[settings.SESSION_COOKIE_NAME] = f"abcdefgh{NUL}"
        response = client.get(reverse("programs:province-list"))
        assert response.status_code == 400

    def test_it_refuses_a_nul_in_a_header(self, client_for, world):
        response = client_for("kapuas").get("/", HTTP_USER_AGENT=f"Mozilla{NUL}")
        assert response.status_code == 400

    def test_it_answers_in_the_language_the_reader_chose(self, client):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get("/regions/%00/")
        assert "Input not accepted" in response.content.decode()


class TestNumbersInTheAddress:
    """Out-of-range numbers fall back to the page's default, as if they were not given."""

    def test_a_year_past_pythons_dates_lists_every_session(self, client_for, world):
        url = reverse("coaching:session-list", kwargs={"code": "62.03"})
        response = client_for("kapuas").get(url, {"year": "99999999999", "clinic": "99999999999"})
        assert response.status_code == 200
        assert world.kapuas_session.title in response.content.decode()

    def test_digits_that_are_not_ascii_are_not_numbers(self, client_for, world):
        client = client_for("kapuas")
        detail = reverse("programs:kabupaten-detail", kwargs={"code": "62.03"})
        assert client.get(detail, {"year": "²"}).status_code == 200
        values = reverse("programs:values-entry", kwargs={"code": "62.03"})
        assert client.get(values, {"agency": "9" * 5000, "year": "２０２５"}).status_code == 200

    def test_an_unknown_sort_key_sorts_by_code(self, client_for, world):
        url = reverse("reports:province-dashboard", kwargs={"code": "62"})
        response = client_for("province").get(url, {"sort": "indicator-²"})
        assert response.status_code == 200
        assert response.context["sort"] == "code"

    def test_a_report_for_a_year_outside_the_programme_is_refused(self, client_for, world):
        url = reverse("reports:kabupaten-report", kwargs={"code": "62.03"})
        response = client_for("kapuas").post(url, {"year": "99999999999", "period": "²"})
        assert response.status_code == 400


class TestDatesOutsideTheProgramme:
    def test_a_session_dated_year_one_is_refused_with_a_message(self, client_for, world):
        session = world.kapuas_session
        url = reverse("coaching:session-edit", kwargs={"pk": session.pk})
        response = client_for("kapuas").post(
            url,
            {
                "title": session.title,
                "clinic_number": "2",
                "date": "0001-01-01",
                "version": session.version,
                "attendance-TOTAL_FORMS": "0",
                "attendance-INITIAL_FORMS": "0",
                "guests-TOTAL_FORMS": "0",
                "guests-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 200
        assert DATE_RANGE in response.content.decode()
        assert ClinicSession.objects.get(pk=session.pk).date == date(2025, 8, 25)

    def test_a_follow_up_due_in_9999_is_refused(self, client_for, world):
        url = reverse("coaching:session-followups", kwargs={"pk": world.kapuas_session.pk})
        before = FollowUp.objects.count()
        response = client_for("kapuas").post(
            url,
            {
                "followups-TOTAL_FORMS": "1",
                "followups-INITIAL_FORMS": "0",
                "followups-0-action": "Menyusun DED IPLT",
                "followups-0-owner": world.kapuas_pupr.pk,
                "followups-0-due_date": "9999-12-31",
                "submission": str(uuid.uuid4()),
            },
        )
        assert DATE_RANGE in response.content.decode()
        assert FollowUp.objects.count() == before

    def test_progress_dated_year_one_is_refused(self, client_for, world):
        follow_up = world.kapuas_followup
        url = reverse("coaching:followup-progress", kwargs={"pk": follow_up.pk})
        response = client_for("pupr").post(
            url,
            {
                "date": "0001-01-01",
                "status": "in_progress",
                "note": "Survei",
                "version": follow_up.version,
                "submission": str(uuid.uuid4()),
            },
        )
        assert response.status_code == 400
        assert DATE_RANGE in response.content.decode()
        assert FollowUp.objects.get(pk=follow_up.pk).status == "open"

    def test_a_quick_win_for_9999_is_refused(self, client_for, world):
        quick_win = world.kapuas_quickwin
        url = reverse("coaching:quickwin-edit", kwargs={"pk": quick_win.pk})
        response = client_for("kapuas").post(
            url,
            {
                "title": quick_win.title,
                "agency": world.kapuas_pupr.pk,
                "target_date": "9999-12-31",
                "status": "planned",
                "version": quick_win.version,
            },
        )
        assert DATE_RANGE in response.content.decode()
        assert QuickWin.objects.get(pk=quick_win.pk).target_date == date(2099, 6, 30)

    def test_a_tracker_filter_out_of_range_is_named_and_the_others_still_apply(
        self, client_for, world
    ):
        url = reverse("coaching:followup-list", kwargs={"code": "62.03"})
        response = client_for("kapuas").get(
            url, {"due_from": "0001-01-01", "owner": world.kapuas_dlh.pk}
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert DATE_RANGE in page
        assert world.dlh_followup.action in page
        assert world.kapuas_followup.action not in page  # the OPD filter still applies


class TestValuesForPeriodsNotStarted:
    def test_a_value_for_next_year_is_refused_with_the_date_it_opens(self, client_for, world):
        next_year = timezone.localdate().year + 1
        target = IndicatorTarget.objects.create(
            kabupaten=world.kapuas,
            indicator=world.kapuas_target.indicator,
            year=next_year,
            baseline=Decimal(70),
            target=Decimal(85),
            responsible_agency=world.kapuas_pupr,
        )
        url = reverse("programs:value-edit", kwargs={"pk": target.pk, "period": 1})
        response = client_for("pupr").post(url, {"value": "75", "version": "0"})
        assert response.status_code == 200
        assert (
            f"Periode ini belum dimulai; nilai dapat diisi mulai 1 Januari {next_year}."
            in response.content.decode()
        )
        assert not ActualValue.objects.filter(target=target).exists()


class TestMissingFiles:
    """A record whose file is gone from storage: a 404 page saying so, and a log line."""

    def check(self, client, url, stored, caplog):
        stored.storage.delete(stored.name)
        with caplog.at_level(logging.ERROR, logger="ppsp_portal.downloads"):
            response = client.get(url)
        assert response.status_code == 404
        assert "Berkas tidak tersedia" in response.content.decode()
        assert stored.name in caplog.text

    def test_evidence_of_a_session(self, client_for, world, caplog):
        evidence = Evidence(
            session=world.kapuas_session,
            kind="photo",
            original_name="foto.pdf",
            content_type="application/pdf",
            size=len(PDF),
            uploaded_by=world.users["kapuas"],
        )
        evidence.file.save("foto.pdf", SimpleUploadedFile("foto.pdf", PDF), save=True)
        url = reverse("coaching:evidence-download", kwargs={"pk": evidence.pk})
        self.check(client_for("kapuas"), url, evidence.file, caplog)

    def test_evidence_of_a_value(self, client_for, world, caplog):
        value = world.dlh_value
        value.evidence.save("lagi.pdf", SimpleUploadedFile("lagi.pdf", PDF), save=True)
        url = reverse("programs:value-evidence", kwargs={"pk": value.pk})
        self.check(client_for("dlh"), url, value.evidence, caplog)

    def test_a_generated_report(self, client_for, world, caplog):
        report = world.kapuas_report
        report.file.save("laporan-lagi.pdf", SimpleUploadedFile("l.pdf", PDF), save=True)
        url = reverse("reports:report-download", kwargs={"pk": report.pk})
        self.check(client_for("kapuas"), url, report.file, caplog)


class TestForgedFormCounts:
    """A formset's row count comes from the form: forged, it must not make the server build
    (and render) thousands of forms."""

    def test_a_row_per_opd_stays_a_row_per_opd(self, client_for, world):
        url = reverse("coaching:session-presentations", kwargs={"pk": world.kapuas_session.pk})
        response = client_for("kapuas").post(
            url, {"presentations-TOTAL_FORMS": "100000", "presentations-INITIAL_FORMS": "0"}
        )
        assert response.status_code == 200
        assert response.context["formset"].total_form_count() == world.kapuas.agencies.count()

    def test_a_forged_initial_count_leaves_no_row_unchecked(self, client_for, world):
        url = reverse("coaching:session-presentations", kwargs={"pk": world.kapuas_session.pk})
        client = client_for("kapuas")
        form = form_data(client.get(url).content.decode(), page=url, action=url)
        response = client.post(url, {**form, "presentations-INITIAL_FORMS": "0"})
        assert response.status_code == 302

    def test_rows_added_in_the_browser_stop_at_fifty(self, client_for, world):
        url = reverse("coaching:session-followups", kwargs={"pk": world.kapuas_session.pk})
        response = client_for("kapuas").post(
            url,
            {
                "followups-TOTAL_FORMS": "99999999999",
                "followups-INITIAL_FORMS": "0",
                "submission": str(uuid.uuid4()),
            },
        )
        assert response.status_code == 200
        assert response.context["formset"].total_form_count() == 50

    def test_the_targets_grid_has_a_row_per_indicator(self, client_for, world):
        url = reverse("programs:targets-grid", kwargs={"code": "62.03", "sector": "air_limbah"})
        response = client_for("kapuas").post(
            url, {"targets-TOTAL_FORMS": "5000", "targets-INITIAL_FORMS": "0"}
        )
        indicators = world.indicators.values()
        assert response.context["formset"].total_form_count() == len(
            [i for i in indicators if i.sector == "air_limbah"]
        )
