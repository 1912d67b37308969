"""The change history a page shows, in the reader's language.

PostgreSQL writes the history (see `tracking`): every insert, update and delete of an audited
table lands in its event table, with the request's user, page and reason as context. This
module reads it back for one record page at a time and groups it into entries, one per user
action; `readable` turns each event's codes into words.

Each page asks for the events of its record and of the rows that belong to it, and passes a
`hide` filter built from the same access rules as the page, so that a history never shows
what the page itself would not (e.g. another kabupaten's part of a province clinic).

Entries recorded before the database kept the history (the `AuditEntry` table) are read too
and merged by time, so nothing recorded earlier disappears.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from pghistory.models import Events

from .models import AuditEntry
from .readable import ACTION_LABELS, FieldChange, Names, action_label, event_changes, legacy_changes


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""


@dataclass(frozen=True)
class Source:
    """The events of one kind of row that belong on a page.

    `references` are the page's records (events of rows pointing at them, or of the records
    themselves); `event_models` limit the kinds; `hide` drops events the reader may not see
    (a Q on the aggregated events, e.g. `Q(pgh_data__kabupaten_id=…)`).
    """

    references: tuple[models.Model, ...]
    event_models: tuple[type[models.Model], ...]
    hide: Q | None = None


def event_model(model: type[models.Model]) -> type[models.Model]:
    """The event model pghistory generated for `model` (or for an M2M through model)."""
    for candidate in apps.get_models():
        if getattr(candidate, "pgh_tracked_model", None) is model:
            return candidate
    raise LookupError(f"{model._meta.label} is not tracked")


def page_history(
    *, sources: list[Source], legacy: list[models.Model] = (), legacy_hide: Q | None = None
) -> list[HistoryEntry]:
    """The latest entries about a page's records, newest first, one entry per user action."""
    limit = 50
    events = []
    for source in sources:
        if not source.references:
            continue
        query = (
            Events.objects.references(*source.references)
            .across(*source.event_models)
            .order_by("-pgh_created_at", "-pgh_id")
        )
        if source.hide is not None:
            query = query.exclude(source.hide)
        events.extend(query[:limit])
    events.sort(key=lambda e: (e.pgh_created_at, e.pgh_id), reverse=True)
    entries = _entries_from_events(events[:limit])
    if legacy:
        entries.extend(_legacy_entries(legacy, legacy_hide))
        entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


# --- Events (written by the database) ------------------------------------------------------------


def _entries_from_events(events: list) -> list[HistoryEntry]:
    names = Names()
    for event in events:
        names.collect(event)
    names.resolve()
    entries: list[HistoryEntry] = []
    by_context: dict[Any, HistoryEntry] = {}
    for event in events:
        context = event.pgh_context or {}
        changes = event_changes(event, names)
        if event.pgh_label == "update" and not changes:
            continue
        key = event.pgh_context_id or event.pgh_slug
        entry = by_context.get(key)
        if entry is None:
            entry = HistoryEntry(
                when=event.pgh_created_at,
                who=names.actor(context),
                action=action_label(event, context),
                reason=str(context.get("reason") or ""),
            )
            by_context[key] = entry
            entries.append(entry)
        entry.changes.extend(changes)
    return entries


# --- Entries of the earlier audit trail ------------------------------------------------------------


def _legacy_entries(objects: list[models.Model], hide: Q | None) -> list[HistoryEntry]:
    query = Q()
    for obj in objects:
        query |= Q(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    entries = AuditEntry.objects.filter(query).select_related("actor").order_by("-created_at")
    if hide is not None:
        entries = entries.exclude(hide)
    result = []
    for entry in entries[:50]:
        model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
        actor = entry.actor
        result.append(
            HistoryEntry(
                when=entry.created_at,
                who=(actor.get_full_name() or actor.get_username()) if actor else _("system"),
                action=str(ACTION_LABELS.get(entry.action, entry.action)),
                changes=legacy_changes(model, entry.changes),
            )
        )
    return result
