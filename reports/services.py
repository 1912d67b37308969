from django.db import transaction

from programs.models import Kabupaten, Province
from programs.tracking import acting

from .documents import generate
from .models import Report

# Reports that may take longer than a person should wait for a page.
BACKGROUND_KINDS = {Report.Kind.PROVINCE, Report.Kind.NATIONAL}


def report_request(
    *,
    actor,
    kind: str,
    title: str,
    parameters: dict,
    province: Province | None = None,
    kabupaten: Kabupaten | None = None,
) -> Report:
    """Archive a report request and generate it: now for small reports, by a worker for big ones."""
    from .tasks import generate_report

    with transaction.atomic(), acting(actor, "report.request"):
        report = Report.objects.create(
            kind=kind,
            title=title,
            parameters=parameters,
            province=province or (kabupaten.province if kabupaten else None),
            kabupaten=kabupaten,
            requested_by=actor,
        )
        if kind in BACKGROUND_KINDS:
            # The task row commits with the report row, so a worker never sees one without the other.
            generate_report.enqueue(report.pk)
            return report
    return generate(report)
