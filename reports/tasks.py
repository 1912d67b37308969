from django.tasks import task

from .documents import generate
from .models import Report


@task
def generate_report(report_id: int) -> None:
    """Runs in a worker (`manage.py db_worker`), on this machine or another one."""
    generate(Report.objects.get(pk=report_id))
