"""Importing baselines and targets per indicator and year, with the responsible OPD named by
its abbreviation: written exactly as the targets grid writes them."""

from django.utils.translation import gettext as _

from programs import services
from programs.models import Indicator, IndicatorTarget, Kabupaten

from .columns import AGENCY, BASELINE, CODE, TARGET, YEAR, parse_whole, text
from .importing import ImportOutcome, SheetImport, number_cell, unknown_code

TARGET_FIELD = IndicatorTarget._meta.get_field("target")
BASELINE_FIELD = IndicatorTarget._meta.get_field("baseline")


class TargetImport(SheetImport):
    action = "targets.import"
    key_column = YEAR
    field_columns = {
        "year": YEAR,
        "baseline": BASELINE,
        "target": TARGET,
        "agency": AGENCY,
        "policy_package": "",
    }

    def __init__(self, *, kabupaten: Kabupaten, actor):
        self.kabupaten = kabupaten
        self.actor = actor

    def prepare(self) -> None:
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        self.agencies = {a.abbreviation.lower(): a for a in self.kabupaten.agencies.all()}
        self.stored = {
            (t.indicator_id, t.year): t
            for t in IndicatorTarget.objects.filter(kabupaten=self.kabupaten).select_related(
                "policy_package__programme"
            )
        }

    def locate(self, cells: dict, errors: dict[str, str]) -> tuple:
        code = text(cells.get(CODE))
        indicator = self.indicators.get(code)
        if indicator is None:
            errors[CODE] = unknown_code(code)
        year = parse_whole(cells.get(YEAR))
        if not year:
            errors[YEAR] = _("%(value)s is not a year.") % {"value": cells.get(YEAR) or "–"}
        return ((indicator.pk if indicator else None, year),), (indicator, year)

    def entry(self, located, cells: dict, errors: dict[str, str]):
        indicator, year = located
        baseline = number_cell(cells, BASELINE, BASELINE_FIELD, errors)
        target = number_cell(cells, TARGET, TARGET_FIELD, errors)
        if target is None or errors:
            return None  # an indicator-year left without a target is not an entry
        agency = self.agencies.get(text(cells.get(AGENCY)).lower())
        if agency is None:
            errors[AGENCY] = _("Unknown OPD %(name)s for this kabupaten/kota.") % {
                "name": cells.get(AGENCY) or "–"
            }
            return None
        stored = self.stored.get((indicator.pk, year))
        return services.TargetEntry(
            indicator=indicator,
            year=year,
            target=target,
            baseline=baseline,
            agency=agency,
            # The sheet has no policy-package column: a target keeps the package it has.
            policy_package=stored.policy_package if stored else None,
        )

    def duplicate_message(self, first_row: int, key) -> str:
        return _("Duplicate row: the same indicator and year as row %(row)s.") % {"row": first_row}

    def check(self, entries):
        return services.targets_check(kabupaten=self.kabupaten, entries=entries)

    def save(self, entries):
        return services.targets_save(
            actor=self.actor, kabupaten=self.kabupaten, entries=entries, action=self.action
        )


def import_targets(*, sheet, kabupaten: Kabupaten, actor, confirm: bool) -> ImportOutcome:
    """Dry run (confirm=False) or apply; applying writes all rows or, on any error, none."""
    return TargetImport(kabupaten=kabupaten, actor=actor).run(sheet, confirm=confirm)
