"""The funding import's page: a file of funding lines is checked row by row and nothing is
written until the person confirms (the confirmation: test_funding_import_confirm.py)."""

from decimal import Decimal

from programs.models import FundingLine, ImportJob
from programs.spreadsheets import FUNDING_HEADERS
from tests.funding import make_line, sources
from tests.spreadsheets import funding_file, funding_row, upload, values_file

SERUYAN = "62.07"


def stored() -> list[tuple]:
    return list(
        FundingLine.objects.order_by("pk").values_list(
            "pk", "source_id", "agency_id", "planning_reference", "pagu", "realisasi", "note"
        )
    )


def page_of(response) -> str:
    return response.content.decode()


class FundingImportTests:
    def test_it_previews_new_changed_and_unchanged_lines_and_writes_nothing(
        self, client_for, world
    ):
        changed = make_line(
            world, subject=world.package_1, agency=world.seruyan_pupr, reference="A"
        )
        same = make_line(world, subject=world.package_1, agency=world.seruyan_pupr, reference="B")
        sources()
        before = stored()
        content = funding_file(
            [
                funding_row(
                    world.package_1, line=changed.pk, reference="A", pagu="1.250.000.000,50"
                ),
                funding_row(world.package_1, line=same.pk, reference="B", pagu=1000000000),
                funding_row(world.package_1, source="DAK", pagu="Rp 750.000.000,-"),
                funding_row(
                    world.package_1, source="", agency="", pagu="", status=""
                ),  # a template's spare row
            ]
        )
        response = upload(client_for("seruyan"), "funding", content, code=SERUYAN)

        page = page_of(response)
        assert response.status_code == 200
        assert "Pratinjau (belum ada yang disimpan)" in page
        assert "1 baru" in page and "1 diperbarui" in page and "2 tidak berubah" in page
        assert "Rp 1.250.000.000,50" in page  # amounts as the preview shows them
        assert stored() == before
        assert ImportJob.objects.get().status == ImportJob.Status.READY

    def test_it_explains_every_bad_row_in_indonesian_and_writes_nothing(self, client_for, world):
        line = make_line(world, subject=world.package_1, agency=world.seruyan_pupr)
        before = stored()
        rows = {
            "negative": funding_row(world.package_1, reference="1", pagu="-5.000.000"),
            "absurd": funding_row(world.package_1, reference="2", pagu="20.000.000.000.000"),
            "sen": funding_row(world.package_1, reference="3", pagu="1.000,505"),
            "typed": funding_row(world.package_1, reference="4", pagu="1.5"),
            "source": funding_row(world.package_1, reference="5", source="APBDes"),
            "opd": funding_row(world.package_1, reference="6", agency="Dinas PUPR Kapuas"),
            "status": funding_row(world.package_1, reference="7", status="lunas"),
            "planned": funding_row(
                world.package_1, reference="8", status="Direncanakan", realisasi="10"
            ),
            "year": funding_row(world.package_1, reference="9", year=2026),
            "kabupaten": funding_row(world.package_1, reference="10", kabupaten="62.03"),
            "subject": funding_row(world.kapuas_followup, reference="11", kabupaten=SERUYAN),
            "gone": funding_row(world.package_1, line=999999, reference="12"),
            "twice": funding_row(world.package_1, line=line.pk),
            "again": funding_row(world.package_1, line=line.pk),
            "remove": funding_row(world.package_1, reference="13", remove="mungkin"),
        }
        response = upload(
            client_for("seruyan"), "funding", funding_file(list(rows.values())), code=SERUYAN
        )

        page = page_of(response)
        assert response.status_code == 400
        assert "Berkas memiliki kesalahan" in page
        for message in [
            "Jumlah tidak boleh negatif.",
            "Lebih dari Rp 10 triliun pada satu baris",
            "paling banyak dua angka di belakang koma",
            "Tulis jumlah rupiah dengan cara Indonesia",
            "Sumber dana APBDes tidak dikenal.",
            "OPD Dinas PUPR Kapuas tidak dikenal di kabupaten/kota ini.",
            "Pilih status yang valid.",
            "Baris yang baru direncanakan belum memiliki realisasi",
            "Baris ini bukan tahun 2025.",
            "Baris ini milik kabupaten/kota 62.03, bukan milik Anda (62.07).",
            f"Tidak ada RTL {world.kapuas_followup.pk} di kabupaten/kota ini.",
            "Baris pendanaan ini sudah tidak ada.",
            "Baris ganda: baris pendanaan yang sama dengan baris",
            "Tulis ya di kolom Hapus untuk menghapus baris, atau kosongkan.",
        ]:
            assert message in page, message
        assert page.count('class="table-danger"') == len(rows) - 1  # the first "twice" is fine
        assert stored() == before
        assert not ImportJob.objects.exists()

    def test_realisasi_above_the_pagu_needs_a_note(self, client_for, world):
        line = make_line(
            world, subject=world.package_1, agency=world.seruyan_pupr, pagu="100000000"
        )
        client = client_for("seruyan")
        above = funding_row(world.package_1, line=line.pk, pagu=100000000, realisasi=120000000)
        response = upload(client, "funding", funding_file([above]), code=SERUYAN)

        assert response.status_code == 400
        assert "Kolom Catatan: Realisasi melebihi pagu: jelaskan alasannya di catatan" in page_of(
            response
        )
        assert FundingLine.objects.get().realisasi == Decimal(0)

        above[12] = "Tambahan dari APBD Perubahan"
        response = upload(client, "funding", funding_file([above]), code=SERUYAN)
        assert response.status_code == 200
        assert "1 diperbarui" in page_of(response)

    def test_an_opd_head_reports_on_its_own_lines_only(self, client_for, world):
        own = make_line(world, agency=world.kapuas_pupr)
        others = make_line(world, agency=world.kapuas_dlh)
        before = stored()
        content = funding_file(
            [
                funding_row(world.kapuas_followup, line=own.pk, realisasi="250.000.000"),
                funding_row(
                    world.kapuas_followup, line=others.pk, agency="DLH", realisasi="1.000.000"
                ),
                funding_row(world.kapuas_quickwin, pagu="5.000.000"),
            ]
        )
        response = upload(client_for("pupr"), "funding", content)

        page = page_of(response)
        assert response.status_code == 400
        assert "Baris ini tanggung jawab DLH, bukan Dinas PUPR." in page
        assert "Hanya Bapperida yang menambah baris pendanaan" in page
        assert page.count('class="table-danger"') == 2  # its own line is fine
        assert stored() == before

    def test_an_opd_head_cannot_change_what_bapperida_keeps(self, client_for, world):
        own = make_line(world, agency=world.kapuas_pupr)
        content = funding_file(
            [funding_row(world.kapuas_followup, line=own.pk, pagu="2.000.000.000", remove="")]
        )
        response = upload(client_for("pupr"), "funding", content)
        assert response.status_code == 400
        assert "Kolom Pagu: Hanya Bapperida yang mengubah sumber" in page_of(response)
        removal = funding_file(
            [funding_row(world.kapuas_followup, line=own.pk, pagu=1000000000, remove="ya")]
        )
        response = upload(client_for("pupr"), "funding", removal)
        assert "Kolom Hapus: Hanya Bapperida yang menghapus baris pendanaan." in page_of(response)
        assert FundingLine.objects.filter(pk=own.pk, pagu=Decimal("1000000000")).exists()

    def test_province_staff_are_refused_and_outsiders_find_nothing(self, client_for, world):
        content = funding_file([funding_row(world.kapuas_followup)])
        assert upload(client_for("province"), "funding", content).status_code == 403
        assert upload(client_for("seruyan"), "funding", content).status_code == 404
        assert upload(client_for("seruyan_pupr"), "funding", content).status_code == 404
        assert not FundingLine.objects.exists()
        assert not ImportJob.objects.exists()

    def test_another_sheet_is_explained(self, client_for, world):
        response = upload(client_for("kapuas"), "funding", values_file([]))
        assert response.status_code == 400
        assert "Kolom tidak ada: Jenis, ID subjek, ID baris" in page_of(response)


HOSTILE_CELLS = [
    "99999999999",
    "-1",
    "0",
    "9" * 5000,  # past int()'s 4,300-digit limit, and past any amount
    "²" * 2000,  # a digit to str.isdigit(), not to int()
    "1e400",
    "NaN",
    "-Infinity",
    '=HYPERLINK("http://example.com")',
    "Ωμέγα ✓ 中文 ' \" <b>" * 200,
    12345678901234567890,
    -0.000001,
    1e300,
]


class FundingImportHostileCellsTests:
    def test_every_column_answers_hostile_cells_with_a_message_never_an_error(
        self, client_for, world
    ):
        """A CSV (text) and an xlsx (numbers) of rows that each put one hostile cell into one
        column of a valid line: each row is refused or read, none ends in a server error."""
        line = make_line(world, subject=world.package_1, agency=world.seruyan_pupr, pagu="10")
        before = stored()
        columns = range(len(funding_row(world.package_1)))
        rows = []
        for column in columns:
            for value in HOSTILE_CELLS:
                row = funding_row(world.package_1, line=line.pk, pagu="10")
                row[column] = value
                rows.append(row)
        client = client_for("seruyan")
        # A formula refuses the whole workbook before any row is read: the xlsx leaves it out.
        cells = [row for row in rows if not any(str(v).startswith("=") for v in row)]
        xlsx = upload(client, "funding", funding_file(cells), code=SERUYAN)
        assert xlsx.status_code == 400
        assert xlsx.content.decode().count('class="table-danger"') > len(columns)
        text = "\n".join(
            ",".join(f'"{str(v).replace(chr(34), 2 * chr(34))}"' for v in row) for row in rows
        )
        header = ",".join(FUNDING_HEADERS)
        as_csv = upload(
            client, "funding", f"{header}\n{text}\n".encode(), code=SERUYAN, name="p.csv"
        )
        assert as_csv.status_code == 400
        assert as_csv.content.decode().count('class="table-danger"') > len(columns)
        assert stored() == before
        assert not ImportJob.objects.exists()
