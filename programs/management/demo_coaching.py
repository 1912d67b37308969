"""Demo coaching for `seed_demo`: Kalimantan Tengah's 2025 clinics as the regional news
reported them (a province clinic with Kapuas and Seruyan, Kapuas's internal round with its
OPDs, the preparation of the third clinic), with their follow-ups and a quick win.

Each session is made once, found again by its province, title and date; what belongs to it is
made only with it, so a second run changes nothing people edited since.
"""

from datetime import date

from django.contrib.auth import get_user_model

from coaching.models import (
    Attendance,
    ClinicSession,
    FollowUp,
    FollowUpUpdate,
    Guest,
    Participation,
    QuickWin,
)
from programs.models import Kabupaten, Province


def seed_coaching(province: Province) -> None:
    """Kalteng's 2025 clinics as the regional news reported them, with follow-ups."""
    User = get_user_model()
    staff = User.objects.get(username="provinsi.kalteng")
    kapuas_staff = User.objects.get(username="bapperida.kapuas")
    kapuas = Kabupaten.objects.get(code="62.03")
    seruyan = Kabupaten.objects.get(code="62.07")
    agencies = {a.abbreviation: a for a in kapuas.agencies.all()}

    def session(**fields):
        found, created = ClinicSession.objects.get_or_create(
            province=province,
            title=fields.pop("title"),
            date=fields.pop("date"),
            defaults=fields,
        )
        return found, created

    cc1, created = session(
        title="Coaching Clinic I PPSP Kabupaten Kapuas dan Seruyan",
        date=date(2025, 8, 12),
        level="province",
        clinic_number=1,
        venue="Bapperida Provinsi Kalimantan Tengah, Palangka Raya",
        chair="Kepala Bapperida Provinsi Kalimantan Tengah",
        created_by=staff,
        summary="Penyampaian komitmen kepala daerah (M1) dan rencana penyusunan paket kebijakan.",
    )
    if created:
        for kabupaten in (kapuas, seruyan):
            Participation.objects.create(
                session=cc1,
                kabupaten=kabupaten,
                milestone_confirmed="M1",
                presentation="Komitmen Bupati terhadap pelaksanaan SSK.",
                feedback="Segera bentuk tim penyusun paket kebijakan.",
            )
    rakor, created = session(
        title="Rakor Coaching Clinic II Perangkat Daerah",
        date=date(2025, 8, 25),
        level="kabupaten",
        kabupaten=kapuas,
        clinic_number=2,
        venue="Aula Bapperida Kapuas",
        chair="Sekda Kabupaten Kapuas",
        created_by=kapuas_staff,
        agenda="Paparan capaian OPD; pembahasan rencana tindak lanjut CC I.",
        summary="OPD memaparkan capaian layanan sanitasi dan kendala di lapangan.",
        recommendations="Pilih teknologi pengganti jamban apung; manfaatkan TPS3R sebagai percontohan.",
        decisions="Usulan kegiatan sanitasi dibawa ke Musrenbang kecamatan.",
    )
    if created:
        for abbreviation, names in (
            ("Bapperida", "Kepala Bidang Infrastruktur"),
            ("Dinas PUPR", "Kabid Cipta Karya"),
            ("DLH", "Sekretaris DLH"),
            ("Dinkes", "Kabid Kesmas"),
            ("DPMD", "Kabid Pemdes"),
        ):
            Attendance.objects.create(
                session=rakor, agency=agencies[abbreviation], attendee_names=names
            )
        Guest.objects.create(session=rakor, organisation="Bapperida Provinsi Kalimantan Tengah")
        Guest.objects.create(session=rakor, organisation="BPPW Kalimantan Tengah")
        for owner, action, due, status in (
            (
                "Dinas PUPR",
                "Memilih teknologi pengganti jamban apung di bantaran sungai",
                date(2025, 10, 31),
                "in_progress",
            ),
            (
                "DLH",
                "Menetapkan TPS3R Selat Hilir sebagai percontohan",
                date(2025, 9, 30),
                "done",
            ),
            (
                "Bapperida",
                "Membawa usulan sanitasi ke Musrenbang kecamatan",
                date(2026, 2, 28),
                "open",
            ),
            (
                "DPMD",
                "Menyiapkan surat edaran Bupati tentang Dana Desa untuk sanitasi",
                date(2026, 12, 1),
                "open",
            ),
        ):
            follow_up = FollowUp.objects.create(
                kabupaten=kapuas,
                session=rakor,
                owner=agencies[owner],
                action=action,
                due_date=due,
                status=status,
                created_by=kapuas_staff,
            )
            if status != "open":
                FollowUpUpdate.objects.create(
                    follow_up=follow_up,
                    date=date(2025, 9, 20),
                    status=status,
                    author=kapuas_staff,
                    note="Dilaporkan pada rapat evaluasi bulanan. (Data demo)",
                )
        QuickWin.objects.create(
            kabupaten=kapuas,
            agency=agencies["DLH"],
            session=rakor,
            title="Bank sampah sekolah di Kuala Kapuas",
            target_date=date(2025, 12, 15),
            status="achieved",
            created_by=kapuas_staff,
        )
    prep, created = session(
        title="Rapat Persiapan Coaching Clinic 3",
        date=date(2025, 10, 20),
        level="province",
        clinic_number=3,
        venue="Bapperida Provinsi Kalimantan Tengah, Palangka Raya",
        chair="Kepala Bapperida Provinsi Kalimantan Tengah",
        created_by=staff,
    )
    if created:
        Participation.objects.create(
            session=prep,
            kabupaten=seruyan,
            milestone_confirmed="M2",
            presentation="Seruyan Barasih: Paket Kebijakan 1 (air minum dan sanitasi) dan 2 (persampahan).",
            feedback="Tetapkan lokasi uji coba model layanan dan daftar kegiatannya.",
        )
        Participation.objects.create(session=prep, kabupaten=kapuas)
        seruyan_dlh = seruyan.agencies.get(abbreviation="DLH")
        FollowUp.objects.create(
            kabupaten=seruyan,
            session=prep,
            owner=seruyan_dlh,
            created_by=staff,
            action="Menambah TPS3R di dua kecamatan uji coba",
            due_date=date(2026, 3, 31),
        )
