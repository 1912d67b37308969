"""The audit trail: every service that changes data records who did what, when."""

from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, Kabupaten


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """`{field: [old, new]}` for the fields whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def record_changes(
    *, actor, action: str, items: list[tuple[models.Model, dict]], kabupaten=None
) -> None:
    """Record many changes of one kind at once (imports): one INSERT, not one per row."""
    if not items:
        return
    content_type = ContentType.objects.get_for_model(items[0][0])
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            content_type=content_type,
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
            kabupaten=kabupaten,
            changes={key: _plain(value) for key, value in changes.items()},
        )
        for obj, changes in items
    )


def record_change(
    *,
    actor,
    action: str,
    obj: models.Model,
    kabupaten: Kabupaten | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        kabupaten=kabupaten,
        changes={key: _plain(value) for key, value in (changes or {}).items()},
    )


def entries_for(obj: models.Model):
    return (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


# What each recorded action means, in the reader's language. The codes stay stable in the
# database (an audit view can filter by them); only their labels are translated.
ACTION_LABELS = {
    "session.create": _("Session recorded"),
    "session.update": _("Session edited"),
    "session.presentations": _("Presentations recorded"),
    "participation.update": _("Participation updated"),
    "milestone.confirm": _("Milestone confirmed"),
    "followup.create": _("Follow-up agreed"),
    "followup.progress": _("Progress reported"),
    "followup.reassign": _("Follow-up reassigned"),
    "quickwin.create": _("Quick win recorded"),
    "quickwin.update": _("Quick win edited"),
    "evidence.attach": _("Evidence attached"),
    "target.create": _("Target set"),
    "target.update": _("Target changed"),
    "target.delete": _("Target removed"),
    "target.import": _("Target imported"),
    "value.save": _("Value saved"),
    "value.submit": _("Value submitted"),
    "value.import": _("Value imported"),
    "value.verify": _("Value verified"),
    "value.return": _("Value returned"),
    "value.reopen": _("Value reopened"),
    "report.request": _("Report requested"),
}

# Keys recorded in `changes` that are not fields of the changed model.
EXTRA_FIELD_LABELS = {
    "reason": _("reason"),
    "note": _("note"),
    "file": _("file"),
    "kabupaten": _("kabupaten/kota"),
}


def action_label(entry: AuditEntry) -> str:
    return str(ACTION_LABELS.get(entry.action, entry.action))


def readable_changes(entry: AuditEntry) -> list[tuple[str, Any]]:
    """`changes` with each key as its field's verbose name and choice codes as their labels.

    The content type comes from Django's per-process cache (the page looked it up to find the
    entries), so this adds no query per entry."""
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    readable = []
    for name, change in entry.changes.items():
        try:
            field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            field = None
        if field is not None and hasattr(field, "verbose_name"):
            label = str(field.verbose_name)
            choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
            if choices:
                change = _each(change, partial(_choice_label, choices=choices))
            elif isinstance(field, models.DateField) and not isinstance(
                field, models.DateTimeField
            ):
                change = _each(change, _local_date)
        else:
            label = str(EXTRA_FIELD_LABELS.get(name, name.replace("_", " ")))
        readable.append((label, change))
    return readable


def _each(change: Any, show) -> Any:
    """Apply `show` to a recorded value, or to both sides of an `[old, new]` pair."""
    return [_each(item, show) for item in change] if isinstance(change, list) else show(change)


def _choice_label(code: Any, *, choices: dict) -> Any:
    return choices.get(code, code) if isinstance(code, str) else code


def _local_date(recorded: Any) -> Any:
    """An ISO date as recorded, shown the reader's way (31 Oktober 2025)."""
    try:
        return date_format(date.fromisoformat(recorded), "DATE_FORMAT")
    except (TypeError, ValueError):
        return recorded
