"""An OPD head reports the realisasi of the funding lines its OPD carries, and no other's."""

import re
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import FundingLine
from tests.forms import form_data
from tests.funding import make_line

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url_of(line) -> str:
    return reverse("programs:funding-realisation", kwargs={"pk": line.pk})


def stored(line) -> tuple:
    return FundingLine.objects.values_list("realisasi", "status", "note", "version").get(pk=line.pk)


class FundingRealisationEditTests:
    def test_it_lets_the_opd_head_report_with_evidence_for_the_kabupaten_to_read(
        self, client_for, world
    ):
        line = make_line(world, pagu="1500000000")
        client = client_for("pupr")
        data = form_data(client.get(url_of(line)).content.decode(), "realisasi")
        data |= {"realisasi": "Rp 1.125.000.000", "status": "realised", "note": "SP2D tahap 2"}
        data["evidence"] = SimpleUploadedFile("sp2d.pdf", PDF, content_type="application/pdf")
        response = client.post(url_of(line), data, follow=True)

        page = response.content.decode()
        assert "Realisasi sudah disimpan." in page
        assert "Rp 1.125.000.000" in page and "(75%)" in page
        assert "Realisasi pendanaan dilaporkan" in page  # the change history names the action
        assert re.search(r"Tahun</span>:\s*2025<", page)  # a year, not "2.025"
        line.refresh_from_db()
        assert (line.realisasi, line.status) == (Decimal("1125000000"), "realised")
        evidence = reverse("programs:funding-evidence", kwargs={"pk": line.pk})
        assert b"".join(client_for("kapuas").get(evidence).streaming_content) == PDF
        assert client_for("province").get(evidence).status_code == 200
        assert client_for("seruyan").get(evidence).status_code == 404

    def test_it_refuses_another_opd_of_the_same_kabupaten(self, client_for, world):
        line = make_line(world)  # Dinas PUPR's
        client = client_for("dlh")
        before = stored(line)
        assert client.get(url_of(line)).status_code == 403
        response = client.post(
            url_of(line), {"realisasi": "1", "status": "realised", "version": line.version}
        )
        assert response.status_code == 403
        assert stored(line) == before
        assert client.get(line.get_absolute_url()).status_code == 200  # reading is allowed
        own = make_line(world, agency=world.kapuas_dlh)
        assert client.get(url_of(own)).status_code == 200

    def test_it_explains_a_realisasi_above_the_pagu_without_a_note_and_writes_nothing(
        self, client_for, world
    ):
        line = make_line(world, pagu="100000000")
        client = client_for("pupr")
        data = form_data(client.get(url_of(line)).content.decode(), "realisasi")
        data |= {"realisasi": "120.000.000", "status": "realised", "note": ""}
        before = stored(line)
        response = client.post(url_of(line), data)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Realisasi melebihi pagu: jelaskan alasannya di catatan" in page
        assert 'value="120.000.000"' in page
        assert stored(line) == before

    def test_it_refuses_a_file_that_is_no_evidence(self, client_for, world):
        line = make_line(world)
        client = client_for("pupr")
        data = form_data(client.get(url_of(line)).content.decode(), "realisasi")
        data |= {"realisasi": "10.000.000", "status": "realised"}
        data["evidence"] = SimpleUploadedFile("spj.pdf", b"MZ\x90\x00 program")
        before = stored(line)
        page = client.post(url_of(line), data).content.decode()
        assert "Jenis berkas ini tidak diterima" in page
        assert stored(line) == before
