"""Funding lines: what the database holds whoever writes, and the one write path (the batch
service the grid, the import and the OPD's realisasi report all call)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from programs import funding
from programs.funding import FundingEntry
from programs.models import FundingLine, FundingSource, PolicyPackage, Programme
from programs.money import CEILING
from tests.funding import as_stored, make_line, sources
from tests.history import actions, events

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def stored() -> list[tuple]:
    """Every line as stored, to prove a refusal wrote nothing."""
    return list(
        FundingLine.objects.order_by("pk").values_list(
            "pk", "source_id", "agency_id", "pagu", "realisasi", "status", "note", "version"
        )
    )


def refused_by_database(**line) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_line(**line)


class FundingSourceTests:
    def test_the_migration_gives_the_programmes_sources_in_order(self, db):
        names = list(FundingSource.objects.values_list("name", flat=True))
        assert names == [
            "APBD Kabupaten/Kota",
            "APBD Provinsi",
            "APBN",
            "DAK",
            "Dana Desa",
            "CSR/swasta",
            "Hibah/donor",
            "KPBU",
            "Lainnya",
        ]


class FundingLineDatabaseTests:
    """Rules PostgreSQL holds whatever writes the row (an import, the admin, a script)."""

    def test_it_keeps_amounts_exact_to_the_sen(self, world):
        line = make_line(world, pagu="9999999999999.99", realisasi="1234567890.01")
        line.refresh_from_db()
        assert line.pagu == Decimal("9999999999999.99")
        assert line.realisasi == Decimal("1234567890.01")

    def test_a_line_has_exactly_one_subject(self, world):
        with pytest.raises(IntegrityError), transaction.atomic():
            FundingLine.objects.filter(pk=make_line(world).pk).update(
                policy_package=None, follow_up=None
            )
        with pytest.raises(IntegrityError), transaction.atomic():
            FundingLine.objects.filter(pk=make_line(world, reference="2").pk).update(
                quick_win=world.kapuas_quickwin
            )

    @pytest.mark.parametrize(
        "line",
        [
            {"pagu": "-1"},
            {"realisasi": "-0.01"},
            {"pagu": str(CEILING + 1), "realisasi": "0"},
            {"pagu": "100", "realisasi": "101"},  # above the pagu without a note
            {"pagu": "100", "realisasi": "101", "note": "   "},
            {"status": "planned", "realisasi": "1"},  # spent from a plan
            {"status": "spent"},
            {"year": 1999},
        ],
        ids=[
            "negative pagu",
            "negative realisasi",
            "absurd pagu",
            "above pagu",
            "above pagu blank note",
            "planned but spent",
            "unknown status",
            "year",
        ],
    )
    def test_it_refuses_what_must_never_be_stored(self, world, line):
        refused_by_database(world=world, **line)

    def test_realisasi_above_the_pagu_is_stored_with_its_reason(self, world):
        line = make_line(world, pagu="100", realisasi="101", note="Revisi anggaran (APBD-P)")
        assert line.is_over_pagu

    def test_the_opd_and_the_subject_belong_to_the_lines_kabupaten(self, world):
        refused_by_database(world=world, agency=world.seruyan_pupr)
        line = make_line(world)
        with pytest.raises(IntegrityError), transaction.atomic():
            FundingLine.objects.filter(pk=line.pk).update(
                follow_up=None, policy_package=world.package_1
            )

    def test_the_same_source_opd_and_reference_is_one_line(self, world):
        make_line(world, reference="1.03.02.2.01")
        refused_by_database(world=world, reference="1.03.02.2.01")
        make_line(world, reference="1.03.02.2.02")  # another activity: another line


def entry(world, **fields) -> FundingEntry:
    defaults = {
        "source": sources()["apbd-kabupaten"],
        "agency": world.seruyan_pupr,
        "pagu": Decimal("2500000000"),
        "realisasi": Decimal(0),
        "status": "budgeted",
        "planning_reference": "1.03.10.2.01",
    }
    return FundingEntry(**{**defaults, **fields})


def save(world, entries, subject=None, year=2025):
    return funding.funding_save(
        actor=world.users["seruyan"],
        subject=subject or world.package_1,
        year=year,
        entries=entries,
    )


class FundingSaveTests:
    def test_it_adds_changes_and_removes_lines_in_one_recorded_batch(self, world):
        kept = make_line(world, subject=world.package_1, agency=world.seruyan_pupr, reference="A")
        gone = make_line(world, subject=world.package_1, agency=world.seruyan_pupr, reference="B")
        dak = sources()["dak"]
        plan = save(
            world,
            [
                entry(world, source=dak, pagu=Decimal("1750000000.50")),
                entry(
                    world,
                    line_id=kept.pk,
                    expected_version=kept.version,
                    planning_reference="A",
                    pagu=Decimal("900000000"),
                    realisasi=Decimal("450000000"),
                ),
                entry(world, line_id=gone.pk, expected_version=gone.version, remove=True),
            ],
        )
        assert plan.kinds == ["new", "update", "delete"]
        new = FundingLine.objects.get(source=dak)
        assert (new.kabupaten, new.policy_package, new.year) == (
            world.seruyan,
            world.package_1,
            2025,
        )
        assert new.pagu == Decimal("1750000000.50")
        assert new.created_by == world.users["seruyan"]
        kept.refresh_from_db()
        assert (kept.pagu, kept.realisasi, kept.version) == (
            Decimal("900000000"),
            Decimal("450000000"),
            2,
        )
        assert not FundingLine.objects.filter(pk=gone.pk).exists()
        assert actions(new) == ["funding.save"]
        assert actions(kept)[-1] == "funding.save"
        assert events(FundingLine, pgh_obj_id=gone.pk, pgh_label="delete").exists()

    def test_an_unchanged_line_is_not_written(self, world):
        line = make_line(world, subject=world.package_1, agency=world.seruyan_pupr)
        plan = save(
            world,
            [
                entry(
                    world,
                    line_id=line.pk,
                    expected_version=line.version,
                    pagu=line.pagu,
                    planning_reference="",
                )
            ],
        )
        assert plan.kinds == ["skip"]
        assert actions(line) == [None]  # only the insert made by the test

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            ({"pagu": Decimal("-1")}, "pagu", "Jumlah tidak boleh negatif."),
            ({"pagu": CEILING + 1}, "pagu", "Lebih dari Rp 10 triliun pada satu baris"),
            ({"pagu": None}, "pagu", "Isi pagu (0 bila belum ada)."),
            ({"realisasi": Decimal("-5")}, "realisasi", "Jumlah tidak boleh negatif."),
            ({"pagu": Decimal("0.001")}, "pagu", "paling banyak dua angka di belakang koma"),
            (
                {"pagu": Decimal("100"), "realisasi": Decimal("150")},
                "note",
                "Realisasi melebihi pagu: jelaskan alasannya di catatan",
            ),
            (
                {"status": "planned", "realisasi": Decimal("10")},
                "status",
                "Baris yang baru direncanakan belum memiliki realisasi",
            ),
            ({"status": "lunas"}, "status", "Pilih status yang valid."),
            ({"source": None}, "source", "Pilih sumber dana."),
            ({"agency": None}, "agency", "Pilih OPD penanggung jawab baris ini."),
            (
                "other-kabupaten",
                "agency",
                "OPD penanggung jawab harus milik kabupaten/kota tersebut.",
            ),
        ],
        ids=[
            "negative",
            "absurd",
            "no pagu",
            "negative realisasi",
            "sub-sen",
            "above pagu without note",
            "planned but spent",
            "status",
            "source",
            "agency",
            "foreign agency",
        ],
    )
    def test_it_refuses_a_bad_row_says_why_and_writes_nothing(self, world, fields, field, message):
        make_line(world, subject=world.package_1, agency=world.seruyan_pupr, reference="X")
        if fields == "other-kabupaten":
            fields = {"agency": world.kapuas_pupr}
        before = stored()
        good = entry(world, planning_reference="good row")
        with pytest.raises(funding.Refused) as refused:
            save(world, [good, entry(world, **fields)])
        assert list(refused.value.problems) == [1]  # the row it concerns, not the good one
        assert message in refused.value.problems[1][field]
        assert stored() == before  # not even the good row

    def test_above_the_pagu_is_accepted_with_a_note(self, world):
        save(
            world,
            [
                entry(
                    world,
                    pagu=Decimal("100"),
                    realisasi=Decimal("150"),
                    note="Tambahan dari APBD Perubahan",
                )
            ],
        )
        assert FundingLine.objects.get().realisasi == Decimal("150")

    def test_a_retired_source_is_refused_for_new_lines_but_kept_on_old_ones(self, world):
        line = make_line(world, subject=world.package_1, agency=world.seruyan_pupr, source="kpbu")
        FundingSource.objects.filter(code="kpbu").update(active=False)
        kpbu = FundingSource.objects.get(code="kpbu")
        before = stored()
        with pytest.raises(funding.Refused) as refused:
            save(world, [entry(world, source=kpbu, planning_reference="new")])
        assert "tidak lagi dipakai" in refused.value.problems[0]["source"]
        assert stored() == before
        save(
            world,
            [
                entry(
                    world,
                    source=kpbu,
                    line_id=line.pk,
                    expected_version=line.version,
                    planning_reference="",
                    pagu=Decimal(5),
                )
            ],
        )
        line.refresh_from_db()
        assert line.pagu == Decimal(5)

    def test_two_rows_cannot_be_the_same_line(self, world):
        with pytest.raises(funding.Refused) as refused:
            save(world, [entry(world), entry(world, pagu=Decimal(1))])
        assert refused.value.problems[1]["planning_reference"] == (
            "Baris ganda: sumber, OPD dan acuan perencanaan sama dengan baris 1."
        )
        assert not FundingLine.objects.exists()

    def test_a_new_row_cannot_repeat_a_line_the_batch_leaves_alone(self, world):
        make_line(world, subject=world.package_1, agency=world.seruyan_pupr, reference="R-1")
        before = stored()
        with pytest.raises(funding.Refused) as refused:
            save(world, [entry(world, planning_reference="R-1")])
        assert "sudah ada" in refused.value.problems[0]["planning_reference"]
        assert stored() == before

    def test_two_lines_may_swap_their_references(self, world):
        a = make_line(world, subject=world.package_1, agency=world.seruyan_pupr, reference="A")
        b = make_line(world, subject=world.package_1, agency=world.seruyan_pupr, reference="B")
        save(
            world,
            [
                entry(world, line_id=a.pk, expected_version=1, planning_reference="B"),
                entry(world, line_id=b.pk, expected_version=1, planning_reference="A"),
            ],
        )
        a.refresh_from_db()
        assert a.planning_reference == "B"

    def test_a_line_changed_meanwhile_is_a_conflict_and_nothing_is_written(self, world):
        line = make_line(world, subject=world.package_1, agency=world.seruyan_pupr)
        seen = line.version
        FundingLine.objects.filter(pk=line.pk).update(pagu=Decimal(7))  # someone else
        before = stored()
        with pytest.raises(funding.EditConflict) as conflict:
            save(
                world,
                [
                    entry(world, planning_reference="new"),
                    entry(world, line_id=line.pk, expected_version=seen, pagu=Decimal(8)),
                ],
            )
        assert conflict.value.current == [1]
        assert stored() == before

    def test_a_line_removed_meanwhile_is_a_conflict(self, world):
        line = make_line(world, subject=world.package_1, agency=world.seruyan_pupr)
        FundingLine.objects.filter(pk=line.pk).delete()
        with pytest.raises(funding.EditConflict):
            save(world, [entry(world, line_id=line.pk, expected_version=1)])
        assert not FundingLine.objects.exists()

    def test_a_line_of_another_subject_cannot_be_edited_through_this_one(self, world):
        other = make_line(world)  # Kapuas's follow-up
        before = stored()
        with pytest.raises(funding.Refused) as refused:
            save(world, [entry(world, line_id=other.pk)])
        assert refused.value.problems[0]["line"] == "Baris pendanaan ini sudah tidak ada."
        assert stored() == before

    def test_the_dry_run_answers_without_writing(self, world):
        line = make_line(world, subject=world.package_1, agency=world.seruyan_pupr)
        before = stored()
        plan = funding.funding_check(
            subject=world.package_1,
            year=2025,
            entries=[
                entry(world),
                entry(world, line_id=line.pk, planning_reference="", pagu=Decimal(1)),
                entry(world, planning_reference="x", pagu=Decimal(-1)),
            ],
        )
        assert plan.kinds == ["new", "update", "error"]
        assert plan.problems[2]["pagu"] == "Jumlah tidak boleh negatif."
        assert stored() == before

    def test_it_refuses_a_year_outside_the_plan_range(self, world):
        with pytest.raises(ValidationError):
            save(world, [entry(world)], year=1990)
        assert not FundingLine.objects.exists()

    def test_follow_ups_and_quick_wins_carry_lines_of_their_own(self, world):
        for subject in (world.kapuas_followup, world.kapuas_quickwin):
            funding.funding_save(
                actor=world.users["kapuas"],
                subject=subject,
                year=2026,
                entries=[entry(world, agency=world.kapuas_dlh, source=sources()["dana-desa"])],
            )
        assert FundingLine.objects.get(follow_up=world.kapuas_followup).kabupaten == world.kapuas
        assert FundingLine.objects.get(quick_win=world.kapuas_quickwin).year == 2026

    def test_a_package_with_funding_cannot_be_deleted_with_its_money(self, world):
        make_line(world, subject=world.package_1, agency=world.seruyan_pupr)
        with pytest.raises(IntegrityError), transaction.atomic():
            PolicyPackage.objects.filter(pk=world.package_1.pk).delete()
        with pytest.raises(IntegrityError), transaction.atomic():
            Programme.objects.filter(pk=world.barasih.pk).delete()


class FundingBatchOfSubjectsTests:
    """The import's batch: the lines of every subject a file names, saved all or none."""

    def kapuas_entry(self, world, subject, **fields) -> FundingEntry:
        return entry(world, subject=subject, agency=world.kapuas_pupr, **fields)

    def test_it_saves_the_lines_of_several_subjects_at_once(self, world):
        changed = make_line(world, subject=world.kapuas_quickwin, reference="Q")
        plan = funding.funding_save(
            actor=world.users["kapuas"],
            year=2025,
            entries=[
                self.kapuas_entry(world, world.kapuas_followup),
                self.kapuas_entry(world, world.dlh_followup),
                self.kapuas_entry(
                    world,
                    world.kapuas_quickwin,
                    line_id=changed.pk,
                    planning_reference="Q",
                    pagu=Decimal(5),
                ),
            ],
            action="funding.import",
        )
        assert plan.kinds == ["new", "new", "update"]
        assert FundingLine.objects.filter(follow_up=world.kapuas_followup).count() == 1
        assert FundingLine.objects.filter(follow_up=world.dlh_followup).count() == 1
        changed.refresh_from_db()
        assert (changed.pagu, changed.version) == (Decimal(5), 2)
        assert actions(changed)[-1] == "funding.import"

    def test_the_same_line_under_two_subjects_is_two_lines(self, world):
        for subject in (world.kapuas_followup, world.dlh_followup):
            make_line(world, subject=subject, reference="same")
        plan = funding.funding_check(
            year=2025,
            entries=[
                self.kapuas_entry(world, world.kapuas_followup, planning_reference="same"),
                self.kapuas_entry(world, world.dlh_followup, planning_reference="new"),
            ],
        )
        assert plan.kinds == ["error", "new"]
        assert "sudah ada" in plan.problems[0]["planning_reference"]

    def test_a_line_named_under_another_subject_is_not_found_there(self, world):
        line = make_line(world, subject=world.kapuas_followup)
        before = stored()
        with pytest.raises(funding.Refused) as refused:
            funding.funding_save(
                actor=world.users["kapuas"],
                year=2025,
                entries=[self.kapuas_entry(world, world.dlh_followup, line_id=line.pk)],
            )
        assert refused.value.problems[0]["line"] == "Baris pendanaan ini sudah tidak ada."
        assert stored() == before

    def test_one_bad_entry_of_one_subject_keeps_every_subject_unwritten(self, world):
        before = stored()
        with pytest.raises(funding.Refused) as refused:
            funding.funding_save(
                actor=world.users["kapuas"],
                year=2025,
                entries=[
                    self.kapuas_entry(world, world.kapuas_followup),
                    self.kapuas_entry(world, world.kapuas_quickwin, pagu=Decimal(-1)),
                ],
            )
        assert list(refused.value.problems) == [1]
        assert stored() == before


class FundingReporterTests:
    """An OPD head's batch (its import) reports the realisasi of its own lines, nothing else."""

    def report(self, world, entries, *, check=False):
        if check:
            return funding.funding_check(year=2025, entries=entries, reporter=world.kapuas_pupr)
        return funding.funding_save(
            actor=world.users["pupr"],
            year=2025,
            entries=entries,
            reporter=world.kapuas_pupr,
            action="funding.import",
        )

    def test_it_reports_the_realisasi_status_and_note_of_its_own_line(self, world):
        line = make_line(world)
        changes = {"realisasi": Decimal("300000000"), "status": "realised", "note": "SP2D"}
        plan = self.report(world, [as_stored(line, **changes)])
        assert plan.kinds == ["update"]
        line.refresh_from_db()
        assert (line.realisasi, line.status, line.note, line.version) == (
            Decimal("300000000"),
            "realised",
            "SP2D",
            2,
        )
        assert actions(line)[-1] == "funding.import"

    def test_it_refuses_whatever_else_an_opd_would_change(self, world):
        own = make_line(world)
        others = make_line(world, agency=world.kapuas_dlh)
        before = stored()
        plan = self.report(
            world,
            [
                entry(world, subject=world.kapuas_followup, agency=world.kapuas_pupr),
                as_stored(others),
                as_stored(own, remove=True),
            ],
            check=True,
        )
        assert plan.problems == {
            0: {
                "line": "Hanya Bapperida yang menambah baris pendanaan; OPD melaporkan "
                "realisasi baris miliknya."
            },
            1: {"agency": "Baris ini tanggung jawab DLH, bukan Dinas PUPR."},
            2: {"remove": "Hanya Bapperida yang menghapus baris pendanaan."},
        }
        with pytest.raises(funding.Refused):
            self.report(world, [as_stored(own, pagu=Decimal(1))])
        with pytest.raises(funding.Refused) as refused:
            self.report(world, [as_stored(own, planning_reference="lain")])
        assert (
            "Hanya Bapperida yang mengubah sumber"
            in (refused.value.problems[0]["planning_reference"])
        )
        assert stored() == before


class RealisationReportTests:
    def report(self, world, line, **fields):
        arguments = {
            "actor": world.users["pupr"],
            "line": line,
            "realisasi": Decimal("400000000"),
            "status": "realised",
            "note": "",
            "expected_version": line.version,
            **fields,
        }
        return funding.funding_realisation_report(**arguments)

    def test_the_opd_reports_what_was_spent_with_evidence(self, world):
        line = make_line(world)
        evidence = SimpleUploadedFile("spj-tahap-1.pdf", PDF, content_type="application/pdf")
        saved = self.report(world, line, evidence=evidence)
        line.refresh_from_db()
        assert (line.realisasi, line.status, line.version) == (
            Decimal("400000000"),
            "realised",
            2,
        )
        assert saved.version == 2
        assert (line.evidence_name, line.evidence_type) == ("spj-tahap-1.pdf", "application/pdf")
        assert actions(line)[-1] == "funding.realisation"

    def test_a_stale_form_is_a_conflict_and_nothing_is_written(self, world):
        line = make_line(world)
        FundingLine.objects.filter(pk=line.pk).update(note="Bapperida")
        before = stored()
        with pytest.raises(funding.EditConflict) as conflict:
            self.report(world, line)
        assert conflict.value.current.note == "Bapperida"
        assert stored() == before

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            ({"realisasi": Decimal("1000000001")}, "note", "Realisasi melebihi pagu"),
            ({"realisasi": Decimal("-1")}, "realisasi", "Jumlah tidak boleh negatif."),
            ({"realisasi": CEILING * 2}, "realisasi", "Lebih dari Rp 10 triliun"),
            ({"realisasi": None}, "realisasi", "Isi realisasi (0 bila belum ada"),
            ({"status": "planned"}, "status", "belum memiliki realisasi"),
        ],
        ids=["above pagu", "negative", "absurd", "missing", "planned"],
    )
    def test_it_refuses_what_the_rules_forbid_and_writes_nothing(
        self, world, fields, field, message
    ):
        line = make_line(world)
        before = stored()
        with pytest.raises(ValidationError) as refused:
            self.report(world, line, **fields)
        assert message in refused.value.message_dict[field][0]
        assert stored() == before

    def test_a_file_that_is_no_evidence_is_refused(self, world):
        line = make_line(world)
        before = stored()
        with pytest.raises(ValidationError) as refused:
            self.report(
                world, line, evidence=SimpleUploadedFile("spj.pdf", b"MZ\x90\x00 not a pdf")
            )
        assert "Jenis berkas ini tidak diterima" in refused.value.messages[0]
        assert stored() == before
        line.refresh_from_db()
        assert not line.evidence


class FundingAdminTests:
    def test_the_administrator_extends_the_sources_and_the_grid_offers_the_new_one(
        self, client_for, world
    ):
        admin = client_for("admin")
        response = admin.post(
            reverse("admin:programs_fundingsource_add"),
            {"code": "blud", "name": "BLUD", "sort_order": "95", "active": "on"},
        )
        assert response.status_code == 302
        grid = reverse(
            "programs:funding-grid",
            kwargs={"code": "62.07", "kind": "package", "pk": world.package_1.pk, "year": 2025},
        )
        assert ">BLUD</option>" in client_for("seruyan").get(grid).content.decode()
        assert actions(FundingSource.objects.get(code="blud")) == [None]  # recorded, by trigger

    def test_lines_are_read_only_in_the_admin(self, client_for, world):
        line = make_line(world)
        admin = client_for("admin")
        assert admin.get(reverse("admin:programs_fundingline_changelist")).status_code == 200
        assert admin.get(reverse("admin:programs_fundingline_add")).status_code == 403
        delete = reverse("admin:programs_fundingline_delete", args=[line.pk])
        assert admin.post(delete, {"post": "yes"}).status_code == 403
        assert FundingLine.objects.filter(pk=line.pk).exists()
