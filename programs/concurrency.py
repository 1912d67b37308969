"""Two people at once: a stale edit is refused, a repeated submission creates once.

- Optimistic locking: an edit form carries the `version` of the record it was built from;
  `lock_current` locks the row and raises `EditConflict` when someone saved it meanwhile. The
  view then shows both versions and keeps what the second person typed.
- Idempotent creation: a create form carries a random submission key; `create_once` records
  the key with what the form created, so a double click or a resent form lands on the first
  result instead of making a second one.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction

from .models import SubmissionReceipt


class EditConflict(Exception):
    """Someone else saved the record since the form was built from it."""

    def __init__(self, current: Any):
        super().__init__("edit conflict")
        self.current = current


def lock_current(queryset: models.QuerySet, pk: Any, expected_version: int | None):
    """The record, locked until the transaction ends; a conflict when it moved on.

    `expected_version` None means the caller has no version to compare (e.g. a command)."""
    current = queryset.select_for_update(of=("self",)).get(pk=pk)
    if expected_version is not None and current.version != expected_version:
        raise EditConflict(current)
    return current


@dataclass(frozen=True)
class Submitted:
    """What a create form led to: `created` when this request made it, else `url` of the
    result an identical earlier request made."""

    created: Any = None
    url: str = ""

    @property
    def repeated(self) -> bool:
        return self.created is None


def create_once(
    *, key: uuid.UUID | None, user, create: Callable[[], Any], url: Callable[[Any], str]
) -> Submitted:
    """Run `create` once per submission key, in one transaction with its receipt."""
    if key is None:
        return Submitted(created=create())
    with transaction.atomic():
        try:
            with transaction.atomic():
                # Waits here while an identical request holds the key, until it commits.
                receipt = SubmissionReceipt.objects.create(key=key, user=user)
        except IntegrityError:
            earlier = SubmissionReceipt.objects.filter(key=key, user=user).first()
            if earlier is None:
                # Someone else's key (forged or guessed): do not reveal what it made.
                return Submitted(created=create())
            return Submitted(url=earlier.result_url)
        created = create()
        receipt.result_url = url(created)
        receipt.save(update_fields=["result_url"])
    return Submitted(created=created)


def parse_key(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except (TypeError, ValueError):
        return None


RECEIPTS_KEPT_FOR_DAYS = 30


def receipts_prune(*, before) -> int:
    """Forget submission receipts older than `before`: nobody resends a form after a month."""
    deleted, _by_model = SubmissionReceipt.objects.filter(created_at__lt=before).delete()
    return deleted
