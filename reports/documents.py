"""What each report contains, built from the same selectors as the pages."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from coaching import selectors as coaching_selectors
from coaching.models import ClinicSession, FollowUp, QuickWin
from programs.models import Agency, Kabupaten, Milestone, Province

from . import selectors
from .models import Report
from .pdf import render_pdf

Progress = Callable[[int], None]


@dataclass
class Built:
    template: str
    context: dict


def _kabupaten_context(
    kabupaten: Kabupaten, year: int, today: date, up_to_quarter: int | None = None
) -> dict:
    dashboard = selectors.kabupaten_dashboard(
        kabupaten=kabupaten, year=year, today=today, up_to_quarter=up_to_quarter
    )
    follow_ups = list(
        FollowUp.objects.filter(kabupaten=kabupaten)
        .filter(session__date__year__lte=year)
        .select_related("owner", "session")
        .order_by("status", "due_date", "id")
    )
    return {
        "dashboard": dashboard,
        "kabupaten": kabupaten,
        "year": year,
        "up_to_quarter": up_to_quarter,
        "follow_ups": follow_ups,
        "quick_wins": list(
            QuickWin.objects.filter(kabupaten=kabupaten, target_date__year=year).select_related(
                "agency"
            )
        ),
        "today": today,
    }


def build_kabupaten(report: Report, today: date, progress: Progress) -> Built:
    params = report.parameters
    context = _kabupaten_context(
        report.kabupaten, params["year"], today, params.get("up_to_quarter")
    )
    return Built("reports/pdf/kabupaten.html", context)


def build_province(report: Report, today: date, progress: Progress) -> Built:
    year = report.parameters["year"]
    province = report.province
    dashboard = selectors.province_dashboard(province=province, year=year, today=today)
    progress(30)
    highlights, without_targets = [], []
    for kabupaten in selectors.kabupaten_dashboards(
        kabupaten=[row.kabupaten for row in dashboard.rows], year=year, today=today, trends=False
    ):
        if not kabupaten.lights.total:
            without_targets.append(kabupaten.kabupaten)
            continue
        # One section each: the indicators furthest from their targets say most.
        rows = [r for s in kabupaten.sectors for r in s.rows if r.target.progress is not None]
        highlights.append(
            {"dashboard": kabupaten, "attention": sorted(rows, key=lambda r: r.target.progress)[:6]}
        )
    progress(60)
    return Built(
        "reports/pdf/province.html",
        {
            "dashboard": dashboard,
            "highlights": highlights,
            "without_targets": without_targets,
            "province": province,
            "year": year,
            "today": today,
        },
    )


def _milestone_rank(dashboard: selectors.ProvinceDashboard) -> tuple:
    counts = dashboard.milestones
    return tuple(-counts[m] for m in reversed(Milestone.values)) + (dashboard.province.code,)


def build_national(report: Report, today: date, progress: Progress) -> Built:
    """Provinces ranked by progress and by SSK milestones first, what a reader at national level
    compares; then each province's matrix, and the provinces without any data in one line."""
    year = report.parameters["year"]
    dashboards = selectors.province_dashboards(
        provinces=Province.objects.order_by("code"), year=year, today=today
    )
    progress(50)
    with_targets = [d for d in dashboards if d.rows_with_targets]
    with_milestones = [d for d in dashboards if len(d.rows) > d.milestones[""]]
    return Built(
        "reports/pdf/national.html",
        {
            "by_progress": sorted(
                with_targets,
                key=lambda d: (
                    d.average_progress is None,
                    -(d.average_progress or 0),
                    d.province.code,
                ),
            ),
            "by_milestones": [
                {
                    "dashboard": d,
                    "counts": [d.milestones[m] for m in reversed(Milestone.values)],
                    "none": d.milestones[""],
                }
                for d in sorted(with_milestones, key=_milestone_rank)
            ],
            "milestone_names": list(reversed(Milestone.values)),
            "with_targets": with_targets,
            "without_data": [
                d.province for d in dashboards if d not in with_targets and d not in with_milestones
            ],
            "year": year,
            "today": today,
        },
    )


def build_minutes(report: Report, today: date, progress: Progress) -> Built:
    session = ClinicSession.objects.select_related("kabupaten", "province").get(
        pk=report.parameters["session"]
    )
    return Built(
        "reports/pdf/minutes.html",
        {
            "session": session,
            "detail": coaching_selectors.session_detail(session=session),
            "today": today,
        },
    )


def build_opd_sheet(report: Report, today: date, progress: Progress) -> Built:
    agency = Agency.objects.select_related("kabupaten").get(pk=report.parameters["agency"])
    year = report.parameters["year"]
    return Built(
        "reports/pdf/opd_sheet.html",
        {
            "dashboard": selectors.opd_dashboard(agency=agency, year=year, today=today),
            "agency": agency,
            "kabupaten": agency.kabupaten,
            "year": year,
            "today": today,
        },
    )


BUILDERS = {
    Report.Kind.KABUPATEN: build_kabupaten,
    Report.Kind.PROVINCE: build_province,
    Report.Kind.NATIONAL: build_national,
    Report.Kind.MINUTES: build_minutes,
    Report.Kind.OPD_SHEET: build_opd_sheet,
}


def generate(report: Report) -> Report:
    """Build and render a report, storing the PDF on it; a failure is recorded, not raised."""

    def progress(percent: int) -> None:
        Report.objects.filter(pk=report.pk).update(progress=min(percent, 99))

    cutoff = timezone.now()
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING, data_cutoff=cutoff, progress=1
    )
    try:
        # Official documents are in Indonesian, whatever language the requester browses in.
        with translation.override("id"):
            built = BUILDERS[report.kind](report, timezone.localdate(), progress)
            context = {
                **built.context,
                "report": report,
                "generated_at": timezone.localtime(),
                "data_cutoff": timezone.localtime(cutoff),
            }
            pdf, pages = render_pdf(built.template, context)
    except Exception as error:  # the archive must show a failure instead of an eternal spinner
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        report.refresh_from_db()
        return report
    name = f"{slugify(report.title)[:80]}-{cutoff:%Y%m%d-%H%M}.pdf"
    with transaction.atomic():
        report.refresh_from_db()
        report.file.save(name, ContentFile(pdf), save=False)
        report.size = len(pdf)
        report.pages = pages
        report.status = Report.Status.DONE
        report.progress = 100
        report.finished_at = timezone.now()
        report.save()
    return report
