"""Importing actual values: one kabupaten and year; each imported value is submitted for
verification, exactly as if its OPD had typed it in the value form and pressed "submit"."""

from django.utils.translation import gettext as _

from programs import services
from programs.models import ActualValue, Indicator, IndicatorTarget, Kabupaten

from .columns import CODE, NOTE, PERIOD, VALUE, YEAR, parse_whole, text
from .importing import ImportOutcome, SheetImport, number_cell, unknown_code

VALUE_FIELD = ActualValue._meta.get_field("value")


class ValueImport(SheetImport):
    action = "values.import"
    key_column = PERIOD
    field_columns = {"value": VALUE, "period": PERIOD, "note": NOTE}

    def __init__(
        self, *, kabupaten: Kabupaten, year: int, actor, allowed_agency_ids: set[int] | None = None
    ):
        self.kabupaten = kabupaten
        self.year = year
        self.actor = actor
        self.allowed_agency_ids = allowed_agency_ids  # None: every OPD of the kabupaten

    def prepare(self) -> None:
        self.indicator_codes = set(Indicator.objects.values_list("code", flat=True))
        self.targets = {
            t.indicator.code: t
            for t in IndicatorTarget.objects.filter(
                kabupaten=self.kabupaten, year=self.year
            ).select_related("indicator", "responsible_agency")
        }
        self.stored = {
            (target_id, period): (value, note)
            for target_id, period, value, note in ActualValue.objects.filter(
                target__kabupaten=self.kabupaten, target__year=self.year
            ).values_list("target_id", "period", "value", "note")
        }

    def locate(self, cells: dict, errors: dict[str, str]) -> tuple:
        code = text(cells.get(CODE))
        target = None
        if code not in self.indicator_codes:
            errors[CODE] = unknown_code(code)
        else:
            target = self.targets.get(code)
        if parse_whole(cells.get(YEAR)) != self.year:
            errors[YEAR] = _("The period is outside the year %(year)s.") % {"year": self.year}
        if target is None and CODE not in errors and YEAR not in errors:
            errors[CODE] = _("There is no %(year)s target for %(code)s.") % {
                "year": self.year,
                "code": code,
            }
        if target is None:
            return (), None
        period = parse_whole(cells.get(PERIOD))
        if period is None:
            errors[PERIOD] = _(
                "Period %(period)s does not exist for a %(frequency)s indicator."
            ) % {
                "period": cells.get(PERIOD) or "–",
                "frequency": target.indicator.get_frequency_display().lower(),
            }
        if (
            self.allowed_agency_ids is not None
            and target.responsible_agency_id not in self.allowed_agency_ids
        ):
            errors[CODE] = _("%(code)s is reported by %(agency)s, not by your OPD.") % {
                "code": code,
                "agency": target.responsible_agency.abbreviation,
            }
        return ((target.pk, period),), (target, period)

    def entry(self, located, cells: dict, errors: dict[str, str]):
        target, period = located
        value = number_cell(cells, VALUE, VALUE_FIELD, errors)
        if value is None:
            return None  # a row left empty (or unreadable: see `errors`) is not an entry
        note = text(cells.get(NOTE))
        if self.stored.get((target.pk, period)) == (value, note):
            # The template repeats every value entered, verified ones too: importing it again
            # must neither resubmit nor refuse what nobody changed.
            return None
        return services.ValueEntry(target=target, period=period, value=value, note=note)

    def duplicate_message(self, first_row: int, key) -> str:
        return _("Duplicate row: the same indicator and period as row %(row)s.") % {
            "row": first_row
        }

    def check(self, entries):
        return services.values_check(entries=entries, submit=True)

    def save(self, entries):
        plan, _saved = services.values_save(
            actor=self.actor, entries=entries, submit=True, action=self.action
        )
        return plan

    def conflicting_entry(self, entries, current) -> int:
        return next(
            (
                index
                for index, entry in enumerate(entries)
                if (entry.target.pk, entry.period) == (current.target_id, current.period)
            ),
            0,
        )


def import_values(
    *,
    sheet,
    kabupaten: Kabupaten,
    year: int,
    actor,
    confirm: bool,
    allowed_agency_ids: set[int] | None = None,
) -> ImportOutcome:
    """Dry run (confirm=False) or apply; applying writes all rows or, on any error, none."""
    return ValueImport(
        kabupaten=kabupaten, year=year, actor=actor, allowed_agency_ids=allowed_agency_ids
    ).run(sheet, confirm=confirm)
