"""One write path: a value imported from a spreadsheet ends up exactly as one typed in the value
form and submitted, and a target imported exactly as one saved in the targets grid — the same
record, state, version and history. Each scenario runs once through the form, is remembered
and rolled back, then once through the import, and the two are compared."""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse

from programs import services
from programs.models import ActualValue, IndicatorTarget
from tests.history import context, events
from tests.programs.helpers import GRID, grid_form, row_prefix
from tests.spreadsheets import (
    import_file,
    target_row,
    targets_file,
    value_row,
    values_file,
)

TIMESTAMPS = {"entered_at", "updated_at", "submitted_at", "verified_at", "pgh_created_at"}
BOOKKEEPING = {"pgh_id", "pgh_context", "pgh_context_id"}


def snapshot(record) -> dict:
    """Every field of a record, with timestamps reduced to whether they are set."""
    return {
        field.attname: (
            getattr(record, field.attname) is not None
            if field.name in TIMESTAMPS
            else getattr(record, field.attname)
        )
        for field in record._meta.concrete_fields
    }


def history(record) -> list[dict]:
    """What PostgreSQL recorded of the record: each event's kind and recorded fields, and who."""
    return [
        {
            **{
                name: value
                for name, value in snapshot(event).items()
                if name not in BOOKKEEPING and name != "id"
            },
            "user": context(event).get("user"),
        }
        for event in events(type(record), pgh_obj=record)
    ]


def actions_of(record) -> list[str]:
    return [context(event).get("action") for event in events(type(record), pgh_obj=record)]


def through_form_then_rolled_back(write):
    """Run `write` and remember what it left, then undo it so that the import starts alike."""
    with transaction.atomic():
        remembered = write()
        transaction.set_rollback(True)
    return remembered


class TestValueImportedLikeTyped:
    def test_a_new_value_is_the_value_the_form_submits(self, client_for, world, al03):
        client = client_for("kapuas")

        def typed():
            response = client.post(
                reverse("programs:value-edit", kwargs={"pk": al03.pk, "period": 2}),
                {"value": "3,5", "note": "Data Puskesmas", "version": "", "submit": "1"},
            )
            assert response.status_code == 302
            value = ActualValue.objects.get(target=al03, period=2)
            return snapshot(value), history(value), actions_of(value)

        form_record, form_history, form_actions = through_form_then_rolled_back(typed)
        assert not ActualValue.objects.filter(target=al03).exists()

        response = import_file(
            client, "values", values_file([value_row("AL-03", 2, "3,5", "Data Puskesmas")])
        )
        assert response.status_code == 302
        imported = ActualValue.objects.get(target=al03, period=2)

        # Ids differ between the two runs; everything else must not.
        assert {**snapshot(imported), "id": None} == {**form_record, "id": None}
        assert [{**e, "pgh_obj_id": None} for e in history(imported)] == [
            {**e, "pgh_obj_id": None} for e in form_history
        ]
        assert (imported.status, imported.entered_by, imported.version) == (
            ActualValue.Status.SUBMITTED,
            world.users["kapuas"],
            1,
        )
        assert history(imported)[0]["user"] == world.users["kapuas"].pk
        assert (form_actions, actions_of(imported)) == (["value.submit"], ["values.import"])

    def test_an_updated_draft_is_the_draft_the_form_submits(self, client_for, world, al03):
        draft = services.value_save(
            actor=world.users["pupr"],
            target=al03,
            period=1,
            value=Decimal("2.0"),
            note="perkiraan",
            submit=False,
        )
        client = client_for("kapuas")

        def typed():
            response = client.post(
                reverse("programs:value-edit", kwargs={"pk": al03.pk, "period": 1}),
                {"value": "2,75", "note": "hasil survei", "version": draft.version, "submit": "1"},
            )
            assert response.status_code == 302
            draft.refresh_from_db()
            return snapshot(draft), history(draft), actions_of(draft)

        form_record, form_history, form_actions = through_form_then_rolled_back(typed)
        draft.refresh_from_db()
        assert (draft.status, draft.version) == (ActualValue.Status.DRAFT, 1)

        response = import_file(
            client, "values", values_file([value_row("AL-03", 1, "2,75", "hasil survei")])
        )
        assert response.status_code == 302
        draft.refresh_from_db()

        assert snapshot(draft) == form_record
        assert history(draft) == form_history
        assert (draft.status, draft.entered_by, draft.version, draft.verified_by) == (
            ActualValue.Status.SUBMITTED,
            world.users["kapuas"],
            2,
            None,
        )
        assert draft.submitted_at is not None
        assert history(draft)[-1]["pgh_label"] == "update"
        assert form_actions == ["value.save", "value.submit"]
        assert actions_of(draft) == ["value.save", "values.import"]


class TestTargetImportedLikeSavedInTheGrid:
    def test_new_and_changed_targets_are_the_targets_the_grid_saves(self, client_for, world):
        client = client_for("kapuas")
        al02 = world.indicators["AL-02"]
        changed = world.kapuas_target  # AL-01 2025: 70 → 80, becomes 70 → 85

        def saved_in_grid():
            form = grid_form(client)
            row = row_prefix(form, al02)
            form |= {
                f"{row}-baseline": "11,5",
                f"{row}-agency": str(world.kapuas_pupr.pk),
                **{f"{row}-target_{year}": f"{year - 2010},5" for year in range(2025, 2030)},
            }
            form[f"{row_prefix(form, changed.indicator)}-target_2025"] = "85"
            assert client.post(GRID, form).status_code == 302
            return record_of_targets()

        def record_of_targets():
            targets = IndicatorTarget.objects.filter(
                kabupaten=world.kapuas, indicator__in=[al02, changed.indicator]
            ).order_by("indicator__code", "year")
            return [
                ({**snapshot(t), "id": None}, [{**e, "pgh_obj_id": None} for e in history(t)])
                for t in targets
            ]

        in_grid = through_form_then_rolled_back(saved_in_grid)

        rows = [
            target_row("AL-02", year, "11,5", f"{year - 2010},5", "Dinas PUPR")
            for year in (
                2025,
                2026,
                2027,
                2028,
                2029,
            )
        ]
        rows.append(target_row("AL-01", 2025, "70", "85", "Dinas PUPR"))
        assert import_file(client, "targets", targets_file(rows)).status_code == 302

        imported = record_of_targets()
        assert len(imported) == 6
        assert imported == in_grid
        changed.refresh_from_db()
        assert (changed.target, changed.version) == (Decimal("85"), 2)
        assert actions_of(changed)[-1] == "targets.import"
