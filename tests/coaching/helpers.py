"""Filling in the coaching forms as their pages render them, for the coaching view tests."""

import re
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching.models import FollowUp


def management(html: str, prefix: str) -> dict:
    """The management form of a formset as the page rendered it."""
    return {
        f"{prefix}-{name}": re.search(rf'name="{prefix}-{name}" value="(\d+)"', html).group(1)
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
    }


def session_post(client, url, world, **overrides):
    """Send an internal round's form from its page: Dinas PUPR and DLH attend, one guest."""
    page = client.get(url).content.decode()
    data = {
        "title": "Rakor Coaching Clinic II Perangkat Daerah",
        "clinic_number": "2",
        "date": "2025-08-25",
        "venue": "Aula Bapperida Kapuas",
        "chair": "Sekda Kabupaten Kapuas",
        "agenda": "Paparan capaian OPD",
        "summary": "OPD memaparkan capaian",
        "recommendations": "",
        "decisions": "",
        **management(page, "attendance"),
        **management(page, "guests"),
        "guests-0-organisation": "Bapperida Provinsi Kalimantan Tengah",
        "guests-0-names": "Kabid Infrastruktur",
    }
    for hidden in ("version", "submission"):
        found = re.search(rf'name="{hidden}" value="([^"]*)"', page)
        if found:
            data[hidden] = found.group(1)
    agencies = re.findall(r'name="attendance-(\d+)-agency" value="(\d+)"', page)
    for index, agency_pk in agencies:
        data[f"attendance-{index}-agency"] = agency_pk
        if int(agency_pk) in (world.kapuas_pupr.pk, world.kapuas_dlh.pk):
            data[f"attendance-{index}-present"] = "on"
            data[f"attendance-{index}-attendee_names"] = f"Utusan {agency_pk}"
    data.update(overrides)
    return client.post(url, data)


def add_follow_ups(world, count: int) -> None:
    """`count` more follow-ups of the Kapuas round, shared between its two OPDs."""
    for n in range(count):
        FollowUp.objects.create(
            kabupaten=world.kapuas,
            session=world.kapuas_session,
            owner=[world.kapuas_pupr, world.kapuas_dlh][n % 2],
            action=f"RTL {n}",
            due_date=date(2025, 9, 1) + timedelta(days=n),
            created_by=world.users["kapuas"],
        )


def queries(client, url) -> int:
    """How many queries a page takes (and that it answers at all)."""
    client.get(url)  # a first request fills the process's caches (content types, translations)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
