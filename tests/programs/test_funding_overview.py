"""A kabupaten/kota's funding lines of a year: everyone who reads the kabupaten sees them; an
OPD head starts from its own, the only ones it reports on."""

from django.urls import reverse

from tests.funding import make_line


class FundingOverviewTests:
    def test_it_shows_province_staff_every_line_without_an_edit_link(self, client_for, world):
        line = make_line(world, pagu="1234567890")
        url = reverse("programs:funding-overview", kwargs={"code": "62.03"}) + "?year=2025"
        page = client_for("province").get(url).content.decode()
        assert "Rp 1.234.567.890" in page
        assert "Ubah pendanaan" not in page
        assert reverse("programs:funding-realisation", kwargs={"pk": line.pk}) not in page
        assert "Ubah pendanaan" in client_for("kapuas").get(url).content.decode()

    def test_it_starts_an_opd_head_from_its_own_lines_to_report_on(self, client_for, world):
        own = make_line(world, pagu="700000000")
        other = make_line(world, agency=world.kapuas_dlh, pagu="300000000")
        url = reverse("programs:funding-overview", kwargs={"code": "62.03"}) + "?year=2025"
        client = client_for("pupr")
        page = client.get(url).content.decode()
        assert "Rp 700.000.000" in page and "Rp 300.000.000" not in page
        assert reverse("programs:funding-realisation", kwargs={"pk": own.pk}) in page
        everything = client.get(url + "&agency=all").content.decode()
        assert "Rp 300.000.000" in everything  # other OPDs' lines: read-only
        assert reverse("programs:funding-realisation", kwargs={"pk": other.pk}) not in everything
