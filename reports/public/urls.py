"""The public section's addresses: stable, so that a Diskominfo portal can link to them.

Regions are named by their Kemendagri codes; a table by its name and format, e.g.
/publik/kabkota/62.07/data/indikator.csv?tahun=2025. The same names are listed, with every
column, on the data dictionary page.
"""

from django.urls import path

from . import publishing, views

app_name = "public"

urlpatterns = [
    path("publik/", views.national, name="national"),
    path("publik/data/<slug:table>.<slug:fmt>", views.national_data, name="national-data"),
    path("publik/provinsi/<str:code>/", views.province, name="province"),
    path(
        "publik/provinsi/<str:code>/data/<slug:table>.<slug:fmt>",
        views.province_data,
        name="province-data",
    ),
    path("publik/kabkota/<str:code>/", views.kabupaten, name="kabupaten"),
    path(
        "publik/kabkota/<str:code>/data/<slug:table>.<slug:fmt>",
        views.kabupaten_data,
        name="kabupaten-data",
    ),
    path("publik/kamus-data/", views.dictionary, name="dictionary"),
    path("publik/berkas/<int:pk>/", views.evidence, name="evidence"),
    # What Bapperida publishes of its kabupaten/kota: behind the login.
    path(
        "kabupaten/<str:code>/publication/",
        publishing.kabupaten_publication,
        name="kabupaten-publication",
    ),
]
