"""Data for the public section's tests: what its pages must show and, beside each kind, what
they must never show (a value in draft, submitted or returned, a private quick win, a person's
name or e-mail, an attendance list, a follow-up's internal note, a file not marked public).

Every secret is a text or number found nowhere else, so that its absence from a page or a
download proves something. `SECRETS` lists them as a page or a download would print them.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from coaching.models import (
    Attendance,
    ClinicSession,
    Evidence,
    FollowUp,
    FollowUpUpdate,
    Guest,
    Participation,
    QuickWin,
)
from programs.models import ActualValue, IndicatorTarget, Membership, MilestoneAchievement
from tests.funding import make_line
from tests.world import World, make_user

# Shown on the public pages.
VERIFIED = Decimal("41.37")
VERIFIED_SEMESTER = Decimal("52.48")
PUBLIC_QUICK_WIN = "TPS3R Kuala Pembuang beroperasi"
PUBLIC_FILE = "foto-tps3r-kuala-pembuang.jpg"
PUBLIC_ROUND = "Rakor Coaching Clinic II Seruyan"

# Never shown anywhere public, as pages (Indonesian numbers) and downloads (plain) print them.
SECRETS = {
    "draft value": ["93,71", "93.71"],
    "submitted value": ["88,19", "88.19"],
    "returned value": ["77,23", "77.23"],
    "returned value's note": ["Angka belum sesuai survei"],
    "value's note": ["Catatan nilai internal"],
    "verifier's name": ["Ratna Sulistyowati"],
    "verifier's e-mail": ["ratna.sulistyowati@"],
    "head of the OPD": ["Marthinus Dadang"],
    "private quick win": ["Quick win internal belum diumumkan"],
    "public file of a private quick win": ["draf-rancangan-internal.pdf"],
    "file not marked public": ["notulen-rahasia-seruyan.pdf", "Berkas rapat tertutup"],
    "attendance sheet": ["daftar-hadir-seruyan.pdf"],
    "attendance list": ["Yohana Lambung"],
    "guests' names": ["Bambang Prasetyo"],
    "chair of the round": ["Hendrikus Sumbayak"],
    "venue": ["Aula Rahasia Seruyan"],
    "decisions of the round": ["Keputusan tertutup rapat"],
    "feedback at the province clinic": ["Umpan balik internal provinsi"],
    "follow-up": ["Mengganti kontraktor IPLT"],
    "follow-up's internal note": ["Catatan internal: anggaran belum cair"],
    "milestone's note": ["Catatan tonggak internal"],
    "funding line's note": ["Catatan pendanaan internal"],
    "funding line's planning reference": ["1.03.10.2.01.0099"],
    "follow-up's funding": ["Rp 777.777.777", "777777777"],
}


@dataclass
class Seeded:
    targets: dict[str, IndicatorTarget]
    submitted: ActualValue
    public_quick_win: QuickWin
    private_quick_win: QuickWin
    public_file: Evidence
    hidden_file: Evidence
    round: ClinicSession
    extra: dict = field(default_factory=dict)


def public_file(world: World) -> Evidence:
    """Kapuas's minutes, marked public (its round is the kabupaten/kota's own)."""
    Evidence.objects.filter(pk=world.kapuas_evidence.pk).update(is_public=True)
    return world.kapuas_evidence


def _file(name: str, **fields) -> Evidence:
    evidence = Evidence(original_name=name, content_type="application/pdf", size=20, **fields)
    evidence.file.save(name, ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return evidence


def seed_public(world: World) -> Seeded:
    """Seruyan's verified progress, milestones, clinics, funding and a public quick win, each
    beside the secrets of `SECRETS`."""
    seruyan, pupr = world.seruyan, world.seruyan_pupr
    pupr.head_name = "Ir. Marthinus Dadang"
    pupr.save(update_fields=["head_name"])
    clerk = world.users["seruyan_pupr"]
    verifier = make_user("ratna.seruyan", Membership.Role.BAPPERIDA_STAFF, kabupaten=seruyan)
    verifier.first_name, verifier.last_name = "Ratna", "Sulistyowati"
    verifier.email = "ratna.sulistyowati@seruyan.example"
    verifier.save()

    targets = {
        code: IndicatorTarget.objects.create(
            kabupaten=seruyan,
            indicator=world.indicators[code],
            year=2025,
            baseline=Decimal("30.00"),
            target=Decimal("60.00"),
            responsible_agency=pupr,
            policy_package=world.package_1,
        )
        for code in ("AL-01", "AL-02", "AL-03", "PS-02", "AM-01")
    }
    now = timezone.now()

    def value(code, period, amount, status, **extra):
        return ActualValue.objects.create(
            target=targets[code],
            period=period,
            value=Decimal(amount),
            status=status,
            entered_by=clerk,
            submitted_at=now if status != "draft" else None,
            verified_by=verifier if status == "verified" else None,
            verified_at=now if status == "verified" else None,
            **extra,
        )

    value("AL-01", 1, VERIFIED, "verified", note="Catatan nilai internal")
    value("AL-03", 1, VERIFIED_SEMESTER, "verified")
    submitted = value("AL-03", 2, "88.19", "submitted")
    value("PS-02", 1, "93.71", "draft")
    value("AM-01", 1, "77.23", "returned", review_note="Angka belum sesuai survei")

    MilestoneAchievement.objects.create(
        kabupaten=seruyan,
        milestone="M1",
        reached_on=date(2025, 8, 12),
        note="Catatan tonggak internal",
    )
    MilestoneAchievement.objects.create(
        kabupaten=seruyan, milestone="M2", reached_on=date(2025, 10, 20)
    )

    author = world.users["seruyan"]
    round_ = ClinicSession.objects.create(
        level="kabupaten",
        kabupaten=seruyan,
        province=world.kalteng,
        clinic_number=2,
        title=PUBLIC_ROUND,
        date=date(2025, 9, 3),
        venue="Aula Rahasia Seruyan",
        chair="Drs. Hendrikus Sumbayak",
        decisions="Keputusan tertutup rapat",
        created_by=author,
    )
    Attendance.objects.create(session=round_, agency=pupr, attendee_names="Yohana Lambung")
    Guest.objects.create(session=round_, organisation="BPPW", names="Bambang Prasetyo")
    Participation.objects.filter(session=world.province_session, kabupaten=seruyan).update(
        feedback="Umpan balik internal provinsi", milestone_confirmed="M2"
    )
    follow_up = FollowUp.objects.create(
        kabupaten=seruyan,
        session=round_,
        owner=pupr,
        action="Mengganti kontraktor IPLT",
        due_date=date(2099, 1, 31),
        created_by=author,
    )
    FollowUpUpdate.objects.create(
        follow_up=follow_up,
        date=date(2025, 9, 20),
        status="in_progress",
        note="Catatan internal: anggaran belum cair",
        author=author,
    )
    public_win = QuickWin.objects.create(
        kabupaten=seruyan,
        agency=pupr,
        title=PUBLIC_QUICK_WIN,
        description="Satu TPS3R percontohan melayani dua kelurahan.",
        target_date=date(2025, 12, 15),
        status="achieved",
        is_public=True,
        created_by=author,
    )
    private_win = QuickWin.objects.create(
        kabupaten=seruyan,
        agency=pupr,
        title="Quick win internal belum diumumkan",
        target_date=date(2026, 3, 1),
        created_by=author,
    )
    public_file = _file(
        PUBLIC_FILE, quick_win=public_win, kind="photo", uploaded_by=author, is_public=True
    )
    _file(
        "draf-rancangan-internal.pdf",
        quick_win=private_win,
        kind="document",
        uploaded_by=author,
        is_public=True,
    )
    hidden_file = _file(
        "notulen-rahasia-seruyan.pdf",
        session=round_,
        kind="minutes",
        description="Berkas rapat tertutup",
        uploaded_by=author,
    )
    _file("daftar-hadir-seruyan.pdf", session=round_, kind="attendance", uploaded_by=author)

    # Seruyan Barasih's Package 1 in 2025 from two sources; a follow-up's line stays internal.
    make_line(
        world,
        subject=world.package_1,
        agency=pupr,
        source="apbd-kabupaten",
        pagu="1250000000",
        realisasi="500000000",
        status="budgeted",
        note="Catatan pendanaan internal",
        reference="1.03.10.2.01.0099",
    )
    make_line(
        world,
        subject=world.package_1,
        agency=pupr,
        source="dak",
        pagu="750000000",
        realisasi="0",
        status="budgeted",
    )
    make_line(
        world,
        subject=follow_up,
        agency=pupr,
        source="apbd-kabupaten",
        pagu="777777777",
        realisasi="0",
        status="planned",
    )
    return Seeded(
        targets=targets,
        submitted=submitted,
        public_quick_win=public_win,
        private_quick_win=private_win,
        public_file=public_file,
        hidden_file=hidden_file,
        round=round_,
    )
