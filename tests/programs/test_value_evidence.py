from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import ActualValue


class ValueEvidenceTests:
    def url(self, world):
        return reverse("programs:value-edit", kwargs={"pk": world.kapuas_target.pk, "period": 1})

    def test_it_attaches_a_checked_file_to_a_value(self, client_for, world):
        client = client_for("pupr")
        response = client.post(
            self.url(world),
            {
                "value": "73,5",
                "note": "Survei Agustus",
                "version": world.kapuas_value.version,
                "submit": "1",
                "evidence": SimpleUploadedFile(
                    "laporan survei.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
                ),
            },
        )
        assert response.status_code == 302
        value = ActualValue.objects.get(pk=world.kapuas_value.pk)
        assert value.evidence_name == "laporan survei.pdf"
        assert value.evidence_type == "application/pdf"
        assert "laporan survei" not in value.evidence.name  # stored under a random name
        download = client.get(reverse("programs:value-evidence", kwargs={"pk": value.pk}))
        assert b"".join(download.streaming_content).startswith(b"%PDF")

    def test_it_refuses_a_disguised_file_and_keeps_what_was_typed(self, client_for, world):
        response = client_for("pupr").post(
            self.url(world),
            {
                "value": "73,5",
                "note": "Survei Agustus",
                "version": world.kapuas_value.version,
                "submit": "1",
                "evidence": SimpleUploadedFile(
                    "bukti.pdf", b"<html><script>alert(1)</script></html>"
                ),
            },
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "Jenis berkas ini tidak diterima" in page
        assert 'value="73,5"' in page and "Survei Agustus" in page
        value = ActualValue.objects.get(pk=world.kapuas_value.pk)
        assert value.value == world.kapuas_value.value and value.evidence_name == "survei.pdf"
