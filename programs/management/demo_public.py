"""The demo's public section for `seed_demo`: who publishes, and what Seruyan and Kapuas show.

Seruyan's verified values and Seruyan Barasih's funding are public as they stand (every
kabupaten/kota publishes unless it opts out). Quick wins are private until Bapperida marks one
public: here two of Seruyan's and one of Kapuas's are, and one of Seruyan's stays internal.
Seeded once: a quick win that exists already is left as people made it.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from coaching.models import Evidence, QuickWin
from programs.models import Kabupaten
from reports.models import PublicationSettings

PUBLISHER = "Bapperida Provinsi Kalimantan Tengah"

# (title, OPD, target date, status, description, public)
SERUYAN_QUICK_WINS = [
    (
        "TPS3R percontohan di Kuala Pembuang",
        "DLH",
        date(2025, 12, 15),
        "in_progress",
        "Satu TPS3R berbasis masyarakat untuk dua kelurahan, bagian dari Paket Kebijakan 2 "
        "Seruyan Barasih. (Data demo)",
        True,
    ),
    (
        "Sambungan rumah air minum untuk 300 rumah tangga",
        "PDAM",
        date(2025, 11, 30),
        "achieved",
        "Perluasan jaringan perpipaan di Kecamatan Seruyan Hilir. (Data demo)",
        True,
    ),
    (
        "Penjajakan mitra CSR untuk IPLT",
        "Bapperida",
        date(2026, 6, 30),
        "planned",
        "Masih dibahas internal; belum untuk publik. (Data demo)",
        False,
    ),
]

# A one-page PDF, so that the public quick win has a file anybody may open.
LEAFLET = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def seed_public() -> None:
    PublicationSettings.objects.get_or_create(pk=1)
    PublicationSettings.objects.filter(pk=1, publisher="").update(publisher=PUBLISHER)
    staff = get_user_model().objects.get(username="bapperida.seruyan")
    seruyan = Kabupaten.objects.get(code="62.07")
    agencies = {a.abbreviation: a for a in seruyan.agencies.all()}
    for title, agency, target_date, status, description, public in SERUYAN_QUICK_WINS:
        win, created = QuickWin.objects.get_or_create(
            kabupaten=seruyan,
            title=title,
            defaults={
                "agency": agencies[agency],
                "target_date": target_date,
                "status": status,
                "description": description,
                "is_public": public,
                "created_by": staff,
            },
        )
        if created and public and status == "in_progress":
            leaflet = Evidence(
                quick_win=win,
                kind=Evidence.Kind.DOCUMENT,
                description="Lembar informasi TPS3R (data demo)",
                original_name="lembar-informasi-tps3r.pdf",
                content_type="application/pdf",
                size=len(LEAFLET),
                uploaded_by=staff,
                is_public=True,
            )
            leaflet.file.save("lembar-informasi-tps3r.pdf", ContentFile(LEAFLET), save=True)
    QuickWin.objects.filter(
        kabupaten__code="62.03", title="Bank sampah sekolah di Kuala Kapuas", version=1
    ).update(is_public=True)
