from django.tasks import task

from programs.tracking import acting

from .documents import generate
from .models import Report


@task
def generate_report(report_id: int) -> None:
    """Runs in a worker (`manage.py db_worker`), on this machine or another one. What it
    changes is recorded in the name of the person who asked for the report."""
    report = Report.objects.select_related("requested_by").get(pk=report_id)
    with acting(report.requested_by, "report.generate"):
        generate(report)
