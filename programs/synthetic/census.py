"""What a database holds: data that is not synthetic, the synthetic data set's size, and a
digest of the content to compare two loads."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q

from coaching.models import ClinicSession, FollowUp, Participation, QuickWin
from programs.models import (
    ActualValue,
    Agency,
    Indicator,
    IndicatorTarget,
    Membership,
    MilestoneAchievement,
)

from .plan import USERNAME_PREFIX


def synthetic_users():
    return get_user_model().objects.filter(username__startswith=USERNAME_PREFIX)


def existing_data() -> dict[str, int]:
    """Rows that are not synthetic: accounts, and the agencies and targets of kabupaten/kota
    that no synthetic account belongs to."""
    synthetic_kabupaten = Membership.objects.filter(
        user__username__startswith=USERNAME_PREFIX, kabupaten__isnull=False
    ).values("kabupaten_id")
    others = ~Q(kabupaten__in=synthetic_kabupaten)
    return {
        "accounts": get_user_model().objects.exclude(username__startswith=USERNAME_PREFIX).count(),
        "agencies": Agency.objects.filter(others).count(),
        "targets": IndicatorTarget.objects.filter(others).count(),
        "clinic sessions": ClinicSession.objects.exclude(
            created_by__username__startswith=USERNAME_PREFIX
        ).count(),
    }


def synthetic_counts() -> dict[str, int]:
    users = synthetic_users()
    kabupaten = Membership.objects.filter(
        user__in=users, role=Membership.Role.BAPPERIDA_STAFF
    ).values("kabupaten_id")
    return {
        "kabupaten/kota": kabupaten.count(),
        "accounts": users.count(),
        "agencies (OPD)": Agency.objects.filter(kabupaten__in=kabupaten).count(),
        "indicators": Indicator.objects.filter(targets__kabupaten__in=kabupaten).distinct().count(),
        "targets": IndicatorTarget.objects.filter(kabupaten__in=kabupaten).count(),
        "actual values": ActualValue.objects.filter(target__kabupaten__in=kabupaten).count(),
        "clinic sessions": ClinicSession.objects.filter(created_by__in=users).count(),
        "participations": Participation.objects.filter(session__created_by__in=users).count(),
        "follow-ups": FollowUp.objects.filter(created_by__in=users).count(),
        "quick wins": QuickWin.objects.filter(created_by__in=users).count(),
        "milestones": MilestoneAchievement.objects.filter(kabupaten__in=kabupaten).count(),
    }


FINGERPRINT_QUERIES = {
    "agencies": """
        SELECT k.code, a.abbreviation, a.name, a.kind, a.head_name
        FROM programs_agency a JOIN programs_kabupaten k ON k.id = a.kabupaten_id""",
    "accounts": """
        SELECT u.username, u.first_name, m.role, coalesce(a.abbreviation, '')
        FROM auth_user u JOIN programs_membership m ON m.user_id = u.id
        LEFT JOIN programs_agency a ON a.id = m.agency_id""",
    "targets": """
        SELECT k.code, i.code, t.year, t.baseline, t.target, a.abbreviation, p.number
        FROM programs_indicatortarget t JOIN programs_kabupaten k ON k.id = t.kabupaten_id
        JOIN programs_indicator i ON i.id = t.indicator_id
        JOIN programs_agency a ON a.id = t.responsible_agency_id
        LEFT JOIN programs_policypackage p ON p.id = t.policy_package_id""",
    "values": """
        SELECT k.code, i.code, t.year, v.period, v.value, v.status, e.username,
               coalesce(c.username, ''), v.submitted_at, v.verified_at, v.review_note
        FROM programs_actualvalue v JOIN programs_indicatortarget t ON t.id = v.target_id
        JOIN programs_kabupaten k ON k.id = t.kabupaten_id
        JOIN programs_indicator i ON i.id = t.indicator_id
        JOIN auth_user e ON e.id = v.entered_by_id LEFT JOIN auth_user c ON c.id = v.verified_by_id""",
    "sessions": """
        SELECT s.level, s.clinic_number, s.date, s.title, s.venue, coalesce(k.code, ''),
               (SELECT string_agg(pk.code || p.milestone_confirmed, ',' ORDER BY pk.code)
                FROM coaching_participation p JOIN programs_kabupaten pk ON pk.id = p.kabupaten_id
                WHERE p.session_id = s.id),
               (SELECT string_agg(a.abbreviation, ',' ORDER BY a.abbreviation)
                FROM coaching_attendance t JOIN programs_agency a ON a.id = t.agency_id
                WHERE t.session_id = s.id)
        FROM coaching_clinicsession s LEFT JOIN programs_kabupaten k ON k.id = s.kabupaten_id""",
    "follow-ups": """
        SELECT k.code, s.date, s.title, a.abbreviation, f.action, f.due_date, f.status,
               (SELECT string_agg(u.date::text || u.status, ',' ORDER BY u.date, u.status)
                FROM coaching_followupupdate u WHERE u.follow_up_id = f.id)
        FROM coaching_followup f JOIN programs_kabupaten k ON k.id = f.kabupaten_id
        JOIN coaching_clinicsession s ON s.id = f.session_id
        JOIN programs_agency a ON a.id = f.owner_id""",
    "quick wins": """
        SELECT k.code, a.abbreviation, q.title, q.target_date, q.status
        FROM coaching_quickwin q JOIN programs_kabupaten k ON k.id = q.kabupaten_id
        JOIN programs_agency a ON a.id = q.agency_id""",
    "milestones": """
        SELECT k.code, m.milestone, m.reached_on
        FROM programs_milestoneachievement m JOIN programs_kabupaten k ON k.id = m.kabupaten_id""",
}


def fingerprint() -> str:
    """A digest of the data's content, by natural keys (never by ids), to compare two loads."""
    digests = []
    with connection.cursor() as cursor:
        for name, query in FINGERPRINT_QUERIES.items():
            cursor.execute(
                f"SELECT md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) "
                f"FROM ({query}) AS r"
            )
            digests.append(f"{name}={cursor.fetchone()[0]}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT md5(%s)", ["\n".join(digests)])
        return cursor.fetchone()[0]
