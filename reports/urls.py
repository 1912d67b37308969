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
    path("kabupaten/<str:code>/report/", views.kabupaten_report, name="kabupaten-report"),
    path("kabupaten/<str:code>/opd/<int:agency_pk>/sheet/", views.opd_sheet, name="opd-sheet"),
    path("regions/<str:code>/report/", views.province_report, name="province-report"),
    path("national-report/", views.national_report, name="national-report"),
    path("clinics/<int:pk>/minutes/", views.minutes_report, name="minutes-report"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/download/", views.report_download, name="report-download"),
    path("kabupaten/<str:code>/export/values/", views.values_export, name="values-export"),
    path("kabupaten/<str:code>/export/targets/", views.targets_export, name="targets-export"),
    path("kabupaten/<str:code>/export/funding/", views.funding_export, name="funding-export"),
    path(
        "kabupaten/<str:code>/export/follow-ups/", views.followups_export, name="followups-export"
    ),
    path(
        "regions/<str:code>/export/follow-ups/",
        views.province_followups_export,
        name="province-followups-export",
    ),
    path(
        "kabupaten/<str:code>/export/quick-wins/", views.quickwins_export, name="quickwins-export"
    ),
]
