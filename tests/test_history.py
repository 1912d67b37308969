"""The change history on record pages: complete, written by the database whatever the write
path, readable in the reader's language, and filtered by the same rules as the page."""

import re
from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching import services as coaching_services
from coaching.models import Participation
from programs import services
from programs.models import ActualValue, AuditEntry, IndicatorTarget
from tests.history import events


def history_section(page: str) -> str:
    start = page.index('id="changes-heading"')
    return page[start : page.index("</section>", start)]


def text_of(html: str) -> str:
    """The text a reader sees, one space between words."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return text.replace(" :", ":")


class HistoryScopeTests:
    """A kabupaten that took part in a province clinic sees its own part of that clinic's
    history, never the province's notes on another kabupaten (nor in older entries)."""

    def write_parts(self, world):
        province = world.users["province"]
        for kabupaten, marker in ((world.kapuas, "KAPUAS"), (world.seruyan, "SERUYAN")):
            participation = Participation.objects.get(
                session=world.province_session, kabupaten=kabupaten
            )
            coaching_services.participation_update(
                actor=province,
                participation=participation,
                presentation=f"PAPARAN-{marker}",
                feedback=f"MASUKAN-{marker}",
                milestone="",
                expected_version=participation.version,
            )
        # An entry of the audit trail the services wrote before the database kept history.
        AuditEntry.objects.create(
            actor=province,
            action="participation.update",
            content_type_id=self.session_type(),
            object_id=str(world.province_session.pk),
            object_repr=str(world.province_session),
            kabupaten=world.seruyan,
            changes={"feedback": ["", "LAMA-SERUYAN"]},
        )

    def session_type(self):
        from django.contrib.contenttypes.models import ContentType

        from coaching.models import ClinicSession

        return ContentType.objects.get_for_model(ClinicSession).pk

    def test_it_shows_each_kabupaten_only_its_own_part(self, client_for, world):
        self.write_parts(world)
        url = world.province_session.get_absolute_url()
        seen = {}
        for persona in ("kapuas", "pupr", "seruyan", "province", "admin"):
            seen[persona] = text_of(history_section(client_for(persona).get(url).content.decode()))
        for persona in ("kapuas", "pupr"):
            assert "MASUKAN-KAPUAS" in seen[persona]
            assert "MASUKAN-SERUYAN" not in seen[persona]
            assert "PAPARAN-SERUYAN" not in seen[persona]
            assert "LAMA-SERUYAN" not in seen[persona]
        assert "MASUKAN-SERUYAN" in seen["seruyan"] and "MASUKAN-KAPUAS" not in seen["seruyan"]
        for persona in ("province", "admin"):
            assert {"MASUKAN-KAPUAS", "MASUKAN-SERUYAN", "LAMA-SERUYAN"} <= set(
                re.findall(r"(?:MASUKAN|LAMA)-[A-Z]+", seen[persona])
            )

    def test_no_history_on_any_page_shows_another_kabupaten(self, client_for, world):
        """Every page with a history, for every persona who may read it: no Seruyan entry on
        a page a Kapuas user reads, and the other way round."""
        self.write_parts(world)
        seruyan_quick_win = coaching_services.quickwin_save(
            actor=world.users["seruyan"],
            quick_win=self.seruyan_quick_win(world),
        )
        pages = [
            world.province_session.get_absolute_url(),
            world.kapuas_session.get_absolute_url(),
            world.kapuas_followup.get_absolute_url(),
            world.kapuas_quickwin.get_absolute_url(),
            reverse("programs:value-detail", kwargs={"pk": world.kapuas_value.pk}),
            reverse("coaching:milestone-history", kwargs={"code": world.kapuas.code}),
            seruyan_quick_win.get_absolute_url(),
        ]
        outsiders = {
            "kapuas": ("SERUYAN",),
            "pupr": ("SERUYAN",),
            "seruyan": ("KAPUAS",),
        }
        checked = 0
        for persona, foreign in outsiders.items():
            client = client_for(persona)
            for url in pages:
                response = client.get(url)
                if response.status_code != 200:
                    continue
                section = text_of(history_section(response.content.decode()))
                for marker in foreign:
                    assert marker not in section, (persona, url)
                checked += 1
        assert checked >= 9

    def seruyan_quick_win(self, world):
        from coaching.models import QuickWin

        return QuickWin(
            kabupaten=world.seruyan,
            agency=world.seruyan_pupr,
            title="TPS3R SERUYAN",
            target_date=date(2026, 6, 30),
        )


class HistoryReadingTests:
    def test_an_imported_change_records_every_field_and_reads_in_indonesian(
        self, client_for, world
    ):
        target = world.kapuas_target
        value = services.value_save(
            actor=world.users["pupr"],
            target=target,
            period=1,
            value=Decimal("81.5"),
            note="",
            expected_version=world.kapuas_value.version,
        )
        services.values_save(
            actor=world.users["kapuas"],
            entries=[
                services.ValueEntry(
                    target=target, period=1, value=Decimal("81.25"), note="Dari Excel"
                )
            ],
            submit=True,
            action="values.import",
        )
        recorded = events(ActualValue, pgh_obj=value).last()
        assert (recorded.value, recorded.note, recorded.status) == (
            Decimal("81.25"),
            "Dari Excel",
            "submitted",
        )
        page = client_for("kapuas").get(reverse("programs:value-detail", kwargs={"pk": value.pk}))
        history = text_of(history_section(page.content.decode()))
        assert "Nilai diimpor" in history
        assert "Nilai realisasi: 81,5 → 81,25" in history
        assert "Catatan: – → Dari Excel" in history
        assert "Status: Draf → Diajukan" in history
        for raw in ("None", "[", "{", "81.5", "'", "draft", "submitted"):
            assert raw not in history, raw

    def test_session_changes_read_as_words_dates_and_lists(self, client_for, world):
        session = world.kapuas_session
        session.date = date(2025, 9, 1)
        coaching_services.session_save(
            actor=world.users["kapuas"], session=session, expected_version=session.version
        )
        coaching_services.presentations_save(
            actor=world.users["kapuas"],
            session=session,
            rows=[
                coaching_services.PresentationRow(
                    agency=world.kapuas_pupr,
                    achievements="Akses aman 72%",
                    indicators=[world.indicators["AL-01"]],
                    expected_version=0,
                )
            ],
        )
        page = client_for("kapuas").get(session.get_absolute_url()).content.decode()
        history = text_of(history_section(page))
        assert "Tanggal: 25 Agustus 2025 → 1 September 2025" in history
        assert "Akses aman 72%" in history and "Dinas PUPR" in history
        assert "AL-01" in history
        for raw in ("None", "{", "}", "'text'", "indicators", "_id"):
            assert raw not in history, raw

    def test_an_admin_change_is_recorded_with_its_author(self, client_for, world):
        client = client_for("admin")
        url = reverse("admin:programs_agency_change", args=[world.kapuas_dlh.pk])
        from tests.forms import form_data

        data = form_data(client.get(url).content.decode(), "abbreviation") | {
            "head_name": "Ir. Baru"
        }
        assert client.post(url, data).status_code == 302
        from programs.models import Agency

        change = events(Agency, pgh_obj=world.kapuas_dlh).last()
        assert change.head_name == "Ir. Baru"
        assert change.pgh_context.metadata["username"] == "admin"

    def test_a_page_reads_its_history_in_a_fixed_number_of_queries(self, client_for, world):
        client = client_for("kapuas")
        url = world.kapuas_session.get_absolute_url()

        def edit(times: int) -> None:
            for number in range(times):
                session = world.kapuas_session
                session.summary = f"Ringkasan {number}"
                coaching_services.session_save(
                    actor=world.users["kapuas"], session=session, expected_version=session.version
                )

        edit(1)
        client.get(url)  # a first request fills the process's caches (content types, translations)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        edit(12)
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert len(many) == len(few)


class AdminBypassTests:
    """Nothing an administrator does escapes the domain rules or the history."""

    def test_the_admin_cannot_change_a_verified_value(self, client_for, world):
        value = world.kapuas_value
        services.value_verify(
            actor=world.users["kapuas"], value=value, expected_version=value.version
        )
        client = client_for("admin")
        url = reverse("admin:programs_actualvalue_change", args=[value.pk])
        page = client.get(url)
        assert page.status_code == 200
        assert 'name="value"' not in page.content.decode()  # shown, not editable
        response = client.post(url, {"value": "99", "status": "verified"})
        assert response.status_code == 403
        value.refresh_from_db()
        assert value.value == Decimal("72.5")

    def test_the_database_refuses_to_change_a_verified_value_whoever_asks(self, world):
        import pytest
        from django.db import IntegrityError, transaction

        value = world.kapuas_value
        services.value_verify(
            actor=world.users["kapuas"], value=value, expected_version=value.version
        )
        with pytest.raises(IntegrityError, match="locked"), transaction.atomic():
            ActualValue.objects.filter(pk=value.pk).update(value=Decimal(99))
        draft = ActualValue.objects.create(
            target=IndicatorTarget.objects.get(
                kabupaten=world.kapuas, indicator=world.indicators["AL-03"]
            ),
            period=1,
            value=Decimal(1),
            entered_by=world.users["pupr"],
        )
        with pytest.raises(IntegrityError, match="only a submitted"), transaction.atomic():
            ActualValue.objects.filter(pk=draft.pk).update(
                status="verified", verified_by=world.users["kapuas"], verified_at=value.verified_at
            )

    def test_targets_and_values_are_read_only_in_the_admin(self, client_for, world):
        client = client_for("admin")
        for name, pk in (
            ("programs_indicatortarget", world.kapuas_target.pk),
            ("programs_actualvalue", world.kapuas_value.pk),
        ):
            assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
            assert client.get(reverse(f"admin:{name}_add")).status_code == 403
            assert client.post(reverse(f"admin:{name}_delete", args=[pk])).status_code == 403


class UserHistoryTests:
    def test_it_records_who_may_sign_in_but_never_the_password_hash(self, world):
        from programs.models import TrackedUser

        user = world.users["pupr"]
        user.is_active = False
        user.set_password("another-password-456")
        user.save()
        change = events(TrackedUser, pgh_obj_id=user.pk).last()
        assert change.is_active is False
        assert not hasattr(change, "password")
