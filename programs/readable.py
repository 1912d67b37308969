"""How a recorded row reads on a page, in the reader's language: what each action is called,
field and choice labels, names instead of ids, local dates and Indonesian numbers, lists as
text, and which columns a reader never needs.

`history` finds the events a page shows; this module words them (and the entries of the
earlier audit trail), one event at a time.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Columns that say nothing a reader needs: bookkeeping, file paths, sizes.
HIDDEN_COLUMNS = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "entered_at",
    "submitted_at",
    "verified_at",
    "uploaded_at",
    "requested_at",
    "recorded_at",
    "finished_at",
    "data_cutoff",
    "evidence",
    "evidence_type",
    "file",
    "content_type",
    "size",
    "pages",
    "error",
}

# What a user action is called, when a service names it in the history context.
ACTION_LABELS = {
    "session.create": gettext_lazy("Session recorded"),
    "session.update": gettext_lazy("Session edited"),
    "session.presentations": gettext_lazy("Presentations recorded"),
    "participation.update": gettext_lazy("Participation updated"),
    "milestone.confirm": gettext_lazy("Milestone confirmed"),
    "followup.create": gettext_lazy("Follow-up agreed"),
    "followup.progress": gettext_lazy("Progress reported"),
    "followup.reassign": gettext_lazy("Follow-up reassigned"),
    "quickwin.create": gettext_lazy("Quick win recorded"),
    "quickwin.update": gettext_lazy("Quick win edited"),
    "evidence.attach": gettext_lazy("Evidence attached"),
    "target.create": gettext_lazy("Target set"),
    "target.update": gettext_lazy("Target changed"),
    "target.delete": gettext_lazy("Target removed"),
    "targets.save": gettext_lazy("Targets saved"),
    "target.import": gettext_lazy("Target imported"),
    "targets.import": gettext_lazy("Targets imported"),
    "value.save": gettext_lazy("Value saved"),
    "value.submit": gettext_lazy("Value submitted"),
    "value.import": gettext_lazy("Value imported"),
    "values.import": gettext_lazy("Values imported"),
    "value.verify": gettext_lazy("Value verified"),
    "value.return": gettext_lazy("Value returned"),
    "value.reopen": gettext_lazy("Value reopened"),
    "report.request": gettext_lazy("Report requested"),
    "funding.save": gettext_lazy("Funding saved"),
    "funding.realisation": gettext_lazy("Realisasi of funding reported"),
    "funding.import": gettext_lazy("Funding imported"),
    "report.generate": gettext_lazy("Report generated"),
}

EVENT_LABELS = {
    "insert": gettext_lazy("Added"),
    "update": gettext_lazy("Changed"),
    "delete": gettext_lazy("Removed"),
}

# Keys the old audit trail recorded that are not fields of the changed model.
EXTRA_LABELS = {
    "reason": gettext_lazy("reason"),
    "note": gettext_lazy("note"),
    "file": gettext_lazy("file"),
    "kind": gettext_lazy("kind"),
    "kabupaten": gettext_lazy("kabupaten/kota"),
    "attendance": gettext_lazy("attendance"),
    "guests": gettext_lazy("guests"),
    "participants": gettext_lazy("participating kabupaten/kota"),
    "session": gettext_lazy("agreed at"),
    "text": gettext_lazy("achievements presented (capaian)"),
    "indicators": gettext_lazy("indicators discussed"),
    "evidence": gettext_lazy("evidence"),
}


@dataclass
class FieldChange:
    label: str
    old: str = ""
    new: str = ""
    # A field shown once (an insert or a delete) rather than as old → new.
    single: bool = False


def action_label(event, context: dict) -> str:
    """What an event's user action is called: the name its service gave it, else the kind of
    change and of record ("Changed: target")."""
    action = context.get("action")
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    model = apps.get_model(event.pgh_obj_model)
    return f"{EVENT_LABELS.get(event.pgh_label, event.pgh_label)}: {_model_name(model)}"


def event_changes(event, names: "Names") -> list[FieldChange]:
    """What one event changed (an update: old → new) or what its row held (an insert or a
    delete), each field labelled and readable."""
    model = apps.get_model(event.pgh_obj_model)
    subject = _subject(model, event.pgh_data or {}, names)
    prefix = f"{capfirst(_model_name(model))} {subject} – " if subject else ""
    if event.pgh_label == "update":
        pairs = ((column, old, new) for column, (old, new) in (event.pgh_diff or {}).items())
        return [
            FieldChange(
                label=prefix + _column_label(model, column),
                old=names.show(model, column, old),
                new=names.show(model, column, new),
            )
            for column, old, new in pairs
            if column not in HIDDEN_COLUMNS and not _is_subject_column(model, column)
        ]
    # An insert or a delete: what the row held, once.
    verb = _("added") if event.pgh_label == "insert" else _("removed")
    data = event.pgh_data or {}
    order = [f.column for f in model._meta.fields if f.column in data]
    shown = [
        FieldChange(
            label=_column_label(model, column), new=names.show(model, column, value), single=True
        )
        for column, value in sorted(data.items(), key=lambda item: _position(order, item[0]))
        if column not in HIDDEN_COLUMNS
        and not _is_parent_column(model, column)
        and not _is_subject_column(model, column)
        and value not in (None, "", [], {})
    ]
    if _label_of(model) not in PARENT_COLUMNS or _label_of(model) in MAIN_RECORDS:
        return shown
    # A row that belongs to the page's record (an attendance, a guest, a file): name it.
    heading = FieldChange(
        label=capfirst(f"{_model_name(model)}{' ' + subject if subject else ''}"),
        new=verb,
        single=True,
    )
    return [heading, *shown]


# The columns that name a row in its page ("Attendance DLH") rather than being a change.
SUBJECT_COLUMNS = {
    "coaching.Attendance": "agency_id",
    "coaching.AgencyPresentation": "agency_id",
    "coaching.Participation": "kabupaten_id",
    "coaching.Guest": "organisation",
    "coaching.Evidence": "original_name",
    "coaching.PresentationIndicator": "agencypresentation_id",
}
# The column that points at the page's own record: obvious on that page.
PARENT_COLUMNS = {
    "coaching.Attendance": {"session_id"},
    "coaching.Guest": {"session_id"},
    "coaching.AgencyPresentation": {"session_id"},
    "coaching.Participation": {"session_id"},
    "coaching.Evidence": {"session_id", "follow_up_id", "quick_win_id", "uploaded_by_id"},
    "coaching.PresentationIndicator": {"agencypresentation_id"},
    "coaching.FollowUpUpdate": {"follow_up_id", "author_id"},
    "coaching.FollowUp": {"created_by_id", "kabupaten_id"},
    "coaching.QuickWin": {"created_by_id", "kabupaten_id"},
    "coaching.ClinicSession": {"created_by_id", "province_id", "kabupaten_id", "level"},
    "programs.ActualValue": {"target_id", "period", "entered_by_id"},
    "programs.MilestoneAchievement": {"kabupaten_id", "recorded_by_id"},
    "programs.FundingLine": {"kabupaten_id", "created_by_id"},
}


# Records that have pages of their own: their additions need no heading on their page.
MAIN_RECORDS = {
    "coaching.FollowUp",
    "coaching.QuickWin",
    "coaching.ClinicSession",
    "programs.ActualValue",
    "programs.MilestoneAchievement",
    "programs.FundingLine",
}


def _label_of(model) -> str:
    return model._meta.label


def _model_name(model) -> str:
    return str(model._meta.verbose_name)


def _is_subject_column(model, column: str) -> bool:
    return SUBJECT_COLUMNS.get(_label_of(model)) == column


def _is_parent_column(model, column: str) -> bool:
    return column in PARENT_COLUMNS.get(_label_of(model), set())


def _subject(model, data: dict, names: "Names") -> str:
    column = SUBJECT_COLUMNS.get(_label_of(model))
    if column is None or column not in data:
        return ""
    return names.show(model, column, data[column])


def _position(order: list[str], column: str) -> int:
    """Fields in the order the model declares them, as its forms show them."""
    return order.index(column) if column in order else len(order)


def _field_for_column(model, column: str):
    for candidate in model._meta.fields:
        if candidate.column == column or candidate.attname == column:
            return candidate
    return None


def _column_label(model, column: str) -> str:
    model_field = _field_for_column(model, column)
    if model_field is not None:
        return capfirst(str(model_field.verbose_name))
    return capfirst(str(EXTRA_LABELS.get(column, column.replace("_", " "))))


class Names:
    """Names for the ids an event holds, looked up once per kind for the whole page."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.found: dict[type[models.Model], dict] = {}

    def collect(self, event) -> None:
        model = apps.get_model(event.pgh_obj_model)
        values = dict(event.pgh_data or {})
        for column, pair in (event.pgh_diff or {}).items():
            values[f"{column}\0old"] = pair[0]
        for column, value in values.items():
            model_field = _field_for_column(model, column.split("\0")[0])
            if isinstance(model_field, models.ForeignKey) and value is not None:
                self.wanted[model_field.related_model].add(value)
        context = event.pgh_context or {}
        if context.get("user") is not None:
            self.wanted[get_user_model()].add(context["user"])

    def resolve(self) -> None:
        for model, ids in self.wanted.items():
            queryset = model._base_manager.filter(pk__in=ids)
            if hasattr(model, "kabupaten") and model.__name__ == "Agency":
                queryset = queryset.select_related("kabupaten")
            self.found[model] = {obj.pk: obj for obj in queryset}

    def name_of(self, model, pk) -> str:
        obj = self.found.get(model, {}).get(pk)
        if obj is None:
            return f"#{pk}"
        if isinstance(obj, get_user_model()):
            return obj.get_full_name() or obj.get_username()
        return str(obj)

    def actor(self, context: dict) -> str:
        if context.get("user") is not None:
            user = self.found.get(get_user_model(), {}).get(context["user"])
            if user is not None:
                return user.get_full_name() or user.get_username()
            return str(context.get("username") or f"#{context['user']}")
        if context.get("command"):
            return _("system (%(command)s)") % {"command": context["command"]}
        return _("system")

    def show(self, model, column: str, value: Any) -> str:
        model_field = _field_for_column(model, column)
        if value is None or value == "":
            return "–"
        if isinstance(model_field, models.ForeignKey):
            return self.name_of(model_field.related_model, value)
        return readable_value(model_field, value)


def readable_value(model_field, value: Any) -> str:
    """One recorded value as the reader expects to see it."""
    if value is None or value == "":
        return "–"
    choices = dict(model_field.flatchoices) if getattr(model_field, "choices", None) else {}
    if isinstance(value, list):
        base = getattr(model_field, "base_field", None)
        return ", ".join(readable_value(base, item) for item in value) or "–"
    if choices:
        return str(choices.get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(model_field, models.DateTimeField) or (
        model_field is None and _is_iso(value, 19)
    ):
        moment = value if isinstance(value, datetime) else parse_datetime(str(value))
        if moment is not None:
            return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField) or (model_field is None and _is_iso(value, 10)):
        try:
            day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
        return formats.date_format(day, "DATE_FORMAT")
    if getattr(model_field, "name", "") == "year":
        return str(value)  # a year is a name, not a quantity: 2025, never 2.025
    if isinstance(model_field, models.DecimalField | models.IntegerField | models.FloatField) or (
        isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    ):
        return readable_number(value)
    if isinstance(value, dict):
        return "; ".join(
            f"{EXTRA_LABELS.get(key, key)}: {readable_value(None, item)}"
            for key, item in value.items()
        )
    return str(value)


def _is_iso(value: Any, length: int) -> bool:
    """Whether a recorded string is an ISO date (length 10) or date-time (19 and more)."""
    if not isinstance(value, str) or len(value) < length or (length == 10 and len(value) != 10):
        return False
    try:
        (date.fromisoformat if length == 10 else datetime.fromisoformat)(value)
    except ValueError:
        return False
    return True


def readable_number(value: Any) -> str:
    """81.5000 → 81,5; 1234567 → 1.234.567 (in Indonesian)."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def legacy_changes(model, changes: dict) -> list[FieldChange]:
    """The changes an entry of the earlier audit trail recorded, read like an event's."""
    readable = []
    for name, change in (changes or {}).items():
        try:
            model_field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            model_field = None
        if model_field is not None and hasattr(model_field, "verbose_name"):
            label = str(model_field.verbose_name)
        else:
            label = str(EXTRA_LABELS.get(name, name.replace("_", " ")))
        is_pair = isinstance(change, list) and len(change) == 2 and not _is_list_field(model_field)
        if is_pair:
            old, new = change
            readable.append(
                FieldChange(
                    label=label,
                    old=readable_value(model_field, old),
                    new=readable_value(model_field, new),
                )
            )
        else:
            readable.append(
                FieldChange(label=label, new=readable_value(model_field, change), single=True)
            )
    return readable


def _is_list_field(model_field) -> bool:
    return model_field is not None and hasattr(model_field, "base_field")
