"""The funding sources every kabupaten's SSK draws on (DOMAIN.md: integrasi pendanaan).

The administrator extends or retires them in the admin; this migration only adds those that are
missing, so it never undoes what an administrator renamed or switched off.
"""

from django.db import migrations

SOURCES = [
    ("apbd-kabupaten", "APBD Kabupaten/Kota"),
    ("apbd-provinsi", "APBD Provinsi"),
    ("apbn", "APBN"),
    ("dak", "DAK"),
    ("dana-desa", "Dana Desa"),
    ("csr", "CSR/swasta"),
    ("hibah", "Hibah/donor"),
    ("kpbu", "KPBU"),
    ("lainnya", "Lainnya"),
]


def add_sources(apps, schema_editor):
    FundingSource = apps.get_model("programs", "FundingSource")
    for order, (code, name) in enumerate(SOURCES, start=1):
        FundingSource.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("programs", "0011_funding")]

    operations = [migrations.RunPython(add_sources, migrations.RunPython.noop)]
