"""Follow-ups that need attention: due within a week or overdue.

The same selector feeds the start page of each OPD head and Bapperida staff member and the
daily e-mail digest, so the e-mail never says something the portal does not show.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation

from programs.access import Scope
from programs.models import Membership

from .models import FollowUp

HORIZON_DAYS = 7


def followups_needing_attention(
    *, scope: Scope, today: date, horizon_days: int = HORIZON_DAYS
) -> QuerySet[FollowUp]:
    """An OPD head's own follow-ups, or all of a Bapperida's kabupaten; nobody else's."""
    follow_ups = FollowUp.objects.filter(
        status__in=FollowUp.ACTIVE, due_date__lte=today + timedelta(days=horizon_days)
    )
    if scope.is_agency_head:
        follow_ups = follow_ups.filter(owner_id=scope.agency_id)
    elif scope.is_bapperida_staff:
        follow_ups = follow_ups.filter(kabupaten_id=scope.kabupaten_id)
    else:
        return FollowUp.objects.none()
    return follow_ups.select_related("owner", "session", "kabupaten").order_by("due_date", "id")


def send_reminder_digests(*, today: date) -> int:
    """One e-mail per person with something due; returns how many were sent."""
    memberships = list(
        Membership.objects.filter(
            role__in=[Membership.Role.AGENCY_HEAD, Membership.Role.BAPPERIDA_STAFF],
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
    )
    kabupaten_ids = {m.kabupaten_id for m in memberships}
    # One query for every follow-up that could concern anyone, grouped in memory.
    due = (
        FollowUp.objects.filter(
            kabupaten_id__in=kabupaten_ids,
            status__in=FollowUp.ACTIVE,
            due_date__lte=today + timedelta(days=HORIZON_DAYS),
        )
        .select_related("owner", "session", "kabupaten")
        .order_by("due_date", "id")
    )
    by_kabupaten: dict[int, list[FollowUp]] = defaultdict(list)
    for follow_up in due:
        follow_up.days_late = (today - follow_up.due_date).days
        follow_up.days_left = -follow_up.days_late
        by_kabupaten[follow_up.kabupaten_id].append(follow_up)
    sent = 0
    for membership in memberships:
        items = by_kabupaten.get(membership.kabupaten_id, [])
        if membership.role == Membership.Role.AGENCY_HEAD:
            items = [f for f in items if f.owner_id == membership.agency_id]
        if not items:
            continue
        context = {
            "user": membership.user,
            "overdue": [f for f in items if f.due_date < today],
            "upcoming": [f for f in items if f.due_date >= today],
            "count": len(items),
            "today": today,
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        with translation.override(settings.LANGUAGE_CODE):
            subject = " ".join(
                render_to_string("coaching/email/reminder_subject.txt", context).split()
            )
            body = render_to_string("coaching/email/reminder_body.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [membership.user.email])
        sent += 1
    return sent
