"""Who may see which archived report: beside programs.access and coaching.access, so that
every object a view shows is found through an access helper."""

from django.db.models import Q, QuerySet
from django.http import Http404

from programs.access import get_scope

from .models import Report


def reports_visible_to(user) -> QuerySet[Report]:
    scope = get_scope(user)
    reports = Report.objects.select_related("requested_by", "kabupaten", "province")
    if scope.is_admin:
        return reports
    mine = Q(requested_by=user)
    if scope.is_province_staff:
        return reports.filter(mine | Q(province_id=scope.province_id)).exclude(
            kind=Report.Kind.NATIONAL
        )
    if scope.kabupaten_id:
        return reports.filter(mine | Q(kabupaten_id=scope.kabupaten_id)).exclude(
            kind__in=[Report.Kind.NATIONAL, Report.Kind.PROVINCE]
        )
    return reports.filter(mine)


def get_report_for_user(user, pk: int) -> Report:
    report = reports_visible_to(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report
