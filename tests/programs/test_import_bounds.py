"""The work a spreadsheet can cause is bounded by its cells, columns and rows, not only by its
bytes: files crafted to be small on the wire and huge to read are refused with a message, and
the reader still reads what real workbooks hold (shared and inline strings, dates, prefixes)."""

import io
import zipfile
from decimal import Decimal

import pytest

from programs.models import ActualValue
from programs.spreadsheets import MAX_CELLS, VALUE_HEADERS
from tests.spreadsheets import confirm, job_id, upload, value_row, values_file

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER_CELLS = "".join(
    f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
    for i, h in enumerate(VALUE_HEADERS)
)


def crafted(sheet_xml: bytes, *, replace: dict[str, bytes] | None = None) -> bytes:
    """A real workbook (written by openpyxl) with its first sheet's XML, and any other part,
    replaced: the zip stays small however many cells the XML declares."""
    source = zipfile.ZipFile(io.BytesIO(values_file([value_row("AL-01", 1, 71)])))
    parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    parts.update(replace or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sheet(rows: bytes, *, dimension: str | None = None, prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    namespace = f"xmlns:{prefix}" if prefix else "xmlns"
    head = f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {namespace}="{MAIN}">'
    dim = f'<{p}dimension ref="{dimension}"/>' if dimension else ""
    header = HEADER_CELLS.replace("<c ", f"<{p}c ").replace("</c>", f"</{p}c>")
    header = header.replace("<is>", f"<{p}is>").replace("</is>", f"</{p}is>")
    header = header.replace("<t>", f"<{p}t>").replace("</t>", f"</{p}t>")
    return (
        f'{head}{dim}<{p}sheetData><{p}row r="1">{header}</{p}row>'.encode()
        + rows
        + f"</{p}sheetData></{p}worksheet>".encode()
    )


def data_row(number: int, cells: str) -> bytes:
    return f'<row r="{number}">{cells}</row>'.encode()


# A value row of Kapuas's AL-01, period 1, in XML.
KAPUAS_ROW = (
    '<c r="A2" t="inlineStr"><is><t>62.03</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>AL-01</t></is></c>'
    '<c r="F2"><v>2025</v></c><c r="G2"><v>1</v></c><c r="J2"><v>{value}</v></c>'
)

CELLS_MESSAGE = "lebih dari 300.000 sel"


def refused(client_for, content: bytes) -> str:
    before = ActualValue.objects.count()
    response = upload(client_for("kapuas"), "values", content)
    assert response.status_code == 400
    assert ActualValue.objects.count() == before
    return response.content.decode()


class TestCellBombs:
    @pytest.mark.parametrize(
        "dimension",
        [None, "A1:L2", "A1"],
        ids=["no dimension", "a dimension that lies", "a one-cell dimension"],
    )
    def test_it_refuses_millions_of_empty_cells_in_a_small_file(self, client_for, world, dimension):
        # Four million cells in 40 rows: about 16 MB of XML, a few KB once zipped.
        rows = b"".join(data_row(n, "<c/>" * 100_000) for n in range(2, 42))
        content = crafted(sheet(rows, dimension=dimension))
        assert len(content) < 150 * 1024
        assert CELLS_MESSAGE in refused(client_for, content)

    def test_it_refuses_them_when_they_fill_one_row(self, client_for, world):
        content = crafted(sheet(data_row(2, "<c/>" * 4_000_000)))
        assert CELLS_MESSAGE in refused(client_for, content)

    def test_it_refuses_a_declared_sheet_too_large_before_reading_it(self, client_for, world):
        content = crafted(sheet(b"", dimension="A1:L1048576"))
        assert CELLS_MESSAGE in refused(client_for, content)

    def test_it_refuses_a_sheet_declaring_every_column(self, client_for, world):
        page = refused(client_for, crafted(sheet(b"", dimension="A1:XFD3")))
        assert "kolom hingga XFD" in page and "paling banyak 100 kolom" in page

    def test_it_refuses_a_value_beyond_the_last_column_read(self, client_for, world):
        row = KAPUAS_ROW.format(value=71) + '<c r="CW2" t="inlineStr"><is><t>x</t></is></c>'
        page = refused(client_for, crafted(sheet(data_row(2, row))))
        assert "kolom hingga CW" in page

    def test_it_refuses_hundreds_of_thousands_of_empty_rows(self, client_for, world):
        content = crafted(sheet(b"<row/>" * 250_000))
        assert "terlalu banyak baris" in refused(client_for, content)

    def test_it_refuses_a_table_of_texts_larger_than_any_sheet(self, client_for, world):
        strings = (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
            + b"<si><t>x</t></si>" * (MAX_CELLS + 1)
            + b"</sst>"
        )
        rels = (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/sharedStrings" Target="sharedStrings.xml"/>'
            b"</Relationships>"
        )
        content = crafted(
            sheet(data_row(2, KAPUAS_ROW.format(value=71))),
            replace={"xl/sharedStrings.xml": strings, "xl/_rels/workbook.xml.rels": rels},
        )
        assert CELLS_MESSAGE in refused(client_for, content)

    def test_it_refuses_an_entity_declaration(self, client_for, world):
        bomb = (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
            + sheet(b"").split(b"?>", 1)[1]
        )
        assert "rusak" in refused(client_for, crafted(bomb))

    def test_it_refuses_a_csv_of_a_million_separators(self, client_for, world):
        content = b"Kode wilayah,Kode indikator\n" + b"," * 1_000_000
        response = upload(client_for("kapuas"), "values", content, name="realisasi.csv")
        assert response.status_code == 400
        assert CELLS_MESSAGE in response.content.decode()


class TestWhatTheReaderReads:
    def test_it_reads_a_sheet_written_with_a_namespace_prefix(self, client_for, world):
        row = KAPUAS_ROW.format(value=71).replace("<c ", "<x:c ").replace("</c>", "</x:c>")
        row = row.replace("<is>", "<x:is>").replace("</is>", "</x:is>")
        row = row.replace("<t>", "<x:t>").replace("</t>", "</x:t>")
        row = row.replace("<v>", "<x:v>").replace("</v>", "</x:v>")
        xml = sheet(f'<x:row r="2">{row}</x:row>'.encode(), prefix="x")
        response = upload(client_for("kapuas"), "values", crafted(xml))
        assert response.status_code == 200, response.content.decode()[-2000:]
        assert "1 diperbarui" in response.content.decode()

    def test_it_finds_the_first_sheet_by_its_relationship_not_its_name(self, client_for, world):
        source = zipfile.ZipFile(io.BytesIO(values_file([value_row("AL-01", 1, 71)])))
        parts = {name: source.read(name) for name in source.namelist()}
        parts["xl/worksheets/data.xml"] = parts.pop("xl/worksheets/sheet1.xml")
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"worksheets/sheet1.xml", b"worksheets/data.xml"
        )
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"sheet1.xml", b"data.xml"
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
        response = upload(client_for("kapuas"), "values", buffer.getvalue())
        assert response.status_code == 200
        assert "1 diperbarui" in response.content.decode()

    def test_it_reads_a_date_as_no_number(self, client_for, world):
        from datetime import date

        response = upload(
            client_for("kapuas"), "values", values_file([value_row("AL-01", 1, date(2025, 3, 1))])
        )
        assert response.status_code == 400
        assert "bukan angka" in response.content.decode()

    def test_it_rounds_binary_fractions_and_refuses_numbers_too_large(self, client_for, world):
        client = client_for("kapuas")
        response = upload(client, "values", values_file([value_row("AL-03", 1, 0.1 + 0.2)]))
        assert response.status_code == 200 and "1 baru" in response.content.decode()

        response = upload(client, "values", values_file([value_row("AL-03", 1, "1e15")]))
        assert response.status_code == 400
        assert "angka sebelum desimal" in response.content.decode()

    def test_it_reads_the_value_a_rich_text_cell_shows(self, client_for, world):
        rich = '<c r="K2" t="inlineStr"><is><r><t>Data </t></r><r><t>Dinkes</t></r></is></c>'
        row = KAPUAS_ROW.format(value=72.5) + rich
        client = client_for("kapuas")
        response = upload(client, "values", crafted(sheet(data_row(2, row))))
        assert response.status_code == 200
        assert "1 diperbarui" in response.content.decode()
        confirm(client, "values", job_id(response))
        value = ActualValue.objects.get(pk=world.kapuas_value.pk)
        assert (value.value, value.note) == (Decimal("72.5"), "Data Dinkes")
