from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coaching.models import Evidence
from tests.valid_forms import PDF


class EvidenceAttachTests:
    def test_it_accepts_a_pdf_and_serves_it_only_within_scope(self, client_for, world):
        client = client_for("kapuas")
        url = reverse("coaching:session-evidence", kwargs={"pk": world.kapuas_session.pk})
        response = client.post(
            url,
            {
                "kind": "minutes",
                "description": "Notulen",
                "file": SimpleUploadedFile("notulen rapat.pdf", PDF),
            },
        )
        assert response.status_code == 302
        evidence = Evidence.objects.latest("id")
        download = client.get(evidence.get_absolute_url())
        assert b"".join(download.streaming_content) == PDF
        assert "notulen rapat.pdf" in download["Content-Disposition"]
        assert client_for("seruyan").get(evidence.get_absolute_url()).status_code == 404

    def test_it_refuses_a_disguised_file(self, client_for, world):
        before = Evidence.objects.count()
        url = reverse("coaching:session-evidence", kwargs={"pk": world.kapuas_session.pk})
        response = client_for("kapuas").post(
            url,
            {"kind": "minutes", "file": SimpleUploadedFile("notulen.pdf", b"<script>x</script>")},
        )
        assert response.status_code == 400
        assert "Jenis berkas ini tidak diterima" in response.content.decode()
        assert Evidence.objects.count() == before

    def test_it_attaches_to_a_follow_up_and_a_quick_win_and_stays_in_scope(self, client_for, world):
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
