"""Writes not driven by the journeys elsewhere, each used once as its user would, end to end:
editing a session and a quick win, evidence on follow-ups and quick wins, reopening a verified
value, the national summary request, and the target and quick-win exports."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from coaching.models import ClinicSession, Evidence
from reports.models import Report
from tests.coaching.test_coaching import session_post
from tests.history import actions, events

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_bapperida_edits_a_session_and_the_change_is_recorded(client_for, world):
    session = world.kapuas_session
    url = reverse("coaching:session-edit", kwargs={"pk": session.pk})
    response = session_post(client_for("kapuas"), url, world, venue="Aula Kantor Bupati Kapuas")
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.venue == "Aula Kantor Bupati Kapuas"
    assert actions(session)[-1] == "session.update"
    assert events(ClinicSession, pgh_obj=session).last().venue == "Aula Kantor Bupati Kapuas"


def test_bapperida_edits_a_quick_win(client_for, world):
    quick_win = world.kapuas_quickwin
    response = client_for("kapuas").post(
        reverse("coaching:quickwin-edit", kwargs={"pk": quick_win.pk}),
        {
            "title": quick_win.title,
            "agency": world.kapuas_dlh.pk,
            "target_date": "2099-06-30",
            "status": "achieved",
            "description": "Beroperasi sejak Juni",
            "version": quick_win.version,
        },
    )
    assert response.status_code == 302
    quick_win.refresh_from_db()
    assert (quick_win.agency, quick_win.status) == (world.kapuas_dlh, "achieved")
    assert actions(quick_win)[-1] == "quickwin.update"


def test_evidence_attaches_to_a_follow_up_and_a_quick_win_and_stays_in_scope(client_for, world):
    client = client_for("kapuas")
    subjects = [
        ("coaching:followup-evidence", world.kapuas_followup, "follow_up"),
        ("coaching:quickwin-evidence", world.kapuas_quickwin, "quick_win"),
    ]
    for url_name, subject, field in subjects:
        response = client.post(
            reverse(url_name, kwargs={"pk": subject.pk}),
            {
                "kind": "document",
                "description": "Bukti",
                "file": SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf"),
            },
        )
        assert response.status_code == 302
        evidence = Evidence.objects.get(**{field: subject})
        download = reverse("coaching:evidence-download", kwargs={"pk": evidence.pk})
        assert b"".join(client.get(download).streaming_content) == PDF
        assert client_for("seruyan").get(download).status_code == 404
        assert evidence.original_name in client.get(subject.get_absolute_url()).content.decode()


def test_a_verified_value_is_reopened_with_a_reason_through_the_page(client_for, world):
    value = world.kapuas_value
    client = client_for("kapuas")
    client.post(
        reverse("programs:value-verify", kwargs={"pk": value.pk}), {"version": value.version}
    )
    value.refresh_from_db()
    response = client.post(
        reverse("programs:value-reopen", kwargs={"pk": value.pk}),
        {"version": value.version, "reason": "Salah ketik di lapangan"},
        follow=True,
    )
    assert "Nilai sudah dibuka kembali." in response.content.decode()
    value.refresh_from_db()
    assert value.status != "verified"
    assert actions(value)[-1] == "value.reopen"
    assert "Salah ketik di lapangan" in response.content.decode()  # the history shows why


def test_administrators_request_the_national_summary_in_the_background(client_for, world):
    response = client_for("admin").post(reverse("reports:national-report"), {"year": "2025"})
    report = Report.objects.get(kind="national")
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert report.status == "queued" and report.parameters == {"year": 2025}
    assert client_for("province").post(reverse("reports:national-report")).status_code == 404


def test_targets_and_quick_wins_export_what_the_kabupaten_holds(client_for, world):
    client = client_for("kapuas")
    targets = client.get(
        reverse("reports:targets-export", kwargs={"code": "62.03"}), {"format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(targets.content.decode("utf-8-sig"))))
    assert any("AL-01" in row for row in rows)
    assert not any("Seruyan" in cell for row in rows for cell in row)

    quick_wins = client.get(
        reverse("reports:quickwins-export", kwargs={"code": "62.03"}), {"format": "xlsx"}
    )
    assert quick_wins["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = load_workbook(io.BytesIO(quick_wins.content)).active
    assert "TPS3R percontohan" in [cell.value for row in sheet.iter_rows() for cell in row]
