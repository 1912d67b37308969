"""The PDF reports: their text matches the dashboards, their metadata is right, and the
background path works end to end with a real worker process."""

import os
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from io import BytesIO
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from coaching.models import FollowUp
from programs.models import ActualValue, IndicatorTarget, Kabupaten, MilestoneAchievement, Province
from reports import documents, selectors
from reports.models import Report
from tests.world import build_world


def pdf_text(report: Report) -> str:
    with report.file.open("rb") as handle:
        completed = subprocess.run(
            ["pdftotext", "-", "-"], input=handle.read(), capture_output=True, check=True
        )
    # Table cells wrap: compare with all whitespace folded to single spaces.
    return " ".join(completed.stdout.decode().split())


def page_texts(report: Report) -> list[str]:
    """The text of each page (pdftotext ends every page with a form feed)."""
    with report.file.open("rb") as handle:
        completed = subprocess.run(
            ["pdftotext", "-", "-"], input=handle.read(), capture_output=True, check=True
        )
    return [" ".join(page.split()) for page in completed.stdout.decode().split("\f")[:-1]]


@pytest.fixture
def kapuas_figures(world):
    """Verified values on two Kapuas targets, as OPDs would have entered them."""
    checker = world.users["kapuas"]
    al01 = world.kapuas_target
    ActualValue.objects.filter(target=al01).delete()
    ActualValue.objects.create(
        target=al01,
        period=1,
        value=Decimal("75.50"),
        status="verified",
        entered_by=world.users["pupr"],
        verified_by=checker,
        verified_at=timezone.now(),
    )
    ps02 = IndicatorTarget.objects.get(kabupaten=world.kapuas, indicator__code="PS-02", year=2025)
    ActualValue.objects.create(
        target=ps02,
        period=2,
        value=Decimal("64.25"),
        status="verified",
        entered_by=world.users["pupr"],
        verified_by=checker,
        verified_at=timezone.now(),
    )
    return world


class TestKabupatenReport:
    def test_it_prints_the_figures_the_dashboard_shows(self, client_for, kapuas_figures):
        world = kapuas_figures
        response = client_for("kapuas").post(
            reverse("reports:kabupaten-report", kwargs={"code": "62.03"}), {"year": "2025"}
        )
        report = Report.objects.latest("id")
        assert response.url == reverse("reports:report-download", kwargs={"pk": report.pk})
        text = pdf_text(report)
        dashboard = selectors.kabupaten_dashboard(
            kabupaten=world.kapuas, year=2025, today=timezone.localdate()
        )
        rows = [row for group in dashboard.sectors for row in group.rows]
        assert len(rows) == 3
        with translation.override("id"):
            for row in rows:
                target = row.target
                decimals = target.indicator.decimals
                assert f"{target.indicator.code} {target.indicator.name}" in text
                assert floatformat(target.target, decimals) in text
                if target.latest_value is not None:
                    assert floatformat(target.latest_value, decimals) in text
                    assert f"{floatformat(target.progress, 0)}%" in text
        assert "75,50" in text and "64,25" in text
        assert "Laporan kemajuan pelaksanaan Strategi Sanitasi (SSK)" in text
        assert "Halaman 1 dari" in text

    def test_it_writes_title_author_and_page_count(self, client_for, kapuas_figures):
        client_for("kapuas").post(
            reverse("reports:kabupaten-report", kwargs={"code": "62.03"}), {"year": "2025"}
        )
        report = Report.objects.latest("id")
        with report.file.open("rb") as handle:
            reader = PdfReader(BytesIO(handle.read()))
        assert reader.metadata.title == report.title == "Laporan kemajuan Kabupaten Kapuas 2025"
        assert reader.metadata.author == "Bapperida Kapuas — Portal PPSP"
        assert len(reader.pages) == report.pages >= 2
        assert report.data_cutoff is not None

    def test_it_highlights_overdue_follow_ups(self, client_for, world):
        FollowUp.objects.create(
            kabupaten=world.kapuas,
            session=world.kapuas_session,
            owner=world.kapuas_dlh,
            action="Menyusun jadwal LLTT",
            due_date=date(2025, 9, 1),
            created_by=world.users["kapuas"],
        )
        client_for("kapuas").post(
            reverse("reports:kabupaten-report", kwargs={"code": "62.03"}), {"year": "2025"}
        )
        text = pdf_text(Report.objects.latest("id"))
        assert "Menyusun jadwal LLTT" in text
        assert "(lewat tenggat)" in text


class TestMinutes:
    def test_it_prints_the_session_in_indonesian(self, client_for, world):
        session = world.kapuas_session
        session.attendances.create(agency=world.kapuas_pupr, attendee_names="Kabid Cipta Karya")
        session.attendances.create(agency=world.kapuas_dlh, attendee_names="Sekretaris DLH")
        session.guests.create(organisation="BPPW Kalimantan Tengah", names="Kasatker PPLP")
        response = client_for("kapuas").post(
            reverse("reports:minutes-report", kwargs={"pk": world.kapuas_session.pk})
        )
        assert response.status_code == 302
        text = pdf_text(Report.objects.get(kind="minutes"))
        assert "NOTULEN" in text
        assert "Rakor Coaching Clinic II Perangkat Daerah" in text
        assert "Senin, 25 Agustus 2025" in text
        assert "Aula Bapperida Kapuas" in text
        assert "Memilih teknologi pengganti jamban apung" in text
        assert "PEMERINTAH KABUPATEN KAPUAS" in text
        # Guests continue the attendance numbering after the two OPDs.
        assert re.search(r"\b3\s+BPPW Kalimantan Tengah \(tamu\)", text)


class TestOpdSheet:
    def test_it_lists_the_opd_targets(self, client_for, kapuas_figures):
        world = kapuas_figures
        client_for("pupr").post(
            reverse(
                "reports:opd-sheet", kwargs={"code": "62.03", "agency_pk": world.kapuas_pupr.pk}
            ),
            {"year": "2025"},
        )
        text = pdf_text(Report.objects.get(kind="opd_sheet"))
        assert "Akses sanitasi layak" in text
        assert "75,50" in text
        assert "Penanganan sampah" not in text  # DLH's indicator, not Dinas PUPR's


def worker_database_url() -> str:
    """The server the tests use, pointed at the test database."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))


def run_worker() -> subprocess.CompletedProcess:
    """A real worker process, as `./portal run` starts, draining the queue once."""
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--queue-name",
            "*",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db(transaction=True)
class TestBackgroundReports:
    @pytest.fixture
    def committed_world(self):
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
        return build_world()

    def test_it_generates_the_province_summary_in_a_worker(self, client, committed_world):
        world = committed_world
        client.force_login(world.users["province"])
        response = client.post(
            reverse("reports:province-report", kwargs={"code": "62"}), {"year": "2025"}
        )
        report = Report.objects.get(kind="province")
        assert response.url == report.get_absolute_url()
        assert report.status == Report.Status.QUEUED
        page = client.get(report.get_absolute_url()).content.decode()
        assert 'http-equiv="refresh"' in page and "Dalam antrean" in page

        worker = run_worker()
        assert worker.returncode == 0, worker.stderr

        report.refresh_from_db()
        assert report.status == Report.Status.DONE, report.error
        assert report.progress == 100 and report.pages >= 3
        archive = client.get(reverse("reports:report-list")).content.decode()
        assert report.title in archive and "Siap" in archive
        download = client.get(reverse("reports:report-download", kwargs={"pk": report.pk}))
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(b"%PDF")
        assert "Kabupaten Kapuas" in pdf_text(report) and "Kabupaten Seruyan" in pdf_text(report)

    def test_it_shows_a_failure_instead_of_an_eternal_spinner(self, client, committed_world):
        world = committed_world
        client.force_login(world.users["province"])
        client.post(reverse("reports:province-report", kwargs={"code": "62"}), {"year": "2025"})
        report = Report.objects.get(kind="province")
        # A request the generator cannot honour (its year is gone): it must fail cleanly.
        Report.objects.filter(pk=report.pk).update(parameters={})

        worker = run_worker()
        assert worker.returncode == 0, worker.stderr

        report.refresh_from_db()
        assert report.status == Report.Status.FAILED
        assert report.error
        page = client.get(report.get_absolute_url()).content.decode()
        assert "Laporan tidak dapat dibuat" in page
        assert 'http-equiv="refresh"' not in page


class NationalSummaryTests:
    """What a reader at national level compares comes first; provinces with nothing to show
    take one line, not a page of dashes each."""

    @pytest.fixture
    def nation(self, kapuas_figures):
        world = kapuas_figures
        kaltim = Province.objects.create(code="64", name="Kalimantan Timur")
        Province.objects.create(code="65", name="Kalimantan Utara")
        kutai = Kabupaten.objects.create(
            province=kaltim, code="64.02", name="Kutai", kind="kabupaten"
        )
        target = IndicatorTarget.objects.create(
            kabupaten=kutai,
            indicator=world.indicators["AL-01"],
            year=2025,
            baseline=Decimal("70.00"),
            target=Decimal("80.00"),
            responsible_agency=kutai.agencies.create(abbreviation="Dinas PUPR", name="Dinas PUPR"),
        )
        ActualValue.objects.create(
            target=target,
            period=1,
            value=Decimal("80.00"),
            status="verified",
            entered_by=world.users["pupr"],
            verified_by=world.users["kapuas"],
            verified_at=timezone.now(),
        )
        # Kalimantan Tengah leads by milestones, Kalimantan Timur by progress.
        for kabupaten, milestone in ((world.kapuas, "M3"), (world.seruyan, "M2"), (kutai, "M1")):
            MilestoneAchievement.objects.create(
                kabupaten=kabupaten, milestone=milestone, reached_on=date(2025, 3, 1)
            )
        return world

    def test_it_leads_with_provinces_ranked_by_progress_and_by_milestones(self, nation):
        report = Report.objects.create(
            kind=Report.Kind.NATIONAL,
            title="Ringkasan nasional 2025",
            parameters={"year": 2025},
            requested_by=nation.users["admin"],
        )
        pages = page_texts(documents.generate(report))
        first = pages[1]  # after the cover
        by_progress = first.index("Peringkat provinsi menurut kemajuan")
        by_milestones = first.index("Peringkat provinsi menurut milestone SSK")
        assert by_progress < by_milestones
        ranked = first[by_progress:by_milestones]
        assert ranked.index("1 Kalimantan Timur") < ranked.index("2 Kalimantan Tengah")
        milestones = first[by_milestones:]
        assert milestones.index("1 Kalimantan Tengah") < milestones.index("2 Kalimantan Timur")

    def test_it_names_the_provinces_without_data_in_one_line(self, nation):
        report = Report.objects.create(
            kind=Report.Kind.NATIONAL,
            title="Ringkasan nasional 2025",
            parameters={"year": 2025},
            requested_by=nation.users["admin"],
        )
        text = pdf_text(documents.generate(report))
        assert (
            "Tanpa target maupun milestone untuk 2025 (2 provinsi): Kalimantan Selatan, "
            "Kalimantan Utara." in text
        )
        # Only the provinces with targets get their matrix.
        assert "Kalimantan Timur: indikator kunci 2025" in text
        assert "Kalimantan Tengah: indikator kunci 2025" in text
        assert "Kalimantan Selatan: indikator kunci" not in text
        assert "Kalimantan Utara: indikator kunci" not in text
