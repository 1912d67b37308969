"""The public pages, their downloads and the data dictionary: no login, GET only.

Each view reads the publication state (one query: the version), finds its region through
reports.public.access, and takes its figures and its HTML from the cache when this version
already has them (reports.public.publication). A page then costs about what the framework's
own floor costs; a change the public pages show makes the next request compute afresh.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from ppsp_portal.downloads import stored_file_response
from ppsp_portal.params import year_param
from programs.spreadsheets import safe_filename

from ..metrics import AT_RISK, ON_TRACK
from ..selectors import LIGHTS
from . import selectors
from .access import (
    get_evidence_for_public,
    get_kabupaten_for_public,
    get_province_for_public,
    open_publication,
)
from .datasets import (
    BY_SCOPE,
    DATASETS,
    KABUPATEN,
    NATIONAL,
    PROVINCE,
    as_csv,
    as_json,
    get_dataset,
)
from .publication import Publication, cached

INLINE_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/webp")


def _figures(request: HttpRequest, publication: Publication, scope: str, code: str = ""):
    """The years a page offers, the year shown, and the page's figures (cached)."""
    today = timezone.localdate()
    hidden = publication.hidden
    if scope == NATIONAL:
        region, title = {}, ""

        def compute(year):
            return selectors.national_page(
                regions=publication, hidden=hidden, year=year, today=today
            )

    elif scope == PROVINCE:
        province = get_province_for_public(publication, code)
        region, title = {"kabupaten__province_id": province.id}, province.name

        def compute(year):
            return selectors.province_page(
                province=province,
                kabupaten=publication.province_kabupaten(code),
                hidden=hidden,
                year=year,
                today=today,
            )

    else:
        kabupaten = get_kabupaten_for_public(publication, code)
        province = publication.provinces[kabupaten.province_code]
        region, title = {"kabupaten_id": kabupaten.id}, kabupaten.full_name

        def compute(year):
            return selectors.kabupaten_page(
                kabupaten=kabupaten, province=province, year=year, today=today
            )

    years = cached(
        request,
        "years",
        lambda: selectors.years(hidden=hidden, today=today, **region),
        scope,
        code,
    )
    year = years.choose(year_param(request, "tahun"), today)
    return years, year, cached(request, "figures", lambda: compute(year), scope, code, year), title


def _page(request: HttpRequest, scope: str, code: str, template: str, crumbs) -> HttpResponse:
    publication = open_publication(request)
    years, year, figures, title = _figures(request, publication, scope, code)
    body = cached(
        request,
        "page",
        lambda: render_to_string(
            template,
            {
                "page": figures,
                "years": years.available,
                "funded": [y for y in years.funded if y != year],
                "year": year,
                "datasets": list(BY_SCOPE[scope].values()),
                "scope": scope,
                "code": code,
                "rule": {"on_track": ON_TRACK, "at_risk": AT_RISK},
                "legend": LIGHTS,
            },
        ),
        scope,
        code,
        year,
    )
    return render(
        request,
        "reports/public/page.html",
        {
            "body": mark_safe(body),  # noqa: S308 - the portal's own template, rendered above
            "title": title,
            "crumbs": crumbs(publication),
            "publication": publication,
        },
    )


@require_safe
def national(request: HttpRequest) -> HttpResponse:
    return _page(request, NATIONAL, "", "reports/public/national.html", lambda p: [])


@require_safe
def province(request: HttpRequest, code: str) -> HttpResponse:
    return _page(
        request,
        PROVINCE,
        code,
        "reports/public/province.html",
        lambda p: [(reverse("public:national"), None)],
    )


@require_safe
def kabupaten(request: HttpRequest, code: str) -> HttpResponse:
    def crumbs(publication):
        province = publication.provinces[publication.kabupaten[code].province_code]
        return [
            (reverse("public:national"), None),
            (reverse("public:province", kwargs={"code": province.code}), province.name),
        ]

    return _page(request, KABUPATEN, code, "reports/public/kabupaten.html", crumbs)


@require_safe
def dictionary(request: HttpRequest) -> HttpResponse:
    publication = open_publication(request)
    body = cached(
        request,
        "dictionary",
        lambda: render_to_string(
            "reports/public/dictionary.html",
            {"datasets": DATASETS, "publication": publication, "scopes": BY_SCOPE},
        ),
    )
    return render(
        request,
        "reports/public/page.html",
        {
            "body": mark_safe(body),  # noqa: S308 - the portal's own template, rendered above
            "crumbs": [(reverse("public:national"), None)],
            "publication": publication,
            "dictionary": True,
        },
    )


def _download(request: HttpRequest, scope: str, table: str, fmt: str, code: str = ""):
    publication = open_publication(request)
    dataset = get_dataset(scope, table)
    if dataset is None or fmt not in ("csv", "json"):
        raise Http404
    _years, year, figures, title = _figures(request, publication, scope, code)
    page_url = {
        NATIONAL: lambda: reverse("public:national"),
        PROVINCE: lambda: reverse("public:province", kwargs={"code": code}),
        KABUPATEN: lambda: reverse("public:kabupaten", kwargs={"code": code}),
    }[scope]()

    def write() -> str:
        if fmt == "csv":
            return as_csv(dataset, figures)
        site = settings.SITE_URL.rstrip("/")
        return as_json(
            dataset,
            figures,
            metadata={
                "dataset": dataset.slug,
                "cakupan": scope,
                "judul": str(dataset.title),
                "deskripsi": str(dataset.description),
                "wilayah": {"kode": code, "nama": title} if code else None,
                "tahun": year,
                "penerbit": publication.publisher_name,
                "lisensi": publication.licence,
                "data_per": publication.changed_at,
                "halaman": f"{site}{page_url}?tahun={year}",
                "kamus_data": f"{site}{reverse('public:dictionary')}#{dataset.anchor}",
            },
        )

    content = cached(request, "download", write, scope, code, year, table, fmt)
    name = safe_filename(f"ppsp-{code or 'indonesia'}-{table}-{year}")
    if fmt == "csv":
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{name}.json"'
    # Open data: any other portal may fetch it from a browser (no cookie is ever read here).
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def national_data(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    return _download(request, NATIONAL, table, fmt)


@require_safe
def province_data(request: HttpRequest, code: str, table: str, fmt: str) -> HttpResponse:
    return _download(request, PROVINCE, table, fmt, code)


@require_safe
def kabupaten_data(request: HttpRequest, code: str, table: str, fmt: str) -> HttpResponse:
    return _download(request, KABUPATEN, table, fmt, code)


@require_safe
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_evidence_for_public(open_publication(request), pk)
    return stored_file_response(
        request,
        found.file,
        as_attachment=found.content_type not in INLINE_TYPES,
        filename=found.original_name,
        content_type=found.content_type,
    )
