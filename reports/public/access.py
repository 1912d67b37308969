"""Who may see what in the public section: anybody, of what is published.

Beside programs.access and coaching.access, and built the same way: every public view finds
its region or file through these helpers, and whatever is not published is simply not there
(404), whether the whole section is switched off, the kabupaten/kota opted out, or a file was
never marked public.
"""

from django.db.models import Q
from django.http import Http404, HttpRequest

from coaching.models import ClinicSession, Evidence

from .publication import Publication, PublicRegion, current_publication


def open_publication(request: HttpRequest) -> Publication:
    """The publication state, when the administrator has not switched the section off."""
    publication = current_publication(request)
    if not publication.enabled:
        raise Http404
    return publication


def get_province_for_public(publication: Publication, code: str) -> PublicRegion:
    province = publication.provinces.get(code)
    if province is None:
        raise Http404
    return province


def get_kabupaten_for_public(publication: Publication, code: str) -> PublicRegion:
    kabupaten = publication.kabupaten.get(code)
    if kabupaten is None or not kabupaten.published:
        raise Http404
    return kabupaten


def public_evidence_q(publication: Publication) -> Q:
    """Files anybody may download: marked public, of a kabupaten/kota's own round or of a
    quick win marked public, of a kabupaten/kota that publishes. Never an attendance sheet
    or a follow-up's file (the database refuses to mark those public anyway)."""
    return (
        Q(is_public=True, follow_up__isnull=True)
        & ~Q(kind=Evidence.Kind.ATTENDANCE)
        & (
            Q(session__level=ClinicSession.Level.KABUPATEN)
            & ~Q(session__kabupaten_id__in=publication.hidden)
            | Q(quick_win__is_public=True) & ~Q(quick_win__kabupaten_id__in=publication.hidden)
        )
    )


def get_evidence_for_public(publication: Publication, pk: int) -> Evidence:
    evidence = Evidence.objects.filter(public_evidence_q(publication), pk=pk).first()
    if evidence is None:
        raise Http404
    return evidence
