"""The audit trail: every service that changes data records who did what, when."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

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
