"""Funding rules the other funding tests leave unproved: which field an OPD's batch is refused
on when it touches what only Bapperida changes, and what the OPD's realisasi form
(`funding_realisation_report`) keeps, records and says, also when Bapperida saves the same line
while the report waits for it; the edges of the year range, the planning reference's length and
the planned-line rule; that a batch sees only its own year's and subject's lines (and locks only
those), and that a refused row hides nothing of the rows after it.

Longer than most test modules: it holds every rule of `programs.funding` the other funding
tests leave open, one class per rule, with the race helpers they share.
"""

import dataclasses
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from programs import funding
from programs.funding import FundingEntry
from programs.models import FundingLine
from tests.funding import as_stored, make_line, sources
from tests.history import context, events
from tests.races import held_up, in_thread
from tests.refusals import refusal, told

ONLY_BAPPERIDA = (
    "Hanya Bapperida yang mengubah sumber, OPD, acuan perencanaan dan pagu sebuah baris; "
    "OPD melaporkan realisasi, status dan catatannya."
)
NO_LONGER_EXISTS = "Baris pendanaan ini sudah tidak ada."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def opd_import(world, entries):
    """Dinas PUPR's head saves a batch (their import): only their lines' realisasi."""
    return funding.funding_save(
        actor=world.users["pupr"],
        year=2025,
        entries=entries,
        reporter=world.kapuas_pupr,
        action="funding.import",
    )


def report(world, line, **fields) -> FundingLine:
    arguments = {
        "actor": world.users["pupr"],
        "line": line,
        "realisasi": Decimal("400000000"),
        "status": "realised",
        "note": "SP2D tahap 1",
        "expected_version": line.version,
        **fields,
    }
    return funding.funding_realisation_report(**arguments)


class ReporterFieldTests:
    """An OPD's batch touching what only Bapperida changes is refused on that very field, so the
    import's table marks the cell the OPD changed."""

    def test_it_marks_the_source_an_opd_changed(self, world):
        line = make_line(world)
        with refusal(line, raises=funding.Refused) as error:
            opd_import(world, [as_stored(line, source=sources()["apbn"])])
        assert error.value.problems == {0: {"source": ONLY_BAPPERIDA}}

    def test_it_marks_the_opd_an_opd_changed(self, world):
        line = make_line(world)
        with refusal(line, raises=funding.Refused) as error:
            opd_import(world, [as_stored(line, agency=world.kapuas_dlh)])
        assert error.value.problems == {0: {"agency": ONLY_BAPPERIDA}}

    def test_it_reads_a_blank_source_and_opd_as_changes_only_bapperida_makes(self, world):
        """A file whose source and OPD cells were emptied: a refusal on both cells, not a
        server error."""
        line = make_line(world)
        with refusal(line, raises=funding.Refused) as error:
            opd_import(world, [as_stored(line, source=None, agency=None)])
        assert error.value.problems == {0: {"source": ONLY_BAPPERIDA, "agency": ONLY_BAPPERIDA}}


class FundingChangeTests:
    """A grid row that differs from its line in any one field is saved; only a row equal to its
    line in every field is left unwritten."""

    @pytest.mark.parametrize(
        "change",
        [
            {"source": "apbn"},
            {"agency": "kapuas_dlh"},
            {"planning_reference": "1.03.10.2.01"},
            {"pagu": Decimal("1200000000")},
            {"realisasi": Decimal("250000000")},
            {"status": "realised"},
            {"note": "Revisi DPA"},
        ],
        ids=lambda change: next(iter(change)),
    )
    def test_it_saves_a_change_of_any_one_field(self, world, change):
        line = make_line(world)
        name, value = next(iter(change.items()))
        if name == "source":
            value = sources()[value]
        elif name == "agency":
            value = getattr(world, value)
        plan = funding.funding_save(
            actor=world.users["kapuas"],
            subject=world.kapuas_followup,
            year=2025,
            entries=[as_stored(line, **{name: value})],
        )
        assert plan.kinds == ["update"]
        line.refresh_from_db()
        assert (getattr(line, name), line.version) == (value, 2)


class RealisationReportRuleTests:
    """The OPD's realisasi form saves one line through the batch path, as the line's OPD."""

    def test_it_keeps_the_planning_reference_bapperida_gave_the_line(self, world):
        line = make_line(world, reference="1.03.10.2.01")
        saved = report(world, line)
        line.refresh_from_db()
        assert (line.planning_reference, line.realisasi, line.note, line.version) == (
            "1.03.10.2.01",
            Decimal("400000000"),
            "SP2D tahap 1",
            2,
        )
        assert saved.planning_reference == "1.03.10.2.01"

    def test_the_history_names_who_reported(self, world):
        """Outside a request (a command, the worker) the service names the actor itself."""
        line = make_line(world)
        report(world, line)
        last = events(FundingLine, pgh_obj=line).last()
        assert context(last)["action"] == "funding.realisation"
        assert context(last)["user"] == world.users["pupr"].pk
        assert context(last)["username"] == "pupr.kapuas"

    def test_it_says_the_line_no_longer_exists_when_bapperida_removed_it(self, world):
        line = make_line(world)
        FundingLine.objects.filter(pk=line.pk).delete()
        with refusal(tables=(FundingLine,)) as error:
            report(world, line)
        assert told(error) == NO_LONGER_EXISTS

    @pytest.mark.parametrize(
        ("subject", "opd", "head"),
        [
            ("package_1", "seruyan_pupr", "seruyan_pupr"),
            ("kapuas_followup", "kapuas_pupr", "pupr"),
            ("kapuas_quickwin", "kapuas_pupr", "pupr"),
        ],
    )
    def test_it_reads_the_line_with_all_the_save_needs_in_one_query(
        self, world, subject, opd, head
    ):
        """Four reads whatever the line belongs to: the line with its source, OPD and subject
        (a package with its programme, for the kabupaten), the subject locked, its lines
        locked, and the line read back; the writes and savepoints aside."""
        line = make_line(world, subject=getattr(world, subject), agency=getattr(world, opd))
        line = FundingLine.objects.get(pk=line.pk)  # as the view hands it: nothing loaded
        with CaptureQueriesContext(connection) as queries:
            report(world, line, actor=world.users[head])
        statements = [query["sql"] for query in queries.captured_queries]
        # An UPDATE goes out behind the history's context (SELECT set_config(...); UPDATE ...).
        reads = [
            sql
            for sql in statements
            if sql.startswith("SELECT ") and not sql.startswith("SELECT set_config")
        ]
        assert len(reads) == 4, "\n".join(reads)


class EvidenceNameTests:
    """A browser sends file names of up to 255 characters; a line keeps the first 250, the
    length of its column, rather than failing, whether the file comes with a new line or with
    a report on an existing one."""

    NAME = "spj-realisasi-tahap-1-" + "a" * 228 + ".pdf"

    def test_a_new_line_keeps_as_much_of_a_long_file_name_as_it_holds(self, world):
        assert 250 < len(self.NAME) <= 255
        new = FundingEntry(
            source=sources()["apbd-kabupaten"],
            agency=world.kapuas_pupr,
            pagu=Decimal("1000000000"),
            status="budgeted",
            evidence=SimpleUploadedFile(self.NAME, PDF),
        )
        plan = funding.funding_save(
            actor=world.users["kapuas"], subject=world.kapuas_followup, year=2025, entries=[new]
        )
        assert plan.kinds == ["new"]
        line = FundingLine.objects.get(follow_up=world.kapuas_followup)
        assert line.evidence_name == self.NAME[:250]
        assert line.evidence.read() == PDF

    def test_a_report_keeps_as_much_of_a_long_file_name_as_the_line_holds(self, world):
        line = make_line(world)
        report(world, line, evidence=SimpleUploadedFile(self.NAME, PDF))
        line.refresh_from_db()
        assert line.evidence_name == self.NAME[:250]
        assert line.evidence.read() == PDF


def in_indonesian(call):
    with translation.override("id"):
        return call()


def while_bapperida_saves(world, entry: FundingEntry, call) -> dict:
    """Bapperida's grid save of the follow-up (`entry`) holds the follow-up and its lines while
    `call` runs in another thread, until that call has finished or waits for them; then
    Bapperida's save commits."""
    with transaction.atomic():
        funding.funding_save(
            actor=world.users["kapuas"],
            subject=world.kapuas_followup,
            year=2025,
            entries=[entry],
        )
        thread, outcome = in_thread(lambda: in_indonesian(call))
        outcome["finished_before_the_save_committed"] = not held_up(thread, outcome["pid"])
    thread.join(timeout=60)
    assert not thread.is_alive()
    return outcome


@pytest.mark.django_db(transaction=True)
class RealisationRaceTests:
    """The report reads its line without a lock, then saves it through the batch path, which
    locks the subject and its lines: what Bapperida committed in between is never overwritten."""

    def test_a_change_saved_while_a_report_waits_is_a_conflict(self, live_world):
        """Even a report that compares no version (none given) is checked against the line it
        read."""
        world = live_world
        line = make_line(world)
        bapperida = as_stored(line, note="Revisi DPA")
        outcome = while_bapperida_saves(
            world, bapperida, lambda: report(world, line, expected_version=None)
        )
        assert isinstance(outcome.get("error"), funding.EditConflict), outcome
        assert outcome["error"].current.note == "Revisi DPA"
        line.refresh_from_db()
        assert (line.note, line.realisasi, line.version) == ("Revisi DPA", Decimal(0), 2)

    def test_a_line_removed_while_a_report_waits_no_longer_exists(self, live_world):
        world = live_world
        line = make_line(world)
        outcome = while_bapperida_saves(
            world, as_stored(line, remove=True), lambda: report(world, line)
        )
        assert isinstance(outcome.get("error"), ValidationError), outcome
        assert outcome["error"].messages == [NO_LONGER_EXISTS]
        assert not FundingLine.objects.filter(pk=line.pk).exists()


@pytest.mark.django_db(transaction=True)
class FundingDryRunTests:
    def test_the_dry_run_answers_while_a_save_holds_the_lines(self, live_world):
        """An import's check takes no lock: it answers from what is committed, even while
        Bapperida's save of the same lines is under way."""
        world = live_world
        line = make_line(world)
        opd_file = [as_stored(line, realisasi=Decimal("300000000"), status="realised")]
        outcome = while_bapperida_saves(
            world,
            as_stored(line, note="Revisi DPA"),
            lambda: funding.funding_check(year=2025, entries=opd_file, reporter=world.kapuas_pupr),
        )
        assert outcome["finished_before_the_save_committed"], outcome
        assert "error" not in outcome, outcome
        assert outcome["result"].kinds == ["update"]
        assert outcome["result"].problems == {}


def new_entry(world, **fields) -> FundingEntry:
    """A new line of Dinas PUPR from the district budget, `fields` typed in."""
    defaults = {
        "source": sources()["apbd-kabupaten"],
        "agency": world.kapuas_pupr,
        "pagu": Decimal("450000000"),
        "status": "budgeted",
    }
    return FundingEntry(**(defaults | fields))


def grid_save(world, entries, *, year=2025, subject=None) -> funding.Plan:
    """Bapperida saves the grid of the follow-up (or of `subject`)."""
    return funding.funding_save(
        actor=world.users["kapuas"],
        subject=subject if subject is not None else world.kapuas_followup,
        year=year,
        entries=entries,
    )


def dry_run(world, entries, *, year=2025) -> funding.Plan:
    """What Bapperida's import of the follow-up's lines would do, in Indonesian."""
    with translation.override("id"):
        return funding.funding_check(
            year=year,
            entries=[
                dataclasses.replace(entry, subject=world.kapuas_followup) for entry in entries
            ],
        )


class FundingYearRangeTests:
    """The programme's plans run from 2000 to 2100, both years included."""

    @pytest.mark.parametrize("year", [2000, 2100])
    def test_it_saves_a_line_in_the_first_and_the_last_year(self, world, year):
        plan = grid_save(world, [new_entry(world)], year=year)
        assert plan.kinds == ["new"]
        assert list(FundingLine.objects.values_list("year", flat=True)) == [year]


class PlanningReferenceLengthTests:
    """A planning reference holds up to 150 characters: the 150th is kept, the 151st refused."""

    def test_it_saves_a_reference_of_150_characters(self, world):
        reference = "1.03.10.2.01-" + "x" * 137
        assert len(reference) == 150
        plan = grid_save(world, [new_entry(world, planning_reference=reference)])
        assert plan.kinds == ["new"]
        assert FundingLine.objects.get().planning_reference == reference

    def test_it_refuses_a_reference_of_151_characters(self, world):
        reference = "1.03.10.2.01-" + "x" * 138
        assert len(reference) == 151
        with refusal(tables=(FundingLine,), raises=funding.Refused) as error:
            grid_save(world, [new_entry(world, planning_reference=reference)])
        assert error.value.problems == {
            0: {"planning_reference": "Acuan perencanaan paling panjang 150 karakter."}
        }


class EvidenceRefusalTests:
    def test_a_file_that_is_no_evidence_is_refused_on_the_evidence_field(self, world):
        """The realisasi form shows the message under its file field."""
        line = make_line(world)
        with refusal(line) as error:
            report(world, line, evidence=SimpleUploadedFile("spj.pdf", b"MZ\x90\x00 program"))
        assert error.value.message_dict == {
            "evidence": [
                "Jenis berkas ini tidak diterima. Unggah PDF, foto (JPEG, PNG, WebP) atau "
                "dokumen perkantoran (Word, Excel, PowerPoint, OpenDocument)."
            ]
        }


class PlannedRealisasiTests:
    """A line only planned has spent nothing, not even a few sen; a realisasi the amount rules
    refuse is refused for what it is, not also for the status."""

    def test_it_refuses_sen_of_realisasi_on_a_planned_line(self, world):
        with refusal(tables=(FundingLine,), raises=funding.Refused) as error:
            grid_save(world, [new_entry(world, status="planned", realisasi=Decimal("0.50"))])
        assert error.value.problems == {
            0: {
                "status": "Baris yang baru direncanakan belum memiliki realisasi: ubah statusnya "
                "menjadi Dianggarkan atau Terealisasi."
            }
        }

    @pytest.mark.parametrize(
        ("realisasi", "message"),
        [
            (
                Decimal("0.505"),
                "Jumlah rupiah paling banyak dua angka di belakang koma (sen).",
            ),
            (
                Decimal(10) ** 13 + 1,
                "Lebih dari Rp 10 triliun pada satu baris tidak mungkin benar; periksa jumlah "
                "angka nolnya.",
            ),
        ],
        ids=["sen", "ceiling"],
    )
    def test_a_wrong_realisasi_on_a_planned_line_is_refused_only_for_the_amount(
        self, world, realisasi, message
    ):
        """Someone who typed a wrong amount is told what is wrong with it, not also to change
        the status of a line that may well have spent nothing."""
        with refusal(tables=(FundingLine,), raises=funding.Refused) as error:
            grid_save(world, [new_entry(world, status="planned", realisasi=realisasi)])
        assert error.value.problems == {0: {"realisasi": message}}


class OtherYearTests:
    """A batch works on the lines of its own year only."""

    def test_next_years_line_may_repeat_this_years_source_opd_and_reference(self, world):
        make_line(world, year=2024, reference="1.03.10.2.01")
        plan = grid_save(world, [new_entry(world, planning_reference="1.03.10.2.01")])
        assert plan.kinds == ["new"]
        assert sorted(FundingLine.objects.values_list("year", flat=True)) == [2024, 2025]


class OtherOpdQueryTests:
    def test_refusing_lines_carried_by_another_opd_reads_their_opd_with_the_lines(self, world):
        """An OPD head's import naming another OPD's lines is refused with that OPD's name, in
        as many queries for three such lines as for one."""
        lines = [make_line(world, agency=world.kapuas_dlh, reference=f"PS-0{n}") for n in (1, 2, 3)]
        carried = (
            f"Baris ini tanggung jawab {world.kapuas_dlh.abbreviation}, "
            f"bukan {world.kapuas_pupr.abbreviation}."
        )
        counts = []
        for batch in (lines[:1], lines):
            with (
                refusal(*lines, raises=funding.Refused) as error,
                CaptureQueriesContext(connection) as queries,
            ):
                opd_import(world, [as_stored(line, realisasi=Decimal(1)) for line in batch])
            assert error.value.problems == {i: {"agency": carried} for i in range(len(batch))}
            counts.append(len(queries.captured_queries))
        assert counts[0] == counts[1]


class LaterRowTests:
    """A refused row does not hide what the rows after it would do: the import's check shows
    every row's outcome."""

    def test_rows_after_one_naming_a_removed_line_are_still_checked(self, world):
        removed = make_line(world)
        FundingLine.objects.filter(pk=removed.pk).delete()
        plan = dry_run(world, [new_entry(world, line_id=removed.pk), new_entry(world)])
        assert plan.kinds == ["error", "new"]
        assert plan.problems == {0: {"line": NO_LONGER_EXISTS}}

    def test_rows_after_a_duplicate_row_are_still_checked(self, world):
        repeated = new_entry(world, planning_reference="1.03.10.2.01")
        plan = dry_run(world, [repeated, repeated, new_entry(world)])
        assert plan.kinds == ["new", "error", "new"]
        assert plan.problems == {
            1: {
                "planning_reference": "Baris ganda: sumber, OPD dan acuan perencanaan sama "
                "dengan baris 1."
            }
        }

    def test_rows_after_one_repeating_a_stored_line_are_still_checked(self, world):
        make_line(world, reference="1.03.10.2.01")
        plan = dry_run(
            world, [new_entry(world, planning_reference="1.03.10.2.01"), new_entry(world)]
        )
        assert plan.kinds == ["error", "new"]
        assert plan.problems == {
            0: {
                "planning_reference": "Baris dengan sumber dana, OPD dan acuan perencanaan yang "
                "sama sudah ada: ubah baris itu, atau beri baris ini acuan perencanaannya sendiri."
            }
        }


@pytest.mark.django_db(transaction=True)
class OtherSubjectLockTests:
    def test_a_save_does_not_wait_for_a_save_of_another_subjects_lines(self, live_world):
        """The save locks the lines of its own subject only: the quick win's grid saves while
        Bapperida's save of the follow-up holds the follow-up's lines."""
        world = live_world
        line = make_line(world)
        outcome = while_bapperida_saves(
            world,
            as_stored(line, note="Revisi DPA"),
            lambda: grid_save(world, [new_entry(world)], subject=world.kapuas_quickwin),
        )
        assert outcome["finished_before_the_save_committed"], outcome
        assert outcome["result"].kinds == ["new"]
        assert FundingLine.objects.filter(quick_win=world.kapuas_quickwin).count() == 1
