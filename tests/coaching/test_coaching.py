"""Coaching clinics through the pages, as Bapperida, OPD heads and the province use them."""

import re
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching.models import ClinicSession, Evidence, FollowUp, FollowUpUpdate, QuickWin
from programs.models import MilestoneAchievement
from tests.history import actions, context, events

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def management(html: str, prefix: str) -> dict:
    """The management form of a formset as the page rendered it."""
    return {
        f"{prefix}-{name}": re.search(rf'name="{prefix}-{name}" value="(\d+)"', html).group(1)
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
    }


def session_post(client, url, world, **overrides):
    page = client.get(url).content.decode()
    data = {
        "title": "Rakor Coaching Clinic II Perangkat Daerah",
        "clinic_number": "2",
        "date": "2025-08-25",
        "venue": "Aula Bapperida Kapuas",
        "chair": "Sekda Kabupaten Kapuas",
        "agenda": "Paparan capaian OPD",
        "summary": "OPD memaparkan capaian",
        "recommendations": "",
        "decisions": "",
        **management(page, "attendance"),
        **management(page, "guests"),
        "guests-0-organisation": "Bapperida Provinsi Kalimantan Tengah",
        "guests-0-names": "Kabid Infrastruktur",
    }
    for hidden in ("version", "submission"):
        found = re.search(rf'name="{hidden}" value="([^"]*)"', page)
        if found:
            data[hidden] = found.group(1)
    agencies = re.findall(r'name="attendance-(\d+)-agency" value="(\d+)"', page)
    for index, agency_pk in agencies:
        data[f"attendance-{index}-agency"] = agency_pk
        if int(agency_pk) in (world.kapuas_pupr.pk, world.kapuas_dlh.pk):
            data[f"attendance-{index}-present"] = "on"
            data[f"attendance-{index}-attendee_names"] = f"Utusan {agency_pk}"
    data.update(overrides)
    return client.post(url, data)


class TestInternalRound:
    url = reverse("coaching:session-create", kwargs={"code": "62.03"})

    def test_it_records_a_round_with_attendance_and_guests(self, client_for, world):
        client = client_for("kapuas")
        response = session_post(client, self.url, world)
        session = ClinicSession.objects.latest("id")
        assert response.url == session.get_absolute_url()
        assert set(session.attendances.values_list("agency", flat=True)) == {
            world.kapuas_pupr.pk,
            world.kapuas_dlh.pk,
        }
        page = client.get(response.url).content.decode()
        assert "25 Agustus 2025" in page and "Senin" in page
        assert "Bapperida Provinsi Kalimantan Tengah" in page
        assert actions(session) == ["session.create"]

    def test_it_keeps_what_was_typed_when_a_field_is_missing(self, client_for, world):
        before = ClinicSession.objects.count()
        response = session_post(client_for("kapuas"), self.url, world, title="")
        page = response.content.decode()
        assert response.status_code == 200
        assert "Bidang ini tidak boleh kosong." in page
        assert 'value="Aula Bapperida Kapuas"' in page and "OPD memaparkan capaian" in page
        assert ClinicSession.objects.count() == before

    def test_it_refuses_a_forged_opd_of_another_kabupaten(self, client_for, world):
        before = ClinicSession.objects.count()
        response = session_post(
            client_for("kapuas"),
            self.url,
            world,
            **{"attendance-0-agency": str(world.seruyan_pupr.pk), "attendance-0-present": "on"},
        )
        assert response.status_code == 200
        assert ClinicSession.objects.count() == before


class TestFollowUps:
    def url(self, world):
        return reverse("coaching:session-followups", kwargs={"pk": world.kapuas_session.pk})

    def rows(self, client, world, rows):
        page = client.get(self.url(world)).content.decode()
        data = {**management(page, "followups"), "followups-TOTAL_FORMS": str(len(rows))}
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"followups-{index}-{key}"] = value
        return client.post(self.url(world), data)

    def test_it_adds_several_at_once_ignoring_blank_rows(self, client_for, world):
        before = FollowUp.objects.count()
        response = self.rows(
            client_for("kapuas"),
            world,
            [
                {
                    "action": "Pilih teknologi jamban",
                    "owner": world.kapuas_pupr.pk,
                    "due_date": "2025-10-31",
                },
                {"action": "", "owner": "", "due_date": ""},
                {
                    "action": "TPS3R percontohan",
                    "owner": world.kapuas_dlh.pk,
                    "due_date": "2025-09-30",
                },
            ],
        )
        assert response.status_code == 302
        assert FollowUp.objects.count() == before + 2

    def test_it_refuses_a_due_date_before_the_session_and_keeps_every_row(self, client_for, world):
        before = FollowUp.objects.count()
        response = self.rows(
            client_for("kapuas"),
            world,
            [
                {
                    "action": "Pilih teknologi jamban",
                    "owner": world.kapuas_pupr.pk,
                    "due_date": "2025-10-31",
                },
                {
                    "action": "Usulan Musrenbang",
                    "owner": world.kapuas_dlh.pk,
                    "due_date": "2025-08-01",
                },
            ],
        )
        page = response.content.decode()
        assert "Tenggat tindak lanjut tidak boleh sebelum tanggal sesi." in page
        assert "Pilih teknologi jamban" in page and "Usulan Musrenbang" in page
        assert FollowUp.objects.count() == before

    def test_it_refuses_a_forged_owner_of_another_kabupaten(self, client_for, world):
        before = FollowUp.objects.count()
        response = self.rows(
            client_for("kapuas"),
            world,
            [{"action": "X", "owner": world.seruyan_pupr.pk, "due_date": "2025-10-31"}],
        )
        assert response.status_code == 200
        assert FollowUp.objects.count() == before

    def test_it_hides_another_kabupatens_session(self, client_for, world):
        assert client_for("seruyan").post(self.url(world), {}).status_code == 404

    def test_it_lets_the_owner_opd_report_progress(self, client_for, world):
        client = client_for("pupr")
        url = reverse("coaching:followup-progress", kwargs={"pk": world.kapuas_followup.pk})
        response = client.post(
            url, {"date": "2025-09-20", "status": "in_progress", "note": "Survei lokasi"}
        )
        assert response.status_code == 302
        world.kapuas_followup.refresh_from_db()
        assert world.kapuas_followup.status == "in_progress"
        assert FollowUpUpdate.objects.filter(
            follow_up=world.kapuas_followup, note="Survei lokasi"
        ).exists()
        page = client.get(world.kapuas_followup.get_absolute_url()).content.decode()
        assert "Survei lokasi" in page
        # The change history speaks the reader's language: the action, the field and the status.
        history = page[page.index("changes-heading") :]
        assert "Kemajuan dilaporkan" in history
        assert "Terbuka → Berjalan" in history

    def test_it_requires_a_reason_to_drop(self, client_for, world):
        url = reverse("coaching:followup-progress", kwargs={"pk": world.kapuas_followup.pk})
        response = client_for("pupr").post(
            url, {"date": "2025-09-20", "status": "dropped", "note": "x"}
        )
        assert response.status_code == 400
        assert "Jelaskan alasan tindak lanjut dibatalkan." in response.content.decode()

    def test_it_forbids_other_opds_and_reassigning_by_opd_heads(self, client_for, world):
        dlh = FollowUp.objects.create(
            kabupaten=world.kapuas,
            session=world.kapuas_session,
            owner=world.kapuas_dlh,
            action="TPS3R",
            due_date=date(2025, 9, 30),
            created_by=world.users["kapuas"],
        )
        client = client_for("pupr")
        assert (
            client.post(
                reverse("coaching:followup-progress", kwargs={"pk": dlh.pk}), {}
            ).status_code
            == 403
        )
        reassign = reverse("coaching:followup-reassign", kwargs={"pk": world.kapuas_followup.pk})
        assert (
            client.post(reassign, {"owner": world.kapuas_dlh.pk, "reason": "x"}).status_code == 403
        )

    def test_bapperida_reassigns_with_a_recorded_reason(self, client_for, world):
        url = reverse("coaching:followup-reassign", kwargs={"pk": world.kapuas_followup.pk})
        client_for("kapuas").post(
            url,
            {
                "owner": world.kapuas_dlh.pk,
                "reason": "Kewenangan DLH",
                "version": world.kapuas_followup.version,
            },
        )
        world.kapuas_followup.refresh_from_db()
        assert world.kapuas_followup.owner == world.kapuas_dlh
        reassigned = events(FollowUp, pgh_obj=world.kapuas_followup).last()
        assert reassigned.owner_id == world.kapuas_dlh.pk
        assert context(reassigned) | {"user": None, "url": None} == {
            "action": "followup.reassign",
            "reason": "Kewenangan DLH",
            "user": None,
            "url": None,
            "username": "bapperida.kapuas",
        }

    def test_the_next_clinic_shows_what_is_still_open(self, client_for, world):
        later = ClinicSession.objects.create(
            level="kabupaten",
            kabupaten=world.kapuas,
            province=world.kalteng,
            title="Rakor CC III",
            date=date(2025, 11, 19),
            venue="Aula",
            created_by=world.users["kapuas"],
        )
        response = client_for("kapuas").get(later.get_absolute_url())
        assert world.kapuas_followup in response.context["detail"].carried_over
        assert "Memilih teknologi pengganti jamban apung" in response.content.decode()


class TestProvinceClinic:
    def test_province_staff_record_participants_and_confirm_a_milestone(self, client_for, world):
        client = client_for("province")
        url = reverse("coaching:province-session-create", kwargs={"code": "62"})
        page = client.get(url).content.decode()
        response = client.post(
            url,
            {
                "title": "Persiapan Coaching Clinic 3",
                "clinic_number": "3",
                "date": "2025-10-20",
                "venue": "Bapperida Provinsi Kalimantan Tengah",
                "chair": "",
                "agenda": "",
                "summary": "",
                "recommendations": "",
                "decisions": "",
                "participants": [world.kapuas.pk, world.seruyan.pk],
                **management(page, "guests"),
            },
        )
        session = ClinicSession.objects.latest("id")
        assert response.url == session.get_absolute_url()
        assert set(session.participations.values_list("kabupaten__code", flat=True)) == {
            "62.03",
            "62.07",
        }
        edit = reverse("coaching:participation-edit", kwargs={"pk": session.pk, "code": "62.07"})
        client.post(
            edit,
            {
                "presentation": "Seruyan Barasih",
                "feedback": "Tetapkan lokasi",
                "milestone_confirmed": "M2",
            },
        )
        achievement = MilestoneAchievement.objects.get(kabupaten=world.seruyan, milestone="M2")
        assert achievement.reached_on == date(2025, 10, 20)

    def test_it_refuses_a_participant_of_another_province(self, client_for, world):
        client = client_for("province")
        url = reverse("coaching:province-session-create", kwargs={"code": "62"})
        page = client.get(url).content.decode()
        before = ClinicSession.objects.count()
        response = client.post(
            url,
            {
                "title": "X",
                "date": "2025-10-20",
                "venue": "Y",
                "participants": [world.banjar.pk],
                **management(page, "guests"),
            },
        )
        assert response.status_code == 200
        assert ClinicSession.objects.count() == before

    def test_it_refuses_confirming_a_milestone_at_a_future_session(self, client_for, world):
        world.province_session.date = date.today() + timedelta(days=10)
        world.province_session.save()
        edit = reverse(
            "coaching:participation-edit", kwargs={"pk": world.province_session.pk, "code": "62.03"}
        )
        response = client_for("province").post(
            edit, {"presentation": "", "feedback": "", "milestone_confirmed": "M3"}
        )
        assert (
            "Milestone tidak dapat dikonfirmasi pada sesi yang belum berlangsung."
            in response.content.decode()
        )
        assert not MilestoneAchievement.objects.filter(
            kabupaten=world.kapuas, milestone="M3"
        ).exists()

    def test_a_kabupaten_sees_only_its_own_part(self, client_for, world):
        world.province_session.participations.filter(kabupaten=world.kapuas).update(
            presentation="Paparan Kapuas rahasia"
        )
        page = client_for("seruyan").get(world.province_session.get_absolute_url()).content.decode()
        assert "Kabupaten Seruyan" in page
        assert "Paparan Kapuas rahasia" not in page


class TestEvidence:
    def test_it_accepts_a_pdf_and_serves_it_only_within_scope(self, client_for, world):
        client = client_for("kapuas")
        url = reverse("coaching:session-evidence", kwargs={"pk": world.kapuas_session.pk})
        response = client.post(
            url,
            {
                "kind": "minutes",
                "description": "Notulen",
                "file": SimpleUploadedFile("notulen rapat.pdf", PDF),
            },
        )
        assert response.status_code == 302
        evidence = Evidence.objects.latest("id")
        download = client.get(evidence.get_absolute_url())
        assert b"".join(download.streaming_content) == PDF
        assert "notulen rapat.pdf" in download["Content-Disposition"]
        assert client_for("seruyan").get(evidence.get_absolute_url()).status_code == 404

    def test_it_refuses_a_disguised_file(self, client_for, world):
        before = Evidence.objects.count()
        url = reverse("coaching:session-evidence", kwargs={"pk": world.kapuas_session.pk})
        response = client_for("kapuas").post(
            url,
            {"kind": "minutes", "file": SimpleUploadedFile("notulen.pdf", b"<script>x</script>")},
        )
        assert response.status_code == 400
        assert "Jenis berkas ini tidak diterima" in response.content.decode()
        assert Evidence.objects.count() == before


class TestQuickWins:
    def test_it_refuses_an_opd_of_another_kabupaten(self, client_for, world):
        before = QuickWin.objects.count()
        url = reverse("coaching:quickwin-create", kwargs={"code": "62.03"})
        response = client_for("kapuas").post(
            url,
            {
                "title": "Bank sampah",
                "agency": world.seruyan_pupr.pk,
                "target_date": "2025-12-01",
                "status": "planned",
            },
        )
        assert response.status_code == 200
        assert QuickWin.objects.count() == before


class TestQueryCounts:
    def count(self, client, url) -> int:
        client.get(url)  # the session's own bookkeeping (once a minute) settles first
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_session_page_and_tracker_do_not_grow_with_data(self, client_for, world):
        client = client_for("kapuas")
        session_url = world.kapuas_session.get_absolute_url()
        tracker_url = reverse("coaching:followup-list", kwargs={"code": "62.03"})
        small = (self.count(client, session_url), self.count(client, tracker_url))
        for n in range(10):
            FollowUp.objects.create(
                kabupaten=world.kapuas,
                session=world.kapuas_session,
                owner=[world.kapuas_pupr, world.kapuas_dlh][n % 2],
                action=f"RTL {n}",
                due_date=date(2025, 9, 1) + timedelta(days=n),
                created_by=world.users["kapuas"],
            )
        large = (self.count(client, session_url), self.count(client, tracker_url))
        assert small == large
