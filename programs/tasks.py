from django.tasks import task

from .spreadsheets import jobs


@task
def check_import(job_id: str) -> None:
    """The dry run of a large spreadsheet import, in a worker (`manage.py db_worker`)."""
    jobs.import_job_check(job_id=job_id)


@task
def apply_import(job_id: str) -> None:
    """The confirmed write of a large spreadsheet import, in a worker."""
    jobs.import_job_apply(job_id=job_id)
