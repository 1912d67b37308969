"""Who takes part in the load run: demo or synthetic accounts, the pages each opens, the drafts
each saves, and a password that only this run knows."""

import secrets
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from programs.management.commands.seed_demo import USERS as DEMO_USERS
from programs.models import ActualValue, Kabupaten, Membership
from programs.services import period_start
from programs.synthetic import USERNAME_PREFIX

Role = Membership.Role
# Six OPD heads, three Bapperida staff, one province staff member in every ten people: the
# people who enter values outnumber those who check and those who compare.
ROLE_MIX = [Role.AGENCY_HEAD, Role.AGENCY_HEAD, Role.BAPPERIDA_STAFF] * 3 + [Role.PROVINCE_STAFF]


@dataclass
class Person:
    membership: Membership
    pages: list[tuple[str, str]]
    draft: dict | None = None

    def as_plan(self) -> dict:
        return {"username": self.membership.user.username, "pages": self.pages, "draft": self.draft}


def load_accounts():
    """Accounts the benchmark may give a temporary password: demo or synthetic ones only."""
    return Membership.objects.filter(user__is_active=True).filter(
        Q(user__username__startswith=USERNAME_PREFIX)
        | Q(user__username__in=[u[0] for u in DEMO_USERS])
    )


def pages_for(membership: Membership) -> list[tuple[str, str]]:
    home = ("home", reverse("home"))
    if membership.role == Role.PROVINCE_STAFF:
        code = membership.province.code
        first = Kabupaten.objects.filter(province=membership.province, targets__isnull=False)
        first = first.order_by("code").values_list("code", flat=True).first()
        pages = [
            home,
            ("province dashboard", reverse("reports:province-dashboard", args=[code])),
            ("province follow-ups", reverse("coaching:province-followup-list", args=[code])),
            ("province clinics", reverse("coaching:province-session-list", args=[code])),
        ]
        if first:
            pages.append(
                ("kabupaten dashboard", reverse("reports:kabupaten-dashboard", args=[first]))
            )
        return pages
    code = membership.kabupaten.code
    pages = [
        home,
        ("kabupaten dashboard", reverse("reports:kabupaten-dashboard", args=[code])),
        ("values entry", reverse("programs:values-entry", args=[code])),
        ("follow-ups", reverse("coaching:followup-list", args=[code])),
    ]
    if membership.role == Role.AGENCY_HEAD:
        pages.append(
            (
                "OPD dashboard",
                reverse("reports:opd-dashboard", args=[code, membership.agency_id]),
            )
        )
    else:
        pages += [
            ("verification queue", reverse("programs:verification-queue", args=[code])),
            ("clinics", reverse("coaching:session-list", args=[code])),
        ]
    return pages


def open_drafts(membership: Membership, taken: set[int]):
    """Values this person may still change (not verified), newest first, not yet given out."""
    if membership.role == Role.PROVINCE_STAFF:
        return None
    values = ActualValue.objects.exclude(status=ActualValue.Status.VERIFIED).exclude(pk__in=taken)
    if membership.role == Role.AGENCY_HEAD:
        values = values.filter(target__responsible_agency=membership.agency_id)
    else:
        values = values.filter(target__kabupaten=membership.kabupaten_id)
    # Only a period that has started takes a value (the form refuses the others): the national
    # data set holds drafts up to its as-of date, years ahead.
    today = timezone.localdate()
    started = (
        value
        for value in values.filter(target__year__lte=today.year)
        .select_related("target__indicator")
        .order_by("-target__year", "-pk")[:100]
        if period_start(value.target.year, value.target.indicator.frequency, value.period) <= today
    )
    value = next(started, None)
    if value is None:
        return None
    taken.add(value.pk)
    decimals = value.target.indicator.decimals
    return {
        "url": reverse("programs:value-edit", args=[value.target_id, value.period]),
        # Typed as an Indonesian reader types it (decimal comma): the form is localised.
        "value": f"{value.value:.{decimals}f}".replace(".", ","),
    }


def choose_people(count: int, *, kabupaten: Kabupaten) -> list[Person]:
    """`count` people, those of the measured kabupaten and its province first; accounts are
    reused when the data hold fewer (the demo has four)."""
    accounts = list(
        load_accounts()
        .select_related("user", "province", "kabupaten", "agency")
        .order_by("user__username")
    )

    def closeness(m: Membership) -> tuple:
        province_id = m.province_id or (m.kabupaten.province_id if m.kabupaten else None)
        return (m.kabupaten_id != kabupaten.pk, province_id != kabupaten.province_id)

    by_role = {
        role: sorted((m for m in accounts if m.role == role), key=closeness) for role in Role
    }
    chosen: list[Membership] = []
    for index in range(count * len(ROLE_MIX)):
        if len(chosen) == count or not any(by_role.values()):
            break
        queue = by_role[ROLE_MIX[index % len(ROLE_MIX)]]
        if queue:
            chosen.append(queue.pop(0))
    distinct = list(chosen)
    while distinct and len(chosen) < count:
        chosen.append(distinct[len(chosen) % len(distinct)])
    taken: set[int] = set()
    return [Person(m, pages_for(m), open_drafts(m, taken)) for m in chosen]


@contextmanager
def temporary_password(people: list[Person]):
    """Give every account of the run one random password, and put the old ones back after."""
    User = get_user_model()
    ids = {p.membership.user_id for p in people}
    saved = dict(User.objects.filter(pk__in=ids).values_list("pk", "password"))
    password = secrets.token_urlsafe(16)
    User.objects.filter(pk__in=ids).update(password=make_password(password))
    try:
        yield password
    finally:
        for pk, old in saved.items():
            User.objects.filter(pk=pk).update(password=old)
