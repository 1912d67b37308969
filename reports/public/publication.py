"""The publication version, read once per request, and everything cached under it.

PostgreSQL bumps the version whenever something a public page shows changes (migration
reports/0004). Every cached page and download is keyed by it, together with the language, the
day and what was asked for: after a change the next request reads a new version, misses the
cache and computes the page afresh, so nothing can serve a stale figure and no write path has
to remember to invalidate anything.

The cache is Django's cache framework, alias "public" (see settings.CACHES). The version lives
in the database, so several app servers agree on it whatever cache each of them uses.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import caches
from django.db import connection
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from programs.models import Kabupaten, Province

from .models import KabupatenPublication, PublicationSettings, PublicationVersion

CACHE_ALIAS = "public"


@dataclass(frozen=True)
class PublicRegion:
    """A province or kabupaten/kota as the public pages name it (no model instance: the state
    below is kept between requests)."""

    id: int
    code: str
    name: str
    kind: str = "provinsi"
    province_code: str = ""
    published: bool = True

    @property
    def full_name(self) -> str:
        if self.kind == "provinsi":
            return self.name
        return f"{Kabupaten.Kind(self.kind).label} {self.name}"


@dataclass(frozen=True)
class Publication:
    """What every public request needs to know, for one version: computed once per version."""

    version: str
    changed_at: datetime | None
    enabled: bool
    publisher: str
    licence: str
    provinces: dict[str, PublicRegion] = field(default_factory=dict)
    kabupaten: dict[str, PublicRegion] = field(default_factory=dict)
    # The kabupaten/kota that opted out: left out of every public figure.
    hidden: tuple[int, ...] = ()

    @property
    def publisher_name(self) -> str:
        """Who publishes the data: as the administrator named it, else the portal."""
        return self.publisher or str(_("PPSP Portal"))

    def province_kabupaten(self, province_code: str) -> list[PublicRegion]:
        """The province's published kabupaten/kota, by code."""
        return [
            k for k in self.kabupaten.values() if k.province_code == province_code and k.published
        ]


def read_version() -> tuple[str, datetime | None]:
    """The current version and the time of the latest change it counts: one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(shard || ':' || version, ',' ORDER BY shard), max(changed_at) "
            f"FROM {PublicationVersion._meta.db_table}"
        )
        shards, changed_at = cursor.fetchone()
    token = hashlib.blake2b((shards or "").encode(), digest_size=8).hexdigest()
    return token, changed_at


# The state of the latest version this process has seen: one slot, replaced whole (a thread
# reading the old one meanwhile reads a consistent, if older, state).
_latest: list[Publication] = []


def current_publication(request: HttpRequest) -> Publication:
    """The publication state for this request: the version read once, the rest from memory."""
    found = getattr(request, "_publication", None)
    if found is not None:
        return found
    version, changed_at = read_version()
    known = _latest[0] if _latest else None
    if known is None or known.version != version:
        known = _load(version, changed_at)
        _latest[:] = [known]
    request._publication = known
    return known


def _load(version: str, changed_at: datetime | None) -> Publication:
    settings = PublicationSettings.current()
    provinces = {
        code: PublicRegion(pk, code, name)
        for pk, code, name in Province.objects.order_by("code").values_list("id", "code", "name")
    }
    hidden = KabupatenPublication.objects.filter(kabupaten=OuterRef("pk"), published=False)
    kabupaten = {
        code: PublicRegion(pk, code, name, kind, province_code, not opted_out)
        for pk, code, name, kind, province_code, opted_out in Kabupaten.objects.annotate(
            opted_out=Exists(hidden)
        )
        .order_by("code")
        .values_list("id", "code", "name", "kind", "province__code", "opted_out")
    }
    return Publication(
        version=version,
        changed_at=changed_at,
        enabled=settings.enabled,
        publisher=settings.publisher,
        licence=settings.licence,
        provinces=provinces,
        kabupaten=kabupaten,
        hidden=tuple(k.id for k in kabupaten.values() if not k.published),
    )


def cached(request: HttpRequest, name: str, compute: Callable[[], object], *parts) -> object:
    """`compute()` once per version, language, day and `parts`.

    The day belongs in the key because a page's default year and the clinics "held so far"
    follow the calendar, not only the data."""
    publication = current_publication(request)
    key = ":".join(
        [
            "public",
            publication.version,
            translation.get_language() or "id",
            timezone.localdate().isoformat(),
            name,
            *(str(part) for part in parts),
        ]
    )
    cache = caches[CACHE_ALIAS]
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found)
    return found
