"""The OPDs, accounts, programmes and policy packages of each synthetic kabupaten/kota."""

from collections import Counter

from django.contrib.auth import get_user_model

from programs.models import Agency, Kabupaten, Membership, PolicyPackage, Programme

from . import names
from .bulk import Table, reserve_ids
from .plan import (
    EMAIL_DOMAIN,
    MARK,
    UNUSABLE_PASSWORD,
    USERNAME_PREFIX,
    AgencyRow,
    DataSetSize,
    KabupatenPlan,
    rng_for,
    slug,
)


def write_agencies(size: DataSetSize, plans: list[KabupatenPlan], now, counts: Counter) -> None:
    specs = []
    for plan in plans:
        rng = rng_for(size, plan.code, "agencies")
        line_up = list(names.CORE_AGENCIES)
        line_up[1:1] = rng.choice(names.PUBLIC_WORKS_VARIANTS)
        wanted = rng.randint(8, 15)
        optional = names.OPTIONAL_AGENCIES[:]
        rng.shuffle(optional)
        line_up += optional[: max(0, wanted - len(line_up))]
        for kind, full_name, abbreviation, title in line_up:
            head = (
                f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}, "
                f"{rng.choice(names.DEGREES)}"
            )
            if kind == Agency.Kind.WATER_UTILITY:
                full_name = f"{full_name} {plan.name}"
            elif kind != Agency.Kind.SUBDISTRICT:
                full_name = f"{full_name} {plan.full_name}"
            specs.append((plan, kind, full_name, abbreviation, head, title))
    ids = reserve_ids(Agency, len(specs))
    rows = []
    for agency_id, (plan, kind, full_name, abbreviation, head, title) in zip(
        ids, specs, strict=True
    ):
        plan.agencies.append(AgencyRow(agency_id, abbreviation, kind))
        rows.append((agency_id, plan.id, full_name, abbreviation, kind, head, title))
    table = Table(
        Agency,
        ["id", "kabupaten_id", "name", "abbreviation", "kind", "head_name", "head_title"],
        now=now,
    )
    counts[Agency] += table.write(rows)


def write_accounts(
    plans: list[KabupatenPlan], kabupaten: list[Kabupaten], now, counts: Counter
) -> dict[str, int]:
    """One Bapperida staff account per kabupaten, one head per other OPD, one province account
    per province: none can log in until someone gives it a password."""
    User = get_user_model()
    provinces = {k.province.code: k.province for k in kabupaten}
    specs = []  # (username, first name, membership fields, the object to give the id to)
    for code, province in sorted(provinces.items()):
        specs.append(
            (
                f"{USERNAME_PREFIX}{code}.provinsi",
                f"Staf Bapperida Provinsi {province.name} {MARK}",
                (Membership.Role.PROVINCE_STAFF, province.pk, None, None),
                ("province", code),
            )
        )
    for plan in plans:
        specs.append(
            (
                f"{USERNAME_PREFIX}{plan.code}.bapperida",
                f"Staf Bapperida {plan.full_name} {MARK}",
                (Membership.Role.BAPPERIDA_STAFF, None, plan.id, None),
                ("staff", plan),
            )
        )
        for agency in plan.agencies:
            if agency.kind == Agency.Kind.BAPPERIDA:
                continue
            specs.append(
                (
                    f"{USERNAME_PREFIX}{plan.code}.{slug(agency.abbreviation)}",
                    f"Kepala {agency.abbreviation} {plan.full_name} {MARK}",
                    (Membership.Role.AGENCY_HEAD, None, plan.id, agency.id),
                    ("head", agency),
                )
            )
    ids = reserve_ids(User, len(specs))
    users, memberships, province_users = [], [], {}
    for user_id, (username, first_name, (role, province_id, kabupaten_id, agency_id), owner) in zip(
        ids, specs, strict=True
    ):
        users.append(
            (user_id, username, first_name, f"{username}@{EMAIL_DOMAIN}", UNUSABLE_PASSWORD)
        )
        memberships.append((user_id, role, province_id, kabupaten_id, agency_id))
        kind, subject = owner
        if kind == "province":
            province_users[subject] = user_id
        elif kind == "staff":
            subject.staff_user_id = user_id
        else:
            subject.head_user_id = user_id
    counts[User] += Table(
        User, ["id", "username", "first_name", "email", "password"], now=now
    ).write(users)
    counts[Membership] += Table(
        Membership, ["user_id", "role", "province_id", "kabupaten_id", "agency_id"], now=now
    ).write(memberships)
    return province_users


def write_programmes(size: DataSetSize, plans: list[KabupatenPlan], now, counts: Counter) -> None:
    """A programme per kabupaten with two or three policy packages, like Seruyan Barasih."""
    programme_ids = reserve_ids(Programme, len(plans))
    programmes, packages = [], []
    for programme_id, plan in zip(programme_ids, plans, strict=True):
        rng = rng_for(size, plan.code, "programme")
        title = rng.choice(names.PROGRAMME_NAMES).format(name=plan.name)
        programmes.append(
            (
                programme_id,
                plan.id,
                title,
                f"Program sanitasi {plan.full_name} {MARK}",
                size.first_year,
                size.plan_years[-1],
            )
        )
        for number, (package_title, sectors) in enumerate(
            names.PACKAGES[: rng.randint(2, 3)], start=1
        ):
            packages.append((plan, programme_id, number, package_title, sectors))
    package_ids = reserve_ids(PolicyPackage, len(packages))
    package_rows, links = [], []
    for package_id, (plan, programme_id, number, package_title, sectors) in zip(
        package_ids, packages, strict=True
    ):
        package_rows.append(
            (package_id, programme_id, number, package_title, [str(s) for s in sectors])
        )
        for sector in sectors:
            plan.packages.setdefault(sector, package_id)
        carriers = {
            a.id
            for a in plan.agencies
            for sector in sectors
            if a.abbreviation in names.RESPONSIBLE_KINDS.get(sector, [])
        }
        links += [(package_id, agency_id) for agency_id in sorted(carriers)]
    counts[Programme] += Table(
        Programme,
        ["id", "kabupaten_id", "name", "description", "start_year", "end_year"],
        now=now,
    ).write(programmes)
    counts[PolicyPackage] += Table(
        PolicyPackage, ["id", "programme_id", "number", "title", "sectors"], now=now
    ).write(package_rows)
    counts[PolicyPackage.agencies.through] += Table(
        PolicyPackage.agencies.through, ["policypackage_id", "agency_id"], now=now
    ).write(links)
