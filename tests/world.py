"""The shared cast of the test suite (healthchecks' alice/bob/charlie, for the PPSP).

Two provinces, three kabupaten, their OPDs, indicators, targets and one user per role:
- province:  staff of Kalimantan Tengah (reads every kabupaten of the province)
- kapuas:    Bapperida staff of Kapuas (reads and writes Kapuas)
- pupr:      head of Kapuas's Dinas PUPR (reads Kapuas, writes what Dinas PUPR owns)
- dlh:       head of Kapuas's DLH (the other OPD of the same kabupaten, with records of its own)
- seruyan:   Bapperida staff of Seruyan (the outsider to Kapuas)
- seruyan_pupr: head of Seruyan's Dinas PUPR (an OPD head of another kabupaten)
- kalsel:    province staff of Kalimantan Selatan (the outsider province)
- norole:    signed in, but without any membership
- inactive:  a deactivated account (once Bapperida staff of Kapuas)
- admin:     site administrator
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from programs.catalogue import INDICATORS
from programs.models import (
    ActualValue,
    Agency,
    Indicator,
    IndicatorTarget,
    Kabupaten,
    Membership,
    PolicyPackage,
    Programme,
    Province,
    Sector,
)

PASSWORD = "test-password-123"


@dataclass
class World:
    kalteng: Province
    kalsel: Province
    kapuas: Kabupaten
    seruyan: Kabupaten
    banjar: Kabupaten
    kapuas_bapperida: Agency
    kapuas_pupr: Agency
    kapuas_dlh: Agency
    kapuas_dinkes: Agency
    seruyan_pupr: Agency
    kapuas_target: IndicatorTarget
    kapuas_value: ActualValue
    dlh_target: IndicatorTarget
    dlh_value: ActualValue
    kapuas_session: object
    kapuas_report: object
    province_session: object
    kapuas_followup: object
    kapuas_quickwin: object
    kapuas_evidence: object
    dlh_followup: object
    dlh_quickwin: object
    barasih: Programme
    package_1: PolicyPackage
    indicators: dict[str, Indicator]
    users: dict[str, object]


def make_user(username: str, role: str | None = None, **scope):
    User = get_user_model()
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.test",
        first_name=username.replace(".", " ").title(),
    )
    if role:
        Membership.objects.create(user=user, role=role, **scope)
    return user


def build_world() -> World:
    kalteng = Province.objects.create(code="62", name="Kalimantan Tengah")
    kalsel = Province.objects.create(code="63", name="Kalimantan Selatan")
    kapuas = Kabupaten.objects.create(
        province=kalteng, code="62.03", name="Kapuas", kind="kabupaten", population=436_000
    )
    seruyan = Kabupaten.objects.create(
        province=kalteng, code="62.07", name="Seruyan", kind="kabupaten"
    )
    banjar = Kabupaten.objects.create(
        province=kalsel, code="63.03", name="Banjar", kind="kabupaten"
    )

    def agency(kabupaten, abbreviation, kind):
        return Agency.objects.create(
            kabupaten=kabupaten,
            abbreviation=abbreviation,
            kind=kind,
            name=f"{abbreviation} {kabupaten.full_name}",
            head_name=f"Kepala {abbreviation}",
        )

    kapuas_bapperida = agency(kapuas, "Bapperida", "bapperida")
    kapuas_pupr = agency(kapuas, "Dinas PUPR", "pupr")
    kapuas_dlh = agency(kapuas, "DLH", "dlh")
    kapuas_dinkes = agency(kapuas, "Dinkes", "dinkes")
    seruyan_pupr = agency(seruyan, "Dinas PUPR", "pupr")
    agency(seruyan, "DLH", "dlh")
    agency(banjar, "Dinas PUPR", "pupr")

    indicators = {}
    for order, spec in enumerate(INDICATORS, start=1):
        indicators[spec["code"]] = Indicator.objects.create(**spec, sort_order=order * 10)

    barasih = Programme.objects.create(
        kabupaten=seruyan, name="Seruyan Barasih", start_year=2025, end_year=2029
    )
    package_1 = PolicyPackage.objects.create(
        programme=barasih,
        number=1,
        title="Air minum dan sanitasi aman",
        sectors=[Sector.DRINKING_WATER, Sector.WASTEWATER],
    )
    package_1.agencies.add(seruyan_pupr)

    kapuas_targets = {}
    for code, owner in (("AL-01", kapuas_pupr), ("AL-03", kapuas_dinkes), ("PS-02", kapuas_dlh)):
        kapuas_targets[code] = IndicatorTarget.objects.create(
            kabupaten=kapuas,
            indicator=indicators[code],
            year=2025,
            baseline=Decimal("70.00"),
            target=Decimal("80.00"),
            responsible_agency=owner,
        )

    Role = Membership.Role
    users = {
        "province": make_user("provinsi.kalteng", Role.PROVINCE_STAFF, province=kalteng),
        "kapuas": make_user("bapperida.kapuas", Role.BAPPERIDA_STAFF, kabupaten=kapuas),
        "pupr": make_user("pupr.kapuas", Role.AGENCY_HEAD, kabupaten=kapuas, agency=kapuas_pupr),
        "dlh": make_user("dlh.kapuas", Role.AGENCY_HEAD, kabupaten=kapuas, agency=kapuas_dlh),
        "seruyan": make_user("bapperida.seruyan", Role.BAPPERIDA_STAFF, kabupaten=seruyan),
        "seruyan_pupr": make_user(
            "pupr.seruyan", Role.AGENCY_HEAD, kabupaten=seruyan, agency=seruyan_pupr
        ),
        "kalsel": make_user("provinsi.kalsel", Role.PROVINCE_STAFF, province=kalsel),
        "norole": make_user("tanpa.peran"),
        "inactive": make_user("nonaktif.kapuas", Role.BAPPERIDA_STAFF, kabupaten=kapuas),
        "admin": get_user_model().objects.create_superuser("admin", "admin@example.test", PASSWORD),
    }
    users["inactive"].is_active = False
    users["inactive"].save(update_fields=["is_active"])
    kapuas_value = ActualValue(
        target=kapuas_targets["AL-01"],
        period=1,
        value=Decimal("72.50"),
        status="submitted",
        entered_by=users["pupr"],
        evidence_name="survei.pdf",
        evidence_type="application/pdf",
    )
    kapuas_value.evidence.save("survei.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    # DLH's own value: a draft, so that it waits in no queue and counts in no dashboard.
    dlh_value = ActualValue(
        target=kapuas_targets["PS-02"],
        period=1,
        value=Decimal("61.00"),
        status="draft",
        entered_by=users["dlh"],
        evidence_name="timbulan.pdf",
        evidence_type="application/pdf",
    )
    dlh_value.evidence.save("timbulan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)

    # Coaching records, due far ahead so that they never count as needing attention.
    from coaching.models import ClinicSession, Evidence, FollowUp, Participation, QuickWin

    kapuas_session = ClinicSession.objects.create(
        level="kabupaten",
        kabupaten=kapuas,
        province=kalteng,
        clinic_number=2,
        title="Rakor Coaching Clinic II Perangkat Daerah",
        date=date(2025, 8, 25),
        venue="Aula Bapperida Kapuas",
        chair="Sekda Kabupaten Kapuas",
        created_by=users["kapuas"],
    )
    province_session = ClinicSession.objects.create(
        level="province",
        province=kalteng,
        clinic_number=3,
        title="Persiapan Coaching Clinic 3",
        date=date(2025, 10, 20),
        venue="Bapperida Provinsi Kalimantan Tengah",
        created_by=users["province"],
    )
    Participation.objects.create(session=province_session, kabupaten=kapuas)
    Participation.objects.create(session=province_session, kabupaten=seruyan)
    kapuas_followup = FollowUp.objects.create(
        kabupaten=kapuas,
        session=kapuas_session,
        owner=kapuas_pupr,
        action="Memilih teknologi pengganti jamban apung",
        due_date=date(2099, 12, 31),
        created_by=users["kapuas"],
    )
    kapuas_quickwin = QuickWin.objects.create(
        kabupaten=kapuas,
        agency=kapuas_pupr,
        title="TPS3R percontohan",
        target_date=date(2099, 6, 30),
        created_by=users["kapuas"],
    )
    dlh_followup = FollowUp.objects.create(
        kabupaten=kapuas,
        session=kapuas_session,
        owner=kapuas_dlh,
        action="Menyusun jadwal pengangkutan sampah pasar",
        due_date=date(2099, 12, 31),
        created_by=users["kapuas"],
    )
    dlh_quickwin = QuickWin.objects.create(
        kabupaten=kapuas,
        agency=kapuas_dlh,
        title="Bank sampah kelurahan",
        target_date=date(2099, 6, 30),
        created_by=users["kapuas"],
    )
    kapuas_evidence = Evidence(
        session=kapuas_session,
        kind="minutes",
        original_name="notulen.pdf",
        content_type="application/pdf",
        size=20,
        uploaded_by=users["kapuas"],
    )
    kapuas_evidence.file.save("notulen.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)

    from reports.models import Report

    kapuas_report = Report(
        kind="kabupaten",
        title="Laporan kemajuan Kabupaten Kapuas 2025",
        kabupaten=kapuas,
        province=kalteng,
        parameters={"year": 2025},
        requested_by=users["kapuas"],
        status="done",
        progress=100,
        pages=1,
        size=20,
    )
    kapuas_report.file.save("laporan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)

    return World(
        kalteng=kalteng,
        kalsel=kalsel,
        kapuas=kapuas,
        seruyan=seruyan,
        banjar=banjar,
        kapuas_bapperida=kapuas_bapperida,
        kapuas_pupr=kapuas_pupr,
        kapuas_dlh=kapuas_dlh,
        kapuas_dinkes=kapuas_dinkes,
        seruyan_pupr=seruyan_pupr,
        kapuas_target=kapuas_targets["AL-01"],
        kapuas_value=kapuas_value,
        dlh_target=kapuas_targets["PS-02"],
        dlh_value=dlh_value,
        kapuas_session=kapuas_session,
        kapuas_report=kapuas_report,
        province_session=province_session,
        kapuas_followup=kapuas_followup,
        kapuas_quickwin=kapuas_quickwin,
        kapuas_evidence=kapuas_evidence,
        dlh_followup=dlh_followup,
        dlh_quickwin=dlh_quickwin,
        barasih=barasih,
        package_1=package_1,
        indicators=indicators,
        users=users,
    )
