"""The funding grid: Bapperida keeps a package's lines of a year as one table, saved all or
nothing; what was typed survives every refusal."""

from decimal import Decimal

from django.urls import reverse

from programs.models import FundingLine
from tests.forms import form_data
from tests.funding import make_line, sources
from tests.history import actions


def grid_url(world, year=2025) -> str:
    return reverse(
        "programs:funding-grid",
        kwargs={"code": "62.07", "kind": "package", "pk": world.package_1.pk, "year": year},
    )


def grid_form(client, url) -> dict:
    return form_data(client.get(url).content.decode(), "lines-TOTAL_FORMS")


def add_row(form: dict, **fields) -> dict:
    """What formset.js does for "Add a line": one more row, numbered after the others."""
    index = int(form["lines-TOTAL_FORMS"])
    form["lines-TOTAL_FORMS"] = str(index + 1)
    row = {"line": "", "version": "", "status": "planned", "note": "", "planning_reference": ""}
    row.update(fields)
    form.update({f"lines-{index}-{name}": value for name, value in row.items()})
    return form


def stored() -> list[tuple]:
    return list(
        FundingLine.objects.order_by("pk").values_list("pk", "pagu", "realisasi", "status", "note")
    )


class FundingGridTests:
    def test_it_offers_one_row_when_empty_and_saves_it_typed_the_indonesian_way(
        self, client_for, world
    ):
        client = client_for("seruyan")
        url = grid_url(world)
        form = grid_form(client, url)
        assert form["lines-TOTAL_FORMS"] == "1"
        dak = sources()["dak"]
        form |= {
            "lines-0-source": str(dak.pk),
            "lines-0-agency": str(world.seruyan_pupr.pk),
            "lines-0-planning_reference": "1.03.10.2.01 Pembangunan SPALD-S",
            "lines-0-pagu": "Rp 2.750.000.000",
            "lines-0-realisasi": "1.234.567.890,50",
            "lines-0-status": "budgeted",
        }
        response = client.post(url, form, follow=True)

        assert "Pendanaan sudah disimpan (1 perubahan)." in response.content.decode()
        line = FundingLine.objects.get()
        assert (line.source, line.agency, line.kabupaten) == (
            dak,
            world.seruyan_pupr,
            world.seruyan,
        )
        assert line.pagu == Decimal("2750000000")
        assert line.realisasi == Decimal("1234567890.50")
        assert actions(line) == ["funding.save"]
        # The grid shows it back the way it was typed, so that saving again changes nothing.
        again = grid_form(client, url)
        assert again["lines-0-pagu"] == "2.750.000.000"
        assert again["lines-0-realisasi"] == "1.234.567.890,50"
        assert (
            "Pendanaan sudah disimpan (0 perubahan)."
            in client.post(url, again, follow=True).content.decode()
        )
        assert actions(line) == ["funding.save"]

    def test_it_adds_and_removes_rows_in_one_save(self, client_for, world):
        apbd = make_line(world, subject=world.package_1, agency=world.seruyan_pupr, reference="A")
        csr = make_line(
            world, subject=world.package_1, agency=world.seruyan_pupr, source="csr", reference="B"
        )
        client = client_for("seruyan")
        url = grid_url(world)
        form = grid_form(client, url)
        assert form["lines-TOTAL_FORMS"] == "2"
        remove = next(k for k, v in form.items() if k.endswith("-line") and v == str(csr.pk))
        form[remove.replace("-line", "-DELETE")] = "on"
        add_row(
            form,
            source=str(sources()["dana-desa"].pk),
            agency=str(world.seruyan_pupr.pk),
            pagu="600.000.000",
        )
        assert client.post(url, form).status_code == 302
        assert not FundingLine.objects.filter(pk=csr.pk).exists()
        assert FundingLine.objects.filter(pk=apbd.pk).exists()
        assert FundingLine.objects.get(source__code="dana-desa").pagu == Decimal("600000000")

    def test_it_ignores_a_blank_added_row(self, client_for, world):
        client = client_for("seruyan")
        url = grid_url(world)
        form = add_row(grid_form(client, url), source="", agency="", pagu="", realisasi="")
        response = client.post(url, form, follow=True)
        assert "(0 perubahan)" in response.content.decode()
        assert not FundingLine.objects.exists()

    def test_it_explains_a_badly_typed_amount_keeps_it_and_writes_nothing(self, client_for, world):
        make_line(world, subject=world.package_1, agency=world.seruyan_pupr)
        client = client_for("seruyan")
        url = grid_url(world)
        form = grid_form(client, url)
        form["lines-0-pagu"] = "1.5"  # a typing slip: a dot groups thousands in Indonesian
        add_row(
            form,
            source=str(sources()["apbn"].pk),
            agency=str(world.seruyan_pupr.pk),
            pagu="3.000.000.000",
        )
        before = stored()
        response = client.post(url, form)

        page = response.content.decode()
        assert response.status_code == 200
        assert "Tidak ada yang disimpan." in page
        assert "Tulis jumlah rupiah dengan cara Indonesia" in page
        assert 'value="1.5"' in page  # the typed value stays in its cell
        assert 'value="3.000.000.000"' in page  # and so does the good row's
        assert stored() == before

    def test_it_shows_the_services_refusals_beside_their_cells(self, client_for, world):
        client = client_for("seruyan")
        url = grid_url(world)
        form = grid_form(client, url)
        form |= {
            "lines-0-source": str(sources()["apbd-kabupaten"].pk),
            "lines-0-agency": str(world.seruyan_pupr.pk),
            "lines-0-pagu": "100.000.000",
            "lines-0-realisasi": "150.000.000",
            "lines-0-status": "realised",
        }
        add_row(form, source="", agency=str(world.seruyan_pupr.pk), pagu="20.000.000.000.000")
        page = client.post(url, form).content.decode()
        assert "Realisasi melebihi pagu: jelaskan alasannya di catatan" in page
        assert "Pilih sumber dana." in page
        assert "Lebih dari Rp 10 triliun pada satu baris" in page
        assert not FundingLine.objects.exists()

        form["lines-0-note"] = "Tambahan APBD Perubahan 2025"
        form["lines-1-source"] = str(sources()["apbn"].pk)
        form["lines-1-pagu"] = "2.000.000.000"
        assert client.post(url, form).status_code == 302
        assert FundingLine.objects.count() == 2

    def test_it_refuses_a_forged_opd_of_another_kabupaten(self, client_for, world):
        client = client_for("seruyan")
        url = grid_url(world)
        form = grid_form(client, url)
        form |= {
            "lines-0-source": str(sources()["apbn"].pk),
            "lines-0-agency": str(world.kapuas_pupr.pk),
            "lines-0-pagu": "1.000",
        }
        response = client.post(url, form)
        assert "Masukkan pilihan yang valid" in response.content.decode()
        assert not FundingLine.objects.exists()

    def test_it_creates_the_lines_of_a_resent_form_once(self, client_for, world):
        client = client_for("seruyan")
        url = grid_url(world)
        form = grid_form(client, url)
        form |= {
            "lines-0-source": str(sources()["apbn"].pk),
            "lines-0-agency": str(world.seruyan_pupr.pk),
            "lines-0-pagu": "1.000.000",
        }
        assert client.post(url, form).status_code == 302
        resent = client.post(url, form, follow=True)
        assert "Formulir ini sudah tersimpan." in resent.content.decode()
        assert FundingLine.objects.count() == 1

    def test_it_brings_back_a_line_removed_meanwhile_as_a_new_row_with_what_was_typed(
        self, client_for, world
    ):
        line = make_line(world, subject=world.package_1, agency=world.seruyan_pupr)
        client = client_for("seruyan")
        url = grid_url(world)
        form = grid_form(client, url)
        form["lines-0-pagu"] = "1.100.000.000"
        FundingLine.objects.filter(pk=line.pk).delete()  # someone else, meanwhile

        response = client.post(url, form)
        page = response.content.decode()
        assert response.status_code == 409
        assert "Orang lain menyimpan data ini saat Anda sedang mengubahnya" in page
        assert "dihapus" in page
        kept = form_data(page, "lines-TOTAL_FORMS")
        assert kept["lines-0-pagu"] == "1.100.000.000"
        assert kept["lines-0-line"] == ""  # saving again adds it anew
        assert not FundingLine.objects.exists()
        assert client.post(url, kept).status_code == 302
        assert FundingLine.objects.get().pagu == Decimal("1100000000")

    def test_it_keeps_the_grid_of_a_follow_up_to_its_kabupaten(self, client_for, world):
        url = reverse(
            "programs:funding-grid",
            kwargs={
                "code": "62.03",
                "kind": "follow-up",
                "pk": world.kapuas_followup.pk,
                "year": 2026,
            },
        )
        client = client_for("kapuas")
        form = grid_form(client, url)
        form |= {
            "lines-0-source": str(sources()["dana-desa"].pk),
            "lines-0-agency": str(world.kapuas_dlh.pk),
            "lines-0-pagu": "150.000.000",
        }
        assert client.post(url, form).status_code == 302
        line = FundingLine.objects.get()
        assert (line.follow_up, line.year, line.kabupaten) == (
            world.kapuas_followup,
            2026,
            world.kapuas,
        )
        page = client.get(world.kapuas_followup.get_absolute_url()).content.decode()
        assert "Rp 150.000.000" in page and "Dana Desa" in page

    def test_it_refuses_readers_who_may_not_edit_and_finds_no_unknown_subject(
        self, client_for, world
    ):
        assert client_for("province").get(grid_url(world)).status_code == 403
        assert client_for("kapuas").get(grid_url(world)).status_code == 404
        bad_year = grid_url(world, year=1900)
        assert client_for("seruyan").get(bad_year).status_code == 404
        unknown = reverse(
            "programs:funding-grid",
            kwargs={"code": "62.07", "kind": "budget", "pk": world.package_1.pk, "year": 2025},
        )
        assert client_for("seruyan").get(unknown).status_code == 404
