"""Confirming a funding import: the previewed file is written all at once, through the same
batch the funding grid saves with, so that an imported line is the line typed in the grid."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from programs.models import FundingLine, ImportJob
from programs.spreadsheets import jobs
from tests.forms import form_data
from tests.funding import make_line, sources
from tests.history import actions, context, events
from tests.programs.test_funding_grid import add_row, grid_form, grid_url
from tests.spreadsheets import (
    confirm,
    funding_file,
    funding_row,
    import_file,
    job_id,
    run_queued_tasks,
    upload,
)

SERUYAN = "62.07"
# Set on every write, so different in two runs of the same scenario: compared as "set or not".
TIMESTAMPS = {"created_at", "updated_at", "pgh_created_at"}
BOOKKEEPING = {"id", "pgh_id", "pgh_obj_id", "pgh_context", "pgh_context_id"}


def snapshot(record) -> dict:
    return {
        field.attname: (
            getattr(record, field.attname) is not None
            if field.name in TIMESTAMPS
            else getattr(record, field.attname)
        )
        for field in record._meta.concrete_fields
        if field.name not in BOOKKEEPING and field.attname not in BOOKKEEPING
    }


def recorded(line: FundingLine) -> tuple[dict, list[dict]]:
    """A line as stored and as its history recorded it (who, and every field of each event)."""
    line = FundingLine.objects.get(pk=line.pk)
    history = [
        {**snapshot(event), "user": context(event).get("user")}
        for event in events(FundingLine, pgh_obj=line)
    ]
    return snapshot(line), history


def rolled_back(write):
    """Run `write`, remember what it returns, and undo it so that the import starts alike."""
    with transaction.atomic():
        remembered = write()
        transaction.set_rollback(True)
    return remembered


def lines_of(subject) -> list[FundingLine]:
    return list(FundingLine.objects.filter(policy_package=subject).order_by("planning_reference"))


class FundingImportConfirmTests:
    def test_it_writes_the_previewed_lines_and_records_them_as_an_import(self, client_for, world):
        changed = make_line(
            world, subject=world.package_1, agency=world.seruyan_pupr, reference="A"
        )
        content = funding_file(
            [
                funding_row(
                    world.package_1, line=changed.pk, reference="A", realisasi="400.000.000"
                ),
                funding_row(world.package_1, source="DAK", reference="B", pagu="750.000.000"),
            ]
        )
        client = client_for("seruyan")
        response = import_file(client, "funding", content, code=SERUYAN)

        assert response.status_code == 302
        assert response.url == reverse("programs:funding-overview", args=[SERUYAN]) + "?year=2025"
        page = client.get(response.url).content.decode()
        assert "Impor selesai: 1 baru, 1 diperbarui, 0 tidak berubah." in page
        changed.refresh_from_db()
        assert (changed.realisasi, changed.version) == (Decimal("400000000"), 2)
        new = FundingLine.objects.get(planning_reference="B")
        assert (new.source.code, new.pagu, new.created_by) == (
            "dak",
            Decimal("750000000"),
            world.users["seruyan"],
        )
        assert actions(changed) == [None, "funding.import"]
        assert actions(new) == ["funding.import"]
        assert ImportJob.objects.get().status == ImportJob.Status.DONE

    def test_an_imported_line_is_the_line_the_grid_saves(self, client_for, world):
        kept = make_line(world, subject=world.package_1, agency=world.seruyan_pupr, reference="A")
        client = client_for("seruyan")
        typed = {
            "source": "DAK",
            "reference": "1.03.10.2.01 SPALD-S",
            "pagu": "2.750.000.000",
            "realisasi": "1.234.567.890,50",
            "status": "Dianggarkan",
            "note": "SP2D tahap 1",
        }

        def in_grid():
            url = grid_url(world)
            form = grid_form(client, url)
            row = next(k for k, v in form.items() if k.endswith("-line") and v == str(kept.pk))
            form[row.replace("-line", "-pagu")] = "1.100.000.000"
            add_row(
                form,
                source=str(sources()["dak"].pk),
                agency=str(world.seruyan_pupr.pk),
                planning_reference=typed["reference"],
                pagu=typed["pagu"],
                realisasi=typed["realisasi"],
                status="budgeted",
                note=typed["note"],
            )
            assert client.post(url, form).status_code == 302
            return [recorded(line) for line in lines_of(world.package_1)]

        saved_in_grid = rolled_back(in_grid)
        assert lines_of(world.package_1) == [kept]

        content = funding_file(
            [
                funding_row(world.package_1, line=kept.pk, reference="A", pagu="1.100.000.000"),
                funding_row(world.package_1, **typed),
            ]
        )
        assert import_file(client, "funding", content, code=SERUYAN).status_code == 302

        imported = [recorded(line) for line in lines_of(world.package_1)]
        # What the line holds, its version and its history are the grid's; only the label of
        # the action differs, and says where the change came from.
        assert [(line, [{**e} for e in history]) for line, history in imported] == [
            (line, history) for line, history in saved_in_grid
        ]
        assert [actions(line) for line in lines_of(world.package_1)] == [
            ["funding.import"],
            [None, "funding.import"],
        ]
        assert imported[1][0]["version"] == 2

    def test_an_opd_heads_realisasi_is_the_realisasi_its_form_reports(self, client_for, world):
        line = make_line(world, agency=world.kapuas_pupr, pagu="1500000000")
        client = client_for("pupr")
        url = reverse("programs:funding-realisation", kwargs={"pk": line.pk})

        def in_form():
            data = form_data(client.get(url).content.decode(), "realisasi")
            data |= {"realisasi": "1.600.000.000", "status": "realised", "note": "APBD-P"}
            assert client.post(url, data).status_code == 302
            return recorded(line)

        reported = rolled_back(in_form)
        row = funding_row(
            world.kapuas_followup,
            line=line.pk,
            pagu="1.500.000.000",
            realisasi="1.600.000.000",
            status="Terealisasi",
            note="APBD-P",
        )
        assert import_file(client, "funding", funding_file([row])).status_code == 302

        assert recorded(line) == reported
        assert actions(line) == [None, "funding.import"]

    def test_the_same_file_imported_twice_adds_nothing_twice(self, client_for, world):
        client = client_for("kapuas")
        make_line(world, reference="an earlier line")  # 2025 is then among Kapuas's years
        content = funding_file(
            [
                funding_row(world.kapuas_followup, reference="RTL-1", pagu="50.000.000"),
                funding_row(world.kapuas_quickwin, source="Dana Desa", pagu="25.000.000"),
            ]
        )
        assert import_file(client, "funding", content).status_code == 302
        first = list(FundingLine.objects.values_list("pk", "version").order_by("pk"))
        assert len(first) == 3

        again = upload(client, "funding", content)
        assert "0 baru" in again.content.decode() and "2 tidak berubah" in again.content.decode()
        assert confirm(client, "funding", job_id(again)).status_code == 302
        assert list(FundingLine.objects.values_list("pk", "version").order_by("pk")) == first

    def test_a_line_is_removed_only_by_a_row_that_says_so(self, client_for, world):
        gone = make_line(world, agency=world.kapuas_pupr, reference="gone")
        left_out = make_line(world, agency=world.kapuas_pupr, reference="left out")
        row = funding_row(world.kapuas_followup, line=gone.pk, reference="gone", remove="ya")
        client = client_for("kapuas")
        preview = upload(client, "funding", funding_file([row]))
        assert "1 akan dihapus" in preview.content.decode()
        assert FundingLine.objects.count() == 2
        response = confirm(client, "funding", job_id(preview))
        assert "1 dihapus." in client.get(response.url).content.decode()
        assert list(FundingLine.objects.all()) == [left_out]
        assert events(FundingLine, pgh_obj_id=gone.pk, pgh_label="delete").exists()

    def test_another_persons_preview_cannot_be_confirmed(self, client_for, world):
        content = funding_file([funding_row(world.kapuas_followup, year=2026)])
        preview = upload(client_for("kapuas"), "funding", content, year=2026)
        job = job_id(preview)
        assert confirm(client_for("pupr"), "funding", job).status_code == 404
        assert confirm(client_for("seruyan"), "funding", job).status_code == 404
        assert confirm(client_for("province"), "funding", job).status_code == 403
        assert not FundingLine.objects.exists()
        assert ImportJob.objects.get().status == ImportJob.Status.READY

    @pytest.fixture
    def large(self, monkeypatch):
        monkeypatch.setattr(jobs, "INLINE_ROWS", 0)

    def test_a_large_file_is_checked_and_saved_by_the_worker(self, client_for, world, large):
        client = client_for("kapuas")
        rows = [funding_row(world.kapuas_followup, reference=f"R-{n}", year=2026) for n in range(3)]
        response = upload(client, "funding", funding_file(rows), year=2026)
        assert response.status_code == 302  # to the job's page, which refreshes itself
        assert "Memeriksa berkas" in client.get(response.url).content.decode()
        assert run_queued_tasks() == 1
        page = client.get(response.url)
        assert "3 baru" in page.content.decode()
        assert confirm(client, "funding", job_id(page)).status_code == 302
        assert not FundingLine.objects.exists()  # the worker applies it
        assert run_queued_tasks() == 1
        assert FundingLine.objects.filter(follow_up=world.kapuas_followup).count() == 3
        assert "Impor selesai: 3 baru" in client.get(response.url).content.decode()
