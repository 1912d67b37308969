from django.urls import path

from . import funding_views, import_views, views

app_name = "programs"

urlpatterns = [
    path("regions/", views.province_list, name="province-list"),
    path("regions/<str:code>/", views.province_detail, name="province-detail"),
    path("kabupaten/<str:code>/", views.kabupaten_detail, name="kabupaten-detail"),
    path("kabupaten/<str:code>/targets/<str:sector>/", views.targets_grid, name="targets-grid"),
    path("kabupaten/<str:code>/values/", views.values_entry, name="values-entry"),
    path("kabupaten/<str:code>/verification/", views.verification_queue, name="verification-queue"),
    path("targets/<int:pk>/periods/<int:period>/", views.value_edit, name="value-edit"),
    path("values/<int:pk>/", views.value_detail, name="value-detail"),
    path("values/<int:pk>/verify/", views.value_verify, name="value-verify"),
    path("values/<int:pk>/return/", views.value_return, name="value-return"),
    path("values/<int:pk>/reopen/", views.value_reopen, name="value-reopen"),
    path("values/<int:pk>/evidence/", views.value_evidence, name="value-evidence"),
    path("kabupaten/<str:code>/funding/", funding_views.funding_overview, name="funding-overview"),
    path(
        "kabupaten/<str:code>/funding/<str:kind>/<int:pk>/<int:year>/",
        funding_views.funding_grid,
        name="funding-grid",
    ),
    path("funding/<int:pk>/", funding_views.funding_line_detail, name="funding-line-detail"),
    path(
        "funding/<int:pk>/realisasi/",
        funding_views.funding_realisation_edit,
        name="funding-realisation",
    ),
    path("funding/<int:pk>/evidence/", funding_views.funding_evidence, name="funding-evidence"),
    path(
        "kabupaten/<str:code>/values/template/",
        import_views.values_template,
        name="values-template",
    ),
    path("kabupaten/<str:code>/values/import/", import_views.values_import, name="values-import"),
    path(
        "kabupaten/<str:code>/values/import/confirm/",
        import_views.values_import_confirm,
        name="values-import-confirm",
    ),
    path(
        "kabupaten/<str:code>/import/targets/template/",
        import_views.targets_template,
        name="targets-template",
    ),
    path(
        "kabupaten/<str:code>/import/targets/", import_views.targets_import, name="targets-import"
    ),
    path(
        "kabupaten/<str:code>/import/targets/confirm/",
        import_views.targets_import_confirm,
        name="targets-import-confirm",
    ),
    path(
        "kabupaten/<str:code>/import/funding/template/",
        import_views.funding_template,
        name="funding-template",
    ),
    path(
        "kabupaten/<str:code>/import/funding/", import_views.funding_import, name="funding-import"
    ),
    path(
        "kabupaten/<str:code>/import/funding/confirm/",
        import_views.funding_import_confirm,
        name="funding-import-confirm",
    ),
    path("kabupaten/<str:code>/import/<uuid:job>/", import_views.import_job, name="import-job"),
]
