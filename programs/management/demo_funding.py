"""Demo funding for `seed_demo`: Seruyan Barasih's two packages in 2025 by source, and a few
lines of Kapuas's follow-ups and quick win so that the province dashboard has figures.

Written through the funding service, like a Bapperida officer's grid. A package's (or
follow-up's) year is seeded once: when its history holds any line of that year, even one
deleted since, it is left as people made it.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model

from programs.funding import FundingEntry, funding_save
from programs.history import event_model
from programs.models import (
    FundingLine,
    FundingSource,
    Kabupaten,
    PolicyPackage,
    subject_filter,
)

# (source code, OPD, planning reference, pagu, realisasi, status, note)
SERUYAN_BARASIH_2025 = {
    1: [
        (
            "apbd-kabupaten",
            "Dinas PUPR",
            "1.03.03.2.01 Pengelolaan dan pengembangan SPAM",
            "2350000000",
            "1480500000",
            "budgeted",
            "",
        ),
        (
            "dak",
            "Dinas Perkim",
            "1.04.02.2.01 DAK Fisik Sanitasi: tangki septik individual (SPALD-S)",
            "3120000000",
            "2985750000",
            "realised",
            "",
        ),
        (
            "apbn",
            "Dinas PUPR",
            "Dukungan BPPW Kalimantan Tengah: DED IPLT Kuala Pembuang",
            "4500000000",
            "0",
            "planned",
            "",
        ),
        (
            "apbd-kabupaten",
            "Dinkes",
            "1.02.02.2.02 STBM dan promosi PHBS",
            "385000000",
            "212400000",
            "budgeted",
            "",
        ),
        (
            "csr",
            "Dinkes",
            "Kemitraan perusahaan perkebunan: jamban sehat",
            "650000000",
            "702000000",
            "realised",
            "Mitra menambah 12 unit jamban sehat di Kecamatan Seruyan Hilir. (Data demo)",
        ),
    ],
    2: [
        (
            "apbd-kabupaten",
            "DLH",
            "2.11.03.2.01 Penanganan sampah: armada pengangkutan",
            "1275000000",
            "940250000",
            "budgeted",
            "",
        ),
        (
            "dana-desa",
            "DPMD",
            "TPS3R dan bank sampah desa",
            "820000000",
            "415000000",
            "budgeted",
            "",
        ),
        (
            "apbd-provinsi",
            "DLH",
            "Bantuan keuangan provinsi: TPS3R Kuala Pembuang",
            "600000000",
            "0",
            "planned",
            "",
        ),
        ("csr", "DLH", "Bank sampah sekolah", "150000000", "150000000", "realised", ""),
    ],
}

# Follow-ups and quick wins by their text: (year, [(source, OPD, reference, pagu, ...)])
FOLLOW_UPS = {
    ("62.03", "Memilih teknologi pengganti jamban apung di bantaran sungai"): (
        2025,
        [
            (
                "apbd-kabupaten",
                "Dinas PUPR",
                "1.03.10.2.01 Kajian teknologi sanitasi",
                "450000000",
                "180000000",
                "budgeted",
                "",
            )
        ],
    ),
    ("62.03", "Menyiapkan surat edaran Bupati tentang Dana Desa untuk sanitasi"): (
        2025,
        [("dana-desa", "DPMD", "Jamban sehat desa", "1200000000", "0", "planned", "")],
    ),
    ("62.07", "Menambah TPS3R di dua kecamatan uji coba"): (
        2026,
        [
            (
                "apbd-kabupaten",
                "DLH",
                "2.11.03.2.02 Pembangunan TPS3R",
                "1100000000",
                "0",
                "planned",
                "",
            )
        ],
    ),
}
QUICK_WINS = {
    ("62.03", "Bank sampah sekolah di Kuala Kapuas"): (
        2025,
        [("csr", "DLH", "CSR perbankan daerah", "85000000", "85000000", "realised", "")],
    ),
}


def seed_funding() -> None:
    from coaching.models import FollowUp, QuickWin

    sources = {source.code: source for source in FundingSource.objects.all()}
    seruyan = Kabupaten.objects.get(code="62.07")
    for package in PolicyPackage.objects.filter(
        programme__kabupaten=seruyan, programme__name="Seruyan Barasih"
    ):
        _seed(package, 2025, SERUYAN_BARASIH_2025.get(package.number, []), sources)
    for model, table, field in ((FollowUp, FOLLOW_UPS, "action"), (QuickWin, QUICK_WINS, "title")):
        for (code, text), (year, lines) in table.items():
            subject = model.objects.filter(kabupaten__code=code, **{field: text}).first()
            if subject is not None:
                _seed(subject, year, lines, sources)


def _seed(subject, year: int, lines: list[tuple], sources: dict) -> None:
    history = event_model(FundingLine).objects.filter(year=year, **subject_filter(subject))
    if not lines or history.exists():
        return
    kabupaten = subject.programme.kabupaten if hasattr(subject, "programme") else subject.kabupaten
    agencies = {agency.abbreviation: agency for agency in kabupaten.agencies.all()}
    officer = get_user_model().objects.get(username=f"bapperida.{kabupaten.name.lower()}")
    entries = [
        FundingEntry(
            source=sources[source],
            agency=agencies[agency],
            planning_reference=reference,
            pagu=Decimal(pagu),
            realisasi=Decimal(realisasi),
            status=status,
            note=note,
        )
        for source, agency, reference, pagu, realisasi, status, note in lines
        # An administrator may have renamed a source's code or an OPD: leave those lines out.
        if source in sources and agency in agencies
    ]
    if entries:
        funding_save(actor=officer, subject=subject, year=year, entries=entries)
