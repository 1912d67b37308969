"""The value services' rules that the forms do not show by themselves: what each write records
(who, which action, the version it hands back), what a save leaves as it was, which field a
review refusal belongs to, and what happens when two people save the same value at once."""

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation

from programs import services
from programs.models import ActualValue, IndicatorTarget
from tests.history import actions, context, events
from tests.races import in_thread, wait_until_blocked
from tests.refusals import refusal

PDF = b"%PDF-1.4\n%%EOF\n"
LOCKED = "Nilai yang sudah diverifikasi terkunci; minta Bapperida membukanya kembali lebih dahulu."


def last_event(value: ActualValue):
    return events(ActualValue, pgh_obj=value).last()


def history_count(value: ActualValue) -> int:
    return events(ActualValue, pgh_obj=value).count()


def stored(value: ActualValue) -> ActualValue:
    return ActualValue.objects.get(pk=value.pk)


class ValueRecordTests:
    """Every write names who did it and what it was, whoever calls the service (a command or
    the worker has no request to name the user)."""

    def test_it_records_who_saved_a_value_and_how(self, world):
        value = services.value_save(
            actor=world.users["pupr"],
            target=world.kapuas_target,
            period=1,
            value=Decimal("74"),
            submit=True,
            expected_version=world.kapuas_value.version,
        )
        recorded = context(last_event(value))
        assert (recorded["action"], recorded["user"], recorded["username"]) == (
            "value.submit",
            world.users["pupr"].pk,
            "pupr.kapuas",
        )

    def test_it_records_who_verified_a_value(self, world):
        value = services.value_verify(
            actor=world.users["kapuas"], value=world.kapuas_value, expected_version=1
        )
        recorded = context(last_event(value))
        assert (recorded["action"], recorded["user"]) == ("value.verify", world.users["kapuas"].pk)
        assert actions(value)[-1] == "value.verify"

    def test_it_records_who_returned_a_value(self, world):
        value = services.value_return(
            actor=world.users["kapuas"],
            value=world.kapuas_value,
            note="Cek ulang survei",
            expected_version=1,
        )
        recorded = context(last_event(value))
        assert (recorded["action"], recorded["user"]) == ("value.return", world.users["kapuas"].pk)

    def test_it_records_who_reopened_a_value(self, world):
        value = services.value_verify(
            actor=world.users["kapuas"], value=world.kapuas_value, expected_version=1
        )
        value = services.value_reopen(
            actor=world.users["admin"],
            value=value,
            reason="Salah ketik",
            expected_version=value.version,
        )
        recorded = context(last_event(value))
        assert (recorded["action"], recorded["user"], recorded["reason"]) == (
            "value.reopen",
            world.users["admin"].pk,
            "Salah ketik",
        )


class ValueReviewFieldTests:
    """A review refused for a missing note or reason names that field, so that the form can
    show the message beside it."""

    def test_it_attaches_a_missing_return_note_to_the_note(self, world):
        value = world.kapuas_value
        with refusal(value) as error:
            services.value_return(
                actor=world.users["kapuas"], value=value, note="  ", expected_version=1
            )
        assert error.value.message_dict == {"note": ["Jelaskan apa yang harus diperbaiki OPD."]}

    def test_it_attaches_a_missing_reopen_reason_to_the_reason(self, world):
        value = services.value_verify(
            actor=world.users["kapuas"], value=world.kapuas_value, expected_version=1
        )
        with refusal(value) as error:
            services.value_reopen(
                actor=world.users["kapuas"], value=value, reason="", expected_version=value.version
            )
        assert error.value.message_dict == {
            "reason": ["Jelaskan alasan nilai terverifikasi dibuka kembali."]
        }


class ValueReviewNoteTests:
    def test_it_clears_the_return_note_once_the_value_is_verified(self, world):
        """Returned with a note, corrected and submitted again, then verified: the note asked
        for a correction that is done, so the verified value carries none."""
        value = services.value_return(
            actor=world.users["kapuas"],
            value=world.kapuas_value,
            note="Cek ulang survei",
            expected_version=1,
        )
        value = services.value_save(
            actor=world.users["pupr"],
            target=world.kapuas_target,
            period=1,
            value=Decimal("73"),
            submit=True,
            expected_version=value.version,
        )
        assert stored(value).review_note == "Cek ulang survei"  # the OPD still sees it
        services.value_verify(
            actor=world.users["kapuas"], value=value, expected_version=value.version
        )
        assert (stored(value).status, stored(value).review_note) == ("verified", "")


class ValueReviewResultTests:
    @pytest.mark.parametrize("review", ["verify", "return", "reopen"])
    def test_it_hands_back_the_value_with_its_indicator_and_kabupaten(
        self, world, django_assert_num_queries, review
    ):
        """A reviewed value comes back ready to show (which indicator, which kabupaten/kota),
        read with the value instead of one more query each."""
        value = world.kapuas_value
        if review == "reopen":
            value = services.value_verify(
                actor=world.users["kapuas"], value=value, expected_version=value.version
            )
        typed = {"return": {"note": "Cek ulang"}, "reopen": {"reason": "Salah ketik"}}
        reviewed = getattr(services, f"value_{review}")(
            actor=world.users["kapuas"],
            value=ActualValue.objects.get(pk=value.pk),
            expected_version=value.version,
            **typed.get(review, {}),
        )
        with django_assert_num_queries(0):
            shown = (reviewed.target.indicator.code, reviewed.target.kabupaten.code)
        assert shown == ("AL-01", world.kapuas.code)


class ValueSaveTests:
    def test_it_saves_no_note_when_none_is_given(self, world, al03):
        value = services.value_save(
            actor=world.users["dlh"], target=al03, period=1, value=Decimal(2)
        )
        assert stored(value).note == ""

    def test_it_submits_an_unchanged_draft(self, world):
        """Submitting a draft as it stands is a change: its status."""
        draft = world.dlh_value
        value = services.value_save(
            actor=world.users["dlh"],
            target=world.dlh_target,
            period=1,
            value=draft.value,
            submit=True,
            expected_version=draft.version,
        )
        assert (stored(value).status, stored(value).version) == ("submitted", draft.version + 1)
        assert actions(value)[-1] == "value.submit"

    def test_it_gives_back_an_unchanged_value_as_stored_and_writes_nothing(self, world):
        value = world.kapuas_value
        before = history_count(value)
        saved = services.value_save(
            actor=world.users["pupr"],
            target=world.kapuas_target,
            period=1,
            value=value.value,
            submit=True,
            expected_version=value.version,
        )
        assert (saved.pk, saved.version, saved.value) == (value.pk, value.version, value.value)
        assert stored(value).version == value.version
        assert history_count(value) == before

    def test_it_saves_the_rest_of_a_batch_after_an_unchanged_entry(self, world, al03):
        """An import's rows: the first repeats what is stored, the second is new."""
        kapuas = world.kapuas_value
        entries = [
            services.ValueEntry(target=world.kapuas_target, period=1, value=kapuas.value),
            services.ValueEntry(target=al03, period=2, value=Decimal(4)),
        ]
        plan, saved = services.values_save(
            actor=world.users["kapuas"], entries=entries, submit=True
        )
        assert plan.kinds == [services.SKIP, services.NEW]
        new = ActualValue.objects.get(target=al03, period=2)
        assert [value.pk for value in saved] == [kapuas.pk, new.pk]
        assert (new.value, new.status) == (Decimal(4), "submitted")

    def test_it_stamps_no_submission_on_a_draft(self, world, al03):
        draft = services.value_save(
            actor=world.users["kapuas"], target=al03, period=1, value=Decimal(2)
        )
        assert (stored(draft).status, stored(draft).submitted_at) == ("draft", None)
        submitted = services.value_save(
            actor=world.users["kapuas"],
            target=al03,
            period=1,
            value=Decimal(2),
            submit=True,
            expected_version=draft.version,
        )
        assert stored(submitted).submitted_at is not None
        back = services.value_save(
            actor=world.users["kapuas"],
            target=al03,
            period=1,
            value=Decimal(3),
            expected_version=submitted.version,
        )
        assert (stored(back).status, stored(back).submitted_at) == ("draft", None)

    def test_it_hands_back_the_version_the_database_holds(self, world):
        """The form after a save is built from the returned value: its version must be the
        stored one, or the next save would be taken for a conflict."""
        value = world.kapuas_value
        for typed in ("73", "74"):
            value = services.value_save(
                actor=world.users["pupr"],
                target=world.kapuas_target,
                period=1,
                value=Decimal(typed),
                expected_version=value.version,
            )
            assert value.version == stored(value).version
        assert value.version == world.kapuas_value.version + 2


class ValueEvidenceTests:
    def test_it_saves_a_first_value_with_its_evidence_once(self, world, al03):
        upload = SimpleUploadedFile("survei.pdf", PDF, content_type="application/pdf")
        value = services.value_save(
            actor=world.users["kapuas"], target=al03, period=1, value=Decimal(2), evidence=upload
        )
        saved = stored(value)
        assert (saved.version, saved.evidence_name, saved.evidence_type) == (
            1,
            "survei.pdf",
            "application/pdf",
        )
        assert actions(saved) == ["value.save"]
        with saved.evidence.open("rb") as stored_file:
            assert stored_file.read() == PDF

    def test_it_replaces_evidence_in_one_recorded_change(self, world):
        value = world.kapuas_value
        before = history_count(value)
        upload = SimpleUploadedFile("survei-baru.pdf", PDF, content_type="application/pdf")
        saved = services.value_save(
            actor=world.users["pupr"],
            target=world.kapuas_target,
            period=1,
            value=value.value,
            submit=True,
            expected_version=value.version,
            evidence=upload,
        )
        assert (stored(value).version, stored(value).evidence_name) == (
            value.version + 1,
            "survei-baru.pdf",
        )
        assert saved.version == value.version + 1
        assert history_count(value) == before + 1
        assert actions(value)[-1] == "value.submit"

    def test_it_keeps_a_long_file_name_cut_to_what_the_record_holds(self, world, al03):
        """The uploaded name is kept for the download, up to the column's 250 characters; a
        longer one is cut, never refused."""
        name = "laporan-survei-" + "x" * 300 + ".pdf"
        upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
        assert len(upload.name) > 250  # Django keeps up to 255
        value = services.value_save(
            actor=world.users["kapuas"], target=al03, period=1, value=Decimal(2), evidence=upload
        )
        assert stored(value).evidence_name == upload.name[:250]


class ValueCheckTests:
    """The import's dry run (`values_check`) answers what a save would do."""

    def test_it_checks_as_a_submission_unless_told_otherwise(self, world):
        """The world's value is submitted: submitting it unchanged does nothing, keeping it
        as a draft would change its status."""
        value = world.kapuas_value
        entry = services.ValueEntry(target=world.kapuas_target, period=1, value=value.value)
        assert services.values_check(entries=[entry]).kinds == [services.SKIP]
        assert services.values_check(entries=[entry], submit=True).kinds == [services.SKIP]
        assert services.values_check(entries=[entry], submit=False).kinds == [services.UPDATE]


class ValuePlanTests:
    """The dry run judges every row of an import, whatever the rows before it were, and names
    the field each refusal belongs to."""

    def test_it_judges_every_row_after_a_refused_or_unchanged_one(self, world, al03):
        value = services.value_verify(
            actor=world.users["kapuas"], value=world.kapuas_value, expected_version=1
        )
        next_year = timezone.localdate().year + 1
        later = IndicatorTarget.objects.create(
            kabupaten=world.kapuas,
            indicator=world.indicators["PS-02"],
            year=next_year,
            baseline=Decimal(60),
            target=Decimal(70),
            responsible_agency=world.kapuas_dlh,
        )
        entries = [
            services.ValueEntry(target=al03, period=3, value=Decimal(2)),
            services.ValueEntry(target=al03, period=1, value=Decimal(2)),
            services.ValueEntry(target=al03, period=1, value=Decimal(3)),
            services.ValueEntry(target=world.dlh_target, period=1, value=world.dlh_value.value),
            services.ValueEntry(target=world.kapuas_target, period=1, value=value.value + 1),
            services.ValueEntry(target=al03, period=2, value=None),
            services.ValueEntry(target=later, period=1, value=Decimal(65)),
            services.ValueEntry(target=world.dlh_target, period=2, value=Decimal(62)),
        ]
        with translation.override("id"):
            plan = services.values_check(entries=entries, submit=False)
        E, N, S = services.ERROR, services.NEW, services.SKIP
        assert plan.kinds == [E, N, E, S, E, E, E, N]
        assert plan.problems == {
            0: {"period": "Periode 3 tidak ada untuk indikator semesteran."},
            2: {"period": "Baris ganda: indikator dan periode sama dengan baris 2."},
            4: {"value": LOCKED},
            5: {"value": "Isi nilai realisasinya."},
            6: {
                "period": "Periode ini belum dimulai; nilai dapat diisi mulai "
                f"1 Januari {next_year}."
            },
        }

    def test_it_names_the_first_row_of_a_period_to_each_repeat(self, world, al03):
        """A repeated row is refused for being a repeat, and only that: what else is wrong
        with it does not matter, it will not be saved."""
        entries = [
            services.ValueEntry(target=al03, period=1, value=Decimal(2)),
            services.ValueEntry(target=al03, period=1, value=Decimal(3)),
            services.ValueEntry(target=al03, period=1, value=None),
        ]
        with translation.override("id"):
            plan = services.values_check(entries=entries)
        repeat = "Baris ganda: indikator dan periode sama dengan baris 1."
        assert plan.problems == {1: {"period": repeat}, 2: {"period": repeat}}

    def test_it_opens_each_period_on_its_first_day(self, world):
        """Quarters open on 1 January, 1 April, 1 July and 1 October, semesters on 1 January
        and 1 July: next year's periods are refused with the day they open."""
        year = timezone.localdate().year + 1

        def target(code):
            return IndicatorTarget.objects.create(
                kabupaten=world.kapuas,
                indicator=world.indicators[code],
                year=year,
                baseline=Decimal(10),
                target=Decimal(20),
                responsible_agency=world.kapuas_dinkes,
            )

        quarterly, semester = target("AL-04"), target("AL-03")
        entries = [
            *(
                services.ValueEntry(target=quarterly, period=p, value=Decimal(1))
                for p in (1, 2, 3, 4)
            ),
            services.ValueEntry(target=semester, period=2, value=Decimal(1)),
        ]
        with translation.override("id"):
            plan = services.values_check(entries=entries)
        opens = [problem["period"].rsplit("mulai ", 1)[1] for problem in plan.problems.values()]
        assert opens == [
            f"1 Januari {year}.",
            f"1 April {year}.",
            f"1 Juli {year}.",
            f"1 Oktober {year}.",
            f"1 Juli {year}.",
        ]

    @pytest.mark.parametrize(
        ("today", "kind"), [(date(2025, 6, 30), services.ERROR), (date(2025, 7, 1), services.NEW)]
    )
    def test_it_takes_a_value_from_the_first_day_of_its_period(self, world, al03, today, kind):
        """AL-03's second semester of 2025 opens on 1 July 2025, not a day later."""
        entry = services.ValueEntry(target=al03, period=2, value=Decimal(2))
        with mock.patch("django.utils.timezone.localdate", return_value=today):
            assert services.values_check(entries=[entry]).kinds == [kind]


# --- Two saves at once -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
class ValueRaceTests:
    def test_it_holds_a_value_from_reading_to_writing(self, live_world):
        """Bapperida's change of the value commits while the OPD's save of the version it
        opened is under way: the OPD's save waits, then sees the new version and is told of
        the conflict instead of overwriting it."""
        value = live_world.kapuas_value
        with transaction.atomic():
            ActualValue.objects.filter(pk=value.pk).update(value=Decimal("75"))
            thread, outcome = in_thread(
                lambda: services.value_save(
                    actor=live_world.users["pupr"],
                    target=live_world.kapuas_target,
                    period=1,
                    value=Decimal("74"),
                    submit=True,
                    expected_version=value.version,
                )
            )
            wait_until_blocked(outcome["pid"])
        thread.join(timeout=60)
        assert isinstance(outcome.get("error"), services.EditConflict), outcome
        assert outcome["error"].current.value == Decimal("75")
        assert (stored(value).value, stored(value).version) == (Decimal("75"), value.version + 1)

    def test_it_shows_the_first_save_of_a_period_to_a_second_one(self, live_world):
        """Two first saves of one period of a target that already has another period's value:
        the second waits for the first, then is shown the first's value as a conflict."""
        al03 = IndicatorTarget.objects.get(
            kabupaten=live_world.kapuas, indicator=live_world.indicators["AL-03"]
        )
        kapuas = live_world.users["kapuas"]
        services.value_save(actor=kapuas, target=al03, period=1, value=Decimal(1))
        with transaction.atomic():
            first = services.value_save(actor=kapuas, target=al03, period=2, value=Decimal(3))
            thread, outcome = in_thread(
                lambda: services.value_save(
                    actor=live_world.users["admin"], target=al03, period=2, value=Decimal(4)
                )
            )
            wait_until_blocked(outcome["pid"])
        thread.join(timeout=60)
        assert isinstance(outcome.get("error"), services.EditConflict), outcome
        shown = outcome["error"].current
        assert (shown.pk, shown.period, shown.value) == (first.pk, 2, Decimal(3))
        assert ActualValue.objects.filter(target=al03).count() == 2
