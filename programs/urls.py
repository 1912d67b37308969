from django.urls import path

from . import import_views, views

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
    path("kabupaten/<str:code>/import/<uuid:job>/", import_views.import_job, name="import-job"),
]
