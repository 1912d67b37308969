"""An import is a job of the person who uploaded it: only they can confirm it, only for the
kabupaten and the import it was made for, and it applies once. Large files are checked and
applied by the background worker while the job's page refreshes itself."""

import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from programs.models import ActualValue, ImportJob, IndicatorTarget, Membership
from programs.spreadsheets import jobs
from tests.history import context, events
from tests.reports.test_pdf_reports import run_worker
from tests.spreadsheets import (
    confirm,
    job_id,
    run_queued_tasks,
    upload,
    value_row,
    values_file,
)
from tests.world import build_world, make_user

TWO_VALUES = values_file([value_row("AL-03", 1, "3,5"), value_row("PS-02", 2, 61)])


def job_page(job: ImportJob) -> str:
    return reverse("programs:import-job", kwargs={"code": job.kabupaten.code, "job": job.pk})


def imported_values(world):
    """Kapuas's AL-03 and PS-02 values, but for DLH's own draft (PS-02 period 1), which no
    file here touches."""
    return ActualValue.objects.filter(
        target__kabupaten=world.kapuas, target__indicator__code__in=["AL-03", "PS-02"]
    ).exclude(pk=world.dlh_value.pk)


class TestConfirmationBinding:
    def test_it_refuses_a_confirmation_by_another_person(self, client_for, world):
        job = job_id(upload(client_for("kapuas"), "values", TWO_VALUES))
        colleague = make_user(
            "bapperida2.kapuas", Membership.Role.BAPPERIDA_STAFF, kabupaten=world.kapuas
        )
        other = Client()
        other.force_login(colleague)

        for intruder in (other, client_for("pupr"), client_for("admin")):
            assert confirm(intruder, "values", job).status_code == 404
        assert not imported_values(world).exists()
        assert ImportJob.objects.get(pk=job).status == ImportJob.Status.READY

    def test_it_refuses_a_confirmation_for_another_kabupaten(self, client_for, world):
        admin = client_for("admin")  # may import anywhere: only the job's own binding stops it
        job = job_id(upload(admin, "values", TWO_VALUES))
        response = confirm(admin, "values", job, code=world.seruyan.code)
        assert response.status_code == 404
        assert not imported_values(world).exists()

    def test_it_refuses_a_values_job_confirmed_as_targets(self, client_for, world):
        client = client_for("kapuas")
        job = job_id(upload(client, "values", TWO_VALUES))
        assert confirm(client, "targets", job).status_code == 404
        assert not imported_values(world).exists()

    def test_it_applies_a_job_once(self, client_for, world):
        client = client_for("kapuas")
        job = job_id(upload(client, "values", TWO_VALUES))
        first = confirm(client, "values", job)
        assert first.status_code == 302 and "/values/" in first.url
        versions = list(imported_values(world).values_list("pk", "version"))

        again = confirm(client, "values", job)
        assert again.status_code == 302
        assert again.url == job_page(ImportJob.objects.get(pk=job))
        assert list(imported_values(world).values_list("pk", "version")) == versions
        assert events(ActualValue, pgh_context__metadata__action="values.import").count() == 2
        page = client.get(again.url).content.decode()
        assert "Impor selesai: 2 baru, 0 diperbarui" in page
        assert 'name="job"' not in page, "an applied job offers no confirmation"

    def test_it_says_when_the_preview_is_gone(self, client_for, world):
        client = client_for("kapuas")
        job = job_id(upload(client, "values", TWO_VALUES))
        ImportJob.objects.filter(pk=job).delete()
        response = confirm(client, "values", job)
        assert response.status_code == 302
        page = client.get(response.url).content.decode()
        assert "Pratinjau sudah kedaluwarsa" in page

    def test_it_refuses_a_file_changed_since_its_preview(self, client_for, world):
        client = client_for("kapuas")
        job = ImportJob.objects.get(pk=job_id(upload(client, "values", TWO_VALUES)))
        with job.file.open("wb") as stored:
            stored.write(values_file([value_row("AL-03", 1, "99")]))
        response = confirm(client, "values", job.pk)
        assert response.status_code == 409
        assert "Berkas yang diunggah sudah tidak tersedia" in response.content.decode()
        assert not imported_values(world).exists()
        job.refresh_from_db()
        assert job.status == ImportJob.Status.FAILED


@pytest.fixture
def large(monkeypatch):
    """Every file counts as large: checked and applied by the worker."""
    monkeypatch.setattr(jobs, "INLINE_ROWS", 0)


class TestBackgroundImports:
    def test_it_checks_and_applies_a_large_file_in_the_worker(self, client_for, world, large):
        client = client_for("kapuas")
        response = upload(client, "values", TWO_VALUES)
        job = ImportJob.objects.get()
        assert response.status_code == 302 and response.url == job_page(job)
        assert job.status == ImportJob.Status.QUEUED and job.rows == 2

        waiting = client.get(job_page(job)).content.decode()
        assert '<meta http-equiv="refresh"' in waiting and "Dalam antrean" in waiting
        assert "<script>" not in waiting, "the page refreshes itself without a script"

        assert run_queued_tasks() == 1
        job.refresh_from_db()
        assert job.status == ImportJob.Status.READY
        preview = client.get(job_page(job)).content.decode()
        assert "http-equiv" not in preview
        assert "2 baru" in preview and "0 bermasalah" in preview
        assert not imported_values(world).exists(), "the check writes nothing"

        applying = confirm(client, "values", job_id_from(preview))
        assert applying.url == job_page(job)
        job.refresh_from_db()
        assert job.status == ImportJob.Status.APPLYING
        assert "Menyimpan impor" in client.get(job_page(job)).content.decode()
        assert not imported_values(world).exists()

        assert run_queued_tasks() == 1
        job.refresh_from_db()
        assert (job.status, job.progress) == (ImportJob.Status.DONE, 100)
        assert imported_values(world).count() == 2
        assert "Impor selesai: 2 baru" in client.get(job_page(job)).content.decode()
        written = events(ActualValue, pgh_context__metadata__action="values.import")
        assert written.count() == 2
        assert {context(e).get("user") for e in written} == {world.users["kapuas"].pk}
        assert not job.file, "an applied job keeps no file"

    def test_it_shows_the_rows_a_worker_found_wrong(self, client_for, world, large):
        client = client_for("kapuas")
        upload(client, "values", values_file([value_row("AL-03", 1, 150), value_row("XX", 1, 1)]))
        run_queued_tasks()
        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.FAILED
        page = client.get(job_page(job)).content.decode()
        assert "Persentase harus di antara 0 dan 100." in page and "XX tidak dikenal" in page
        assert 'name="job"' not in page and 'name="file"' in page

    def test_a_second_click_while_the_worker_applies_changes_nothing(
        self, client_for, world, large
    ):
        client = client_for("kapuas")
        upload(client, "values", TWO_VALUES)
        run_queued_tasks()
        job = ImportJob.objects.get()
        confirm(client, "values", job.pk)
        assert confirm(client, "values", job.pk).url == job_page(job)
        assert run_queued_tasks() == 1, "one apply queued, not two"
        assert imported_values(world).count() == 2

    def test_a_failure_in_the_worker_is_shown_not_waited_for(
        self, client_for, world, large, monkeypatch
    ):
        client = client_for("kapuas")
        upload(client, "values", TWO_VALUES)
        run_queued_tasks()
        job = ImportJob.objects.get()
        confirm(client, "values", job.pk)

        def broken(job, sheet):
            raise RuntimeError("the database went away")

        monkeypatch.setattr(jobs, "_apply", broken)
        run_queued_tasks()
        job.refresh_from_db()
        assert job.status == ImportJob.Status.FAILED
        page = client.get(job_page(job)).content.decode()
        assert "Impor tidak dapat disimpan; tidak ada yang ditulis." in page
        assert "http-equiv" not in page
        assert not imported_values(world).exists()


def job_id_from(page: str) -> str:
    class Response:
        content = page.encode()

    return job_id(Response)


@pytest.fixture
def committed_world(transactional_db):
    """A worker process or a second thread sees only committed data."""
    call_command("flush", interactive=False, verbosity=0)
    return build_world()


@pytest.mark.django_db(transaction=True)
class TestInTheRealWorker:
    def test_a_worker_process_checks_and_applies_as_the_uploader(self, committed_world, large):
        world = committed_world
        client = Client()
        client.force_login(world.users["pupr"])  # an OPD head, importing their OPD's value
        content = values_file([value_row("AL-01", 1, "74,25", "survei ulang")])
        assert upload(client, "values", content).status_code == 302
        worker = run_worker()
        assert worker.returncode == 0, worker.stderr

        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.READY, job.error
        confirm(client, "values", job.pk)
        worker = run_worker()
        assert worker.returncode == 0, worker.stderr

        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE, job.error
        value = ActualValue.objects.get(pk=world.kapuas_value.pk)
        assert (value.value, value.note, value.status) == (
            Decimal("74.25"),
            "survei ulang",
            ActualValue.Status.SUBMITTED,
        )
        last = events(ActualValue, pgh_obj=value).last()
        assert context(last)["action"] == "values.import"
        assert context(last)["user"] == world.users["pupr"].pk
        assert context(last)["username"] == "pupr.kapuas"


@pytest.mark.django_db(transaction=True)
class TestDoubleClick:
    def test_two_confirmations_at_once_apply_once(self, committed_world):
        world = committed_world
        browsers = [Client(), Client()]
        for browser in browsers:
            browser.force_login(world.users["kapuas"])
        job = job_id(upload(browsers[0], "values", TWO_VALUES))
        start = threading.Barrier(2)
        answers = []

        def click(browser):
            try:
                start.wait()
                answers.append(confirm(browser, "values", job).url)
            finally:
                connection.close()

        clicks = [threading.Thread(target=click, args=(browser,)) for browser in browsers]
        for thread in clicks:
            thread.start()
        for thread in clicks:
            thread.join()

        job_url = job_page(ImportJob.objects.get(pk=job))
        assert sorted(url == job_url for url in answers) == [False, True]
        assert imported_values(world).count() == 2
        assert events(ActualValue, pgh_context__metadata__action="values.import").count() == 2
        assert IndicatorTarget.objects.filter(kabupaten=world.kapuas).count() == 3
