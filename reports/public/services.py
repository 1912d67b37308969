"""What a kabupaten/kota publishes, as its Bapperida decides: whether it appears in the public
section at all, which quick wins and which evidence files are shown there.

One save sets all three (keyword-only, atomic, validated). The change history records it like
every other change (the tables are tracked), and PostgreSQL bumps the publication version, so
the public pages follow at once. A save made from a page that is out of date is refused with
the state now stored: two people ticking boxes at once never undo each other silently.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coaching.models import Evidence, QuickWin
from programs.models import Kabupaten
from programs.tracking import acting

from .models import KabupatenPublication
from .selectors import (
    PublicationState,
    publication_state,
    publishable_evidence,
    publishable_quick_wins,
)


class PublicationConflict(Exception):
    """Someone saved the kabupaten/kota's publication since the form was opened."""

    def __init__(self, current: PublicationState):
        super().__init__("publication changed meanwhile")
        self.current = current


def publication_save(
    *,
    actor,
    kabupaten: Kabupaten,
    published: bool,
    quick_win_ids: set[int],
    evidence_ids: set[int],
    expected_token: str,
) -> PublicationState:
    """Publish exactly the quick wins and files named, show or hide the kabupaten/kota."""
    with transaction.atomic():
        # The kabupaten/kota's row is the lock: two saves of its publication run one after the
        # other, even the first two, when it has no publication row yet.
        list(Kabupaten.objects.select_for_update().filter(pk=kabupaten.pk).values_list("pk"))
        current = publication_state(kabupaten=kabupaten)
        if current.token != expected_token:
            raise PublicationConflict(current)
        if quick_win_ids - set(
            publishable_quick_wins(kabupaten=kabupaten).values_list("pk", flat=True)
        ):
            raise ValidationError({"quick_wins": _("A quick win of another kabupaten/kota.")})
        if evidence_ids - set(
            publishable_evidence(kabupaten=kabupaten).values_list("pk", flat=True)
        ):
            raise ValidationError({"evidence": _("This file cannot be published.")})
        with acting(actor, "publication.save"):
            if published != current.published:
                KabupatenPublication.objects.update_or_create(
                    kabupaten=kabupaten, defaults={"published": published}
                )
            for model, wanted, now in (
                (QuickWin, quick_win_ids, current.quick_wins),
                (Evidence, evidence_ids, current.evidence),
            ):
                if wanted - now:
                    model.objects.filter(pk__in=wanted - now).update(is_public=True)
                if now - wanted:
                    model.objects.filter(pk__in=now - wanted).update(is_public=False)
        return PublicationState(published, frozenset(quick_win_ids), frozenset(evidence_ids))
