"""Demo data for Kalimantan Tengah's 2025 PPSP season.

Idempotent and non-destructive: running it again creates what is missing and never overwrites
what a person changed (targets, values, passwords).
"""

import random
from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from programs.management.demo_coaching import seed_coaching
from programs.management.demo_funding import seed_funding
from programs.management.demo_public import seed_public
from programs.models import (
    ActualValue,
    Agency,
    Indicator,
    IndicatorTarget,
    Kabupaten,
    Membership,
    MilestoneAchievement,
    PolicyPackage,
    Programme,
    Province,
    Sector,
)
from programs.tracking import recorded_command

PROVINCE_CODE = "62"
DEMO_PASSWORD = "ppsp-demo-2025"
PLAN_YEARS = range(2025, 2030)

# Kalteng's 2025 season (Kepmendagri 100.9.3-015/Kep/Bangda/2025) and earlier cycles.
MILESTONES: dict[str, list[tuple[str, date]]] = {
    "62.03": [("M1", date(2025, 8, 12)), ("M2", date(2025, 11, 19)), ("M3", date(2025, 12, 1))],
    "62.07": [("M1", date(2025, 8, 12)), ("M2", date(2025, 10, 20))],
    "62.10": [
        ("M1", date(2024, 3, 5)),
        ("M2", date(2024, 7, 9)),
        ("M3", date(2024, 11, 12)),
        ("M4", date(2025, 8, 14)),
    ],
    "62.05": [
        ("M1", date(2024, 3, 5)),
        ("M2", date(2024, 7, 9)),
        ("M3", date(2024, 11, 12)),
        ("M4", date(2025, 8, 14)),
    ],
}
PAST_M4_YEAR = {
    "62.06": 2024,
    "62.09": 2024,
    "62.12": 2023,
    "62.13": 2023,
    "62.08": 2022,
    "62.04": 2022,
    "62.02": 2021,
    "62.01": 2021,
    "62.11": 2020,
    "62.71": 2019,
}

AGENCIES = [
    (
        "bapperida",
        "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
        "Bapperida",
        "Kepala Badan",
    ),
    ("pupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", "Kepala Dinas"),
    ("pupr", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "Dinas Perkim", "Kepala Dinas"),
    ("dlh", "Dinas Lingkungan Hidup", "DLH", "Kepala Dinas"),
    ("dinkes", "Dinas Kesehatan", "Dinkes", "Kepala Dinas"),
    ("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", "Kepala Dinas"),
    ("pdam", "Perumda Air Minum", "PDAM", "Direktur Utama"),
    ("uptd", "UPTD Pengelolaan Air Limbah Domestik", "UPTD PALD", "Kepala UPTD"),
    (
        "kominfo",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "Diskominfo",
        "Kepala Dinas",
    ),
    ("bpkad", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", "Kepala Badan"),
]
HEAD_NAMES = [
    "Ir. Yusuf Rahman, M.T.",
    "dr. Siti Aminah, M.Kes.",
    "Drs. Hendra Saputra",
    "Rina Kartika, S.T., M.Si.",
    "Agus Salim, S.E.",
    "Dewi Lestari, S.KM.",
    "H. Rahmadi, S.Sos.",
    "Budi Santoso, S.T.",
    "Maria Ulfah, S.Kom.",
    "Yohanes Dau, S.E.",
]

# Which OPD answers for an indicator: the first abbreviation present in the kabupaten.
RESPONSIBLE = {
    Sector.WASTEWATER: ["Dinas Perkim", "Dinas PUPR"],
    Sector.SOLID_WASTE: ["DLH"],
    Sector.DRINKING_WATER: ["Dinas PUPR"],
    Sector.DRAINAGE: ["Dinas PUPR"],
    Sector.HYGIENE: ["Dinkes"],
    Sector.STUNTING: ["Dinkes"],
}
RESPONSIBLE_BY_CODE = {"AL-03": "Dinkes", "AL-04": "Dinkes", "AL-06": "UPTD PALD", "AM-03": "PDAM"}

# Plausible 2024 levels for Kalteng (DOMAIN.md figures where known), varied per kabupaten.
BASELINES = {
    "AL-01": 76.3,
    "AL-02": 11.2,
    "AL-03": 2.5,
    "AL-04": 35.0,
    "AL-05": 1.5,
    "AL-06": 4.0,
    "AL-07": 120,
    "PS-01": 14.0,
    "PS-02": 48.0,
    "PS-03": 30.0,
    "PS-04": 6,
    "PS-05": 0,
    "AM-01": 82.0,
    "AM-02": 9.0,
    "AM-03": 24.0,
    "DR-01": 40.0,
    "HG-01": 61.0,
    "ST-01": 23.5,
}

USERS = [
    (
        "provinsi.kalteng",
        "Staf Bapperida Provinsi Kalimantan Tengah",
        Membership.Role.PROVINCE_STAFF,
        None,
        None,
    ),
    (
        "bapperida.kapuas",
        "Staf Bapperida Kabupaten Kapuas",
        Membership.Role.BAPPERIDA_STAFF,
        "62.03",
        None,
    ),
    (
        "bapperida.seruyan",
        "Staf Bapperida Kabupaten Seruyan",
        Membership.Role.BAPPERIDA_STAFF,
        "62.07",
        None,
    ),
    (
        "pupr.kapuas",
        "Kepala Dinas PUPR Kabupaten Kapuas",
        Membership.Role.AGENCY_HEAD,
        "62.03",
        "Dinas PUPR",
    ),
]


class Command(BaseCommand):
    help = "Load Kalimantan Tengah's demo data (marked as demo) and print the demo logins."

    @recorded_command
    def handle(self, *args, **options) -> None:
        if not Province.objects.filter(code=PROVINCE_CODE).exists():
            call_command("load_reference_data", stdout=self.stdout)
        with transaction.atomic():
            province = Province.objects.get(code=PROVINCE_CODE)
            regencies = list(Kabupaten.objects.filter(province=province))
            for kabupaten in regencies:
                self.seed_agencies(kabupaten)
                self.seed_milestones(kabupaten)
            self.seed_seruyan_barasih()
            users = self.seed_users(province)
            clerk, checker = self.seed_data_entry_users()
            for kabupaten in regencies:
                self.seed_targets_and_values(kabupaten, clerk, checker)
            seed_coaching(province)
            seed_funding()
            seed_public()
        self.print_logins(users)

    def seed_agencies(self, kabupaten: Kabupaten) -> None:
        rng = random.Random(kabupaten.code)
        for index, (kind, name, abbreviation, title) in enumerate(AGENCIES):
            Agency.objects.get_or_create(
                kabupaten=kabupaten,
                abbreviation=abbreviation,
                defaults={
                    "name": f"{name} {kabupaten.full_name}",
                    "kind": kind,
                    "head_name": HEAD_NAMES[(index + rng.randrange(10)) % len(HEAD_NAMES)],
                    "head_title": title,
                },
            )

    def seed_milestones(self, kabupaten: Kabupaten) -> None:
        reached = list(MILESTONES.get(kabupaten.code, []))
        if kabupaten.code in PAST_M4_YEAR:
            year = PAST_M4_YEAR[kabupaten.code]
            reached = [
                ("M1", date(year - 1, 3, 1)),
                ("M2", date(year - 1, 8, 1)),
                ("M3", date(year - 1, 12, 1)),
                ("M4", date(year, 8, 15)),
            ]
        for milestone, reached_on in reached:
            MilestoneAchievement.objects.get_or_create(
                kabupaten=kabupaten,
                milestone=milestone,
                defaults={"reached_on": reached_on, "note": "Data demo"},
            )

    def seed_seruyan_barasih(self) -> None:
        seruyan = Kabupaten.objects.get(code="62.07")
        programme, _ = Programme.objects.get_or_create(
            kabupaten=seruyan,
            name="Seruyan Barasih",
            defaults={
                "start_year": 2025,
                "end_year": 2029,
                "description": (
                    "Penguatan kelembagaan sanitasi, kapasitas SDM, dan integrasi sanitasi berbasis "
                    "data ke dalam perencanaan pembangunan daerah; inklusif dan partisipatif "
                    "bersama masyarakat, dunia usaha dan organisasi masyarakat sipil. (Data demo)"
                ),
            },
        )
        packages = [
            (
                1,
                "Air minum dan sanitasi yang aman, berkelanjutan dan inklusif",
                "Akses air minum layak, sistem sanitasi terpusat dan setempat (SPALD-T, SPALD-S), "
                "serta perilaku hidup bersih dan sehat (PHBS), sesuai karakter sosial dan geografis "
                "Seruyan.",
                [Sector.DRINKING_WATER, Sector.WASTEWATER, Sector.HYGIENE],
                ["Dinas PUPR", "Dinas Perkim", "Dinkes", "PDAM"],
            ),
            (
                2,
                "Pengelolaan persampahan",
                "Pengumpulan, pengangkutan dan pengolahan sampah berbasis masyarakat, dengan "
                "penambahan TPS3R.",
                [Sector.SOLID_WASTE],
                ["DLH", "DPMD"],
            ),
        ]
        for number, title, description, sectors, abbreviations in packages:
            package, created = PolicyPackage.objects.get_or_create(
                programme=programme,
                number=number,
                defaults={"title": title, "description": description, "sectors": sectors},
            )
            if created:
                package.agencies.set(seruyan.agencies.filter(abbreviation__in=abbreviations))

    def seed_users(self, province: Province) -> list[tuple[str, str]]:
        User = get_user_model()
        logins = []
        admin, created = User.objects.get_or_create(
            username="admin",
            defaults={"is_staff": True, "is_superuser": True, "first_name": "Administrator"},
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        logins.append(("admin", "Administrator situs"))
        for username, full_name, role, kabupaten_code, agency_abbreviation in USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": full_name, "email": f"{username}@demo.ppsp.localhost"},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            kabupaten = Kabupaten.objects.get(code=kabupaten_code) if kabupaten_code else None
            agency = (
                Agency.objects.get(kabupaten=kabupaten, abbreviation=agency_abbreviation)
                if agency_abbreviation
                else None
            )
            Membership.objects.get_or_create(
                user=user,
                defaults={
                    "role": role,
                    "province": province if role == Membership.Role.PROVINCE_STAFF else None,
                    "kabupaten": kabupaten,
                    "agency": agency,
                },
            )
            logins.append((username, full_name))
        return logins

    def seed_data_entry_users(self):
        """Two accounts that cannot log in, standing for the demo's historical data entry."""
        User = get_user_model()
        clerk, _ = User.objects.get_or_create(
            username="demo.operator",
            defaults={"first_name": "Operator OPD (data demo)", "is_active": False},
        )
        checker, _ = User.objects.get_or_create(
            username="demo.verifikator",
            defaults={"first_name": "Verifikator Bapperida (data demo)", "is_active": False},
        )
        return clerk, checker

    def seed_targets_and_values(self, kabupaten: Kabupaten, clerk, checker) -> None:
        rng = random.Random(f"values-{kabupaten.code}")
        # Some kabupaten lead and some lag, so the province ranking and the traffic lights show a
        # realistic mix rather than a uniform picture.
        performance = Decimal(str(round(rng.uniform(-0.35, 0.1), 2)))
        agencies = {a.abbreviation: a for a in kabupaten.agencies.all()}
        packages = {
            sector: package
            for package in PolicyPackage.objects.filter(programme__kabupaten=kabupaten)
            for sector in package.sectors
        }
        today = timezone.localdate()
        targets = []
        for indicator in Indicator.objects.all():
            owner = agencies.get(RESPONSIBLE_BY_CODE.get(indicator.code, "")) or next(
                agencies[a] for a in RESPONSIBLE[indicator.sector] if a in agencies
            )
            base = Decimal(str(BASELINES[indicator.code]))
            spread = Decimal(str(round(rng.uniform(0.8, 1.2), 2)))
            baseline = self.fit(indicator, base * spread)
            for offset, year in enumerate(PLAN_YEARS, start=1):
                step = Decimal(offset) * self.yearly_step(indicator, baseline)
                target = self.fit(indicator, baseline + step)
                targets.append(
                    IndicatorTarget(
                        kabupaten=kabupaten,
                        indicator=indicator,
                        year=year,
                        baseline=baseline,
                        target=target,
                        responsible_agency=owner,
                        policy_package=packages.get(indicator.sector),
                    )
                )
        IndicatorTarget.objects.bulk_create(targets, ignore_conflicts=True)
        values = []
        for target in IndicatorTarget.objects.filter(
            kabupaten=kabupaten, year__lte=today.year
        ).select_related("indicator"):
            periods = target.indicator.periods_per_year
            for period in range(1, periods + 1):
                period_end_month = 12 * period // periods
                if date(target.year, period_end_month, 1) > today.replace(day=1):
                    continue
                progress = Decimal(period) / Decimal(periods)
                drift = Decimal(str(round(rng.uniform(-0.2, 0.25), 2)))
                value = self.fit(
                    target.indicator,
                    target.baseline
                    + (target.target - target.baseline) * (progress + performance + drift),
                )
                recent = target.year == today.year and period == periods - 1
                status = ActualValue.Status.SUBMITTED if recent else ActualValue.Status.VERIFIED
                entered = timezone.make_aware(
                    datetime.combine(date(target.year, period_end_month, 28), time(10))
                )
                values.append(
                    ActualValue(
                        target=target,
                        period=period,
                        value=value,
                        status=status,
                        entered_by=clerk,
                        submitted_at=entered,
                        verified_by=checker if status == ActualValue.Status.VERIFIED else None,
                        verified_at=entered if status == ActualValue.Status.VERIFIED else None,
                        note="Data demo",
                    )
                )
        ActualValue.objects.bulk_create(values, ignore_conflicts=True)

    @staticmethod
    def yearly_step(indicator: Indicator, baseline: Decimal) -> Decimal:
        if indicator.measure == Indicator.Measure.COUNT:
            return max(Decimal(1), (baseline * Decimal("0.15")).to_integral_value())
        if indicator.direction == Indicator.Direction.LOWER:
            return -baseline * Decimal("0.08")
        return (Decimal(100) - baseline) * Decimal("0.12")

    @staticmethod
    def fit(indicator: Indicator, value: Decimal) -> Decimal:
        """Round to the indicator's decimals and keep it inside the indicator's range."""
        value = max(Decimal(0), value)
        if indicator.measure == Indicator.Measure.PERCENT:
            value = min(Decimal(100), value)
        return value.quantize(Decimal(1).scaleb(-indicator.decimals))

    def print_logins(self, users: list[tuple[str, str]]) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for username, description in users:
            self.stdout.write(f"  {username:<20} {description}")
        self.stdout.write("")
