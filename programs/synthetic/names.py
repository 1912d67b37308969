"""Words the synthetic data set is made of: OPD line-ups, indicator levels and clinic texts.

The OPD names follow what kabupaten/kota call their agencies (see ../shared/DOMAIN.md: the
public-works and housing agencies go by several names); the texts are the kind of follow-ups
and quick wins reported from real coaching clinics in 2025.
"""

from programs.models import Agency, Sector

K = Agency.Kind

# (kind, full name, abbreviation, head's title). Every kabupaten/kota has the core OPDs; the
# public-works line-up is one of the variants; the optional ones make 8 to 15 OPDs in all.
CORE_AGENCIES = [
    (
        K.BAPPERIDA,
        "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
        "Bapperida",
        "Kepala Badan",
    ),
    (K.ENVIRONMENT, "Dinas Lingkungan Hidup", "DLH", "Kepala Dinas"),
    (K.HEALTH, "Dinas Kesehatan", "Dinkes", "Kepala Dinas"),
    (K.VILLAGE, "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", "Kepala Dinas"),
    (K.WATER_UTILITY, "Perusahaan Umum Daerah Air Minum", "PDAM", "Direktur Utama"),
    (K.FINANCE, "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", "Kepala Badan"),
]
PUBLIC_WORKS_VARIANTS = [
    [(K.PUBLIC_WORKS, "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", "Kepala Dinas")],
    [
        (K.PUBLIC_WORKS, "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", "Kepala Dinas"),
        (
            K.PUBLIC_WORKS,
            "Dinas Perumahan Rakyat dan Kawasan Permukiman",
            "Dinas Perkim",
            "Kepala Dinas",
        ),
    ],
    [
        (
            K.PUBLIC_WORKS,
            "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
            "Dinas PUPRPKP",
            "Kepala Dinas",
        )
    ],
    [
        (K.PUBLIC_WORKS, "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", "Kepala Dinas"),
        (
            K.PUBLIC_WORKS,
            "Dinas Perumahan, Kawasan Permukiman dan Pertanahan",
            "Dinperkimtan",
            "Kepala Dinas",
        ),
    ],
]
OPTIONAL_AGENCIES = [
    (K.WASTEWATER_UNIT, "UPTD Pengelolaan Air Limbah Domestik", "UPTD PALD", "Kepala UPTD"),
    (
        K.INFORMATION,
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "Diskominfo",
        "Kepala Dinas",
    ),
    (K.OTHER, "Dinas Pendidikan", "Disdik", "Kepala Dinas"),
    (K.OTHER, "Dinas Sosial", "Dinsos", "Kepala Dinas"),
    (K.OTHER, "Bagian Hukum Sekretariat Daerah", "Bagian Hukum", "Kepala Bagian"),
    (
        K.OTHER,
        "Bagian Perekonomian dan SDA Sekretariat Daerah",
        "Bagian Perekonomian",
        "Kepala Bagian",
    ),
    (K.OTHER, "Badan Penanggulangan Bencana Daerah", "BPBD", "Kepala Pelaksana"),
    (K.OTHER, "Inspektorat Daerah", "Inspektorat", "Inspektur"),
    (K.SUBDISTRICT, "Kecamatan Kota", "Kec. Kota", "Camat"),
]

FIRST_NAMES = [
    "Agus", "Budi", "Dewi", "Eko", "Fitri", "Hendra", "Indah", "Joko", "Kartika", "Lestari",
    "Made", "Nur", "Putu", "Rahmat", "Rina", "Siti", "Taufik", "Wahyu", "Yohanes", "Yusuf",
]  # fmt: skip
LAST_NAMES = [
    "Saputra", "Rahman", "Lestari", "Santoso", "Hidayat", "Wijaya", "Siregar", "Nasution",
    "Pratama", "Kurniawan", "Harahap", "Simanjuntak", "Setiawan", "Utami", "Gultom", "Dau",
]  # fmt: skip
DEGREES = ["S.T., M.T.", "S.E.", "S.KM., M.Kes.", "S.Sos.", "Ir.", "S.Kom.", "M.Si."]

# Which OPD answers for an indicator: the first kind present, by sector or by code.
RESPONSIBLE_KINDS = {
    Sector.WASTEWATER: ["Dinas Perkim", "Dinperkimtan", "Dinas PUPRPKP", "Dinas PUPR"],
    Sector.SOLID_WASTE: ["DLH"],
    Sector.DRINKING_WATER: ["Dinas PUPR", "Dinas PUPRPKP"],
    Sector.DRAINAGE: ["Dinas PUPR", "Dinas PUPRPKP"],
    Sector.HYGIENE: ["Dinkes"],
    Sector.STUNTING: ["Dinkes"],
}
RESPONSIBLE_BY_CODE = {"AL-03": "Dinkes", "AL-04": "Dinkes", "AL-06": "UPTD PALD", "AM-03": "PDAM"}

# National 2024 levels, roughly (DOMAIN.md and RPJMN figures); each kabupaten varies around them.
NATIONAL_LEVELS = {
    "AL-01": 82.0,
    "AL-02": 10.0,
    "AL-03": 4.0,
    "AL-04": 45.0,
    "AL-05": 2.0,
    "AL-06": 5.0,
    "AL-07": 150,
    "PS-01": 15.0,
    "PS-02": 50.0,
    "PS-03": 35.0,
    "PS-04": 8,
    "PS-05": 1,
    "AM-01": 88.0,
    "AM-02": 11.0,
    "AM-03": 22.0,
    "DR-01": 45.0,
    "HG-01": 65.0,
    "ST-01": 21.5,
}

PROGRAMME_NAMES = ["{name} Bersih", "{name} Sehat", "{name} Sanitasi Aman", "{name} Barasih"]
PACKAGES = [
    (
        "Air minum dan sanitasi yang aman, berkelanjutan dan inklusif",
        [Sector.DRINKING_WATER, Sector.WASTEWATER, Sector.HYGIENE],
    ),
    ("Pengelolaan persampahan berbasis masyarakat", [Sector.SOLID_WASTE]),
    ("Drainase lingkungan dan pengendalian genangan", [Sector.DRAINAGE]),
]

PRESENTATIONS = [
    "Capaian akses sanitasi aman dan rencana uji coba layanan lumpur tinja terjadwal.",
    "Komitmen kepala daerah dan penyusunan paket kebijakan sanitasi.",
    "Progres pembangunan tangki septik individual dan TPS3R.",
    "Integrasi pendanaan APBD, DAK dan Dana Desa untuk sanitasi.",
    "Hasil studi EHRA dan penetapan area berisiko sanitasi.",
]
FEEDBACK = [
    "Lengkapi dasar hukum paket kebijakan sebelum coaching clinic berikutnya.",
    "Tetapkan lokasi uji coba model layanan dan daftar kegiatannya.",
    "Pastikan kegiatan sanitasi masuk RKPD dan Renja OPD.",
    "Perkuat data capaian per kecamatan sebagai dasar monev.",
    "Koordinasikan dengan BPPW untuk dukungan infrastruktur.",
]
FOLLOW_UPS = [
    "Memilih teknologi pengganti jamban apung di bantaran sungai",
    "Menetapkan TPS3R sebagai percontohan pengelolaan sampah",
    "Membawa usulan kegiatan sanitasi ke Musrenbang kecamatan",
    "Menyiapkan surat edaran kepala daerah tentang Dana Desa untuk sanitasi",
    "Menyusun rancangan peraturan kepala daerah tentang layanan lumpur tinja",
    "Memutakhirkan data akses sanitasi per desa",
    "Menyusun jadwal layanan lumpur tinja terjadwal (LLTT)",
    "Mengusulkan DAK sanitasi untuk tangki septik individual",
    "Melaksanakan pemicuan STBM di desa prioritas",
    "Menambah armada pengangkutan sampah di kecamatan padat",
    "Menyusun SOP operasional IPLT",
    "Mengintegrasikan program sanitasi ke dalam Renja OPD",
]
DROP_REASONS = [
    "Digabung dengan tindak lanjut lain pada coaching clinic berikutnya.",
    "Anggaran dialihkan ke penanganan bencana.",
]
PROGRESS_NOTES = [
    "Dilaporkan pada rapat evaluasi bulanan.",
    "Koordinasi dengan OPD terkait sudah dilaksanakan.",
    "Dokumen sedang difinalkan.",
]
QUICK_WINS = [
    "Bank sampah sekolah",
    "Jamban sehat percontohan di desa prioritas",
    "Sedot tinja terjadwal untuk kantor pemerintah",
    "Gerakan cuci tangan pakai sabun di sekolah",
    "TPS3R percontohan berbasis masyarakat",
    "Kampung bebas BABS",
]
GUESTS = ["Bapperida Provinsi", "BPPW", "Dinas PUPR Provinsi", "Fasilitator PPSP"]
REVIEW_NOTES = [
    "Mohon lampirkan bukti dukung.",
    "Angka tidak sesuai laporan triwulan sebelumnya; mohon dicek.",
    "Satuan belum sesuai definisi indikator.",
]
