import csv
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from programs.catalogue import INDICATORS
from programs.models import Indicator, Kabupaten, Province
from programs.tracking import recorded_command

REGIONS_CSV = Path(settings.BASE_DIR) / "data" / "wilayah_kabkota.csv"


class Command(BaseCommand):
    help = (
        "Load the 38 provinces and 514 kabupaten/kota (data/wilayah_kabkota.csv) and the indicator "
        "catalogue. Idempotent: existing rows are updated, nothing is duplicated."
    )

    @transaction.atomic
    @recorded_command
    def handle(self, *args, **options) -> None:
        with REGIONS_CSV.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        provinces: dict[str, Province] = {}
        for row in rows:
            if row["jenis"] == "provinsi":
                provinces[row["kode"]], _ = Province.objects.update_or_create(
                    code=row["kode"],
                    defaults={
                        "name": row["nama"],
                        "area_km2": Decimal(row["luas_km2"]) if row["luas_km2"] else None,
                        "population": int(row["penduduk"]) if row["penduduk"] else None,
                    },
                )
        regencies = [
            Kabupaten(
                province=provinces[row["kode_provinsi"]],
                code=row["kode"],
                name=row["nama"],
                kind=row["jenis"],
                area_km2=Decimal(row["luas_km2"]) if row["luas_km2"] else None,
                population=int(row["penduduk"]) if row["penduduk"] else None,
            )
            for row in rows
            if row["jenis"] != "provinsi"
        ]
        Kabupaten.objects.bulk_create(
            regencies,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["province", "name", "kind", "area_km2", "population"],
        )
        for order, spec in enumerate(INDICATORS, start=1):
            Indicator.objects.update_or_create(
                code=spec["code"], defaults={**spec, "sort_order": order * 10}
            )
        self.stdout.write(
            f"Reference data: {len(provinces)} provinces, {len(regencies)} kabupaten/kota, "
            f"{len(INDICATORS)} indicators."
        )
