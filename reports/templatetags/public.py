"""Addresses of the public section's downloads, for its templates."""

from django import template
from django.urls import reverse

from reports.public.datasets import KABUPATEN, NATIONAL, PROVINCE

register = template.Library()

URL_NAMES = {
    NATIONAL: "public:national-data",
    PROVINCE: "public:province-data",
    KABUPATEN: "public:kabupaten-data",
}


@register.simple_tag
def data_url(scope: str, code: str, table: str, fmt: str, year=None) -> str:
    """/publik/kabkota/62.07/data/indikator.csv?tahun=2025 and the like."""
    kwargs = {"table": table, "fmt": fmt}
    if scope != NATIONAL:
        kwargs["code"] = code
    url = reverse(URL_NAMES[scope], kwargs=kwargs)
    return f"{url}?tahun={year}" if year else url


@register.simple_tag
def data_url_pattern(scope: str, table: str, fmt: str) -> str:
    """The stable address of a table with its placeholders, as the data dictionary shows it."""
    placeholder = {PROVINCE: "{kode_provinsi}", KABUPATEN: "{kode_kabupaten_kota}"}
    kwargs = {"table": table, "fmt": fmt}
    if scope != NATIONAL:
        kwargs["code"] = "CODE"
    url = reverse(URL_NAMES[scope], kwargs=kwargs)
    return url.replace("CODE", placeholder.get(scope, "")) + "?tahun={tahun}"
