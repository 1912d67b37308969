from django.urls import path

from .models import ImportJob
from .views import funding, imports, regions, targets, values

app_name = "programs"

VALUES, TARGETS, FUNDING = (
    {"kind": ImportJob.Kind.VALUES.value},
    {"kind": ImportJob.Kind.TARGETS.value},
    {"kind": ImportJob.Kind.FUNDING.value},
)

urlpatterns = [
    path("regions/", regions.province_list, name="province-list"),
    path("regions/<str:code>/", regions.province_detail, name="province-detail"),
    path("kabupaten/<str:code>/", regions.kabupaten_detail, name="kabupaten-detail"),
    path("kabupaten/<str:code>/targets/<str:sector>/", targets.targets_grid, name="targets-grid"),
    path("kabupaten/<str:code>/values/", values.values_entry, name="values-entry"),
    path(
        "kabupaten/<str:code>/verification/",
        values.verification_queue,
        name="verification-queue",
    ),
    path("targets/<int:pk>/periods/<int:period>/", values.value_edit, name="value-edit"),
    path("values/<int:pk>/", values.value_detail, name="value-detail"),
    # One view reviews a value; the address says how.
    path("values/<int:pk>/verify/", values.value_review, {"action": "verify"}, name="value-verify"),
    path("values/<int:pk>/return/", values.value_review, {"action": "return"}, name="value-return"),
    path("values/<int:pk>/reopen/", values.value_review, {"action": "reopen"}, name="value-reopen"),
    path("values/<int:pk>/evidence/", values.value_evidence, name="value-evidence"),
    path("kabupaten/<str:code>/funding/", funding.funding_overview, name="funding-overview"),
    path(
        "kabupaten/<str:code>/funding/<str:kind>/<int:pk>/<int:year>/",
        funding.funding_grid,
        name="funding-grid",
    ),
    path("funding/<int:pk>/", funding.funding_line_detail, name="funding-line-detail"),
    path(
        "funding/<int:pk>/realisasi/", funding.funding_realisation_edit, name="funding-realisation"
    ),
    path("funding/<int:pk>/evidence/", funding.funding_evidence, name="funding-evidence"),
    path("kabupaten/<str:code>/values/template/", imports.values_template, name="values-template"),
    # One view uploads and one confirms, for values, targets and funding alike; the address says
    # which.
    path("kabupaten/<str:code>/values/import/", imports.import_page, VALUES, name="values-import"),
    path(
        "kabupaten/<str:code>/values/import/confirm/",
        imports.import_confirm,
        VALUES,
        name="values-import-confirm",
    ),
    path(
        "kabupaten/<str:code>/import/targets/template/",
        imports.targets_template,
        name="targets-template",
    ),
    path(
        "kabupaten/<str:code>/import/targets/", imports.import_page, TARGETS, name="targets-import"
    ),
    path(
        "kabupaten/<str:code>/import/targets/confirm/",
        imports.import_confirm,
        TARGETS,
        name="targets-import-confirm",
    ),
    path(
        "kabupaten/<str:code>/import/funding/template/",
        imports.funding_template,
        name="funding-template",
    ),
    path(
        "kabupaten/<str:code>/import/funding/", imports.import_page, FUNDING, name="funding-import"
    ),
    path(
        "kabupaten/<str:code>/import/funding/confirm/",
        imports.import_confirm,
        FUNDING,
        name="funding-import-confirm",
    ),
    path("kabupaten/<str:code>/import/<uuid:job>/", imports.import_job, name="import-job"),
]
