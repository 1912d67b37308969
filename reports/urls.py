from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("kabupaten/<str:code>/dashboard/", views.kabupaten_dashboard, name="kabupaten-dashboard"),
    path(
        "kabupaten/<str:code>/opd/<int:agency_pk>/dashboard/",
        views.opd_dashboard,
        name="opd-dashboard",
    ),
    path("regions/<str:code>/dashboard/", views.province_dashboard, name="province-dashboard"),
]
