import io
from decimal import Decimal

from openpyxl import load_workbook

from programs import spreadsheets
from tests.spreadsheets import HEADER_ROW, template_bytes


class ValuesTemplateTests:
    def test_it_lists_each_indicator_and_period_with_protected_labels(self, client_for, world):
        workbook = load_workbook(io.BytesIO(template_bytes(client_for("kapuas"))))
        sheet = workbook.active
        headers = [c.value for c in sheet[HEADER_ROW]]
        assert headers == spreadsheets.VALUE_HEADERS
        rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
        # AL-01 annual (1), AL-03 semester (2), PS-02 semester (2)
        assert [(r[1], r[6]) for r in rows] == [
            ("AL-01", 1),
            ("AL-03", 1),
            ("AL-03", 2),
            ("PS-02", 1),
            ("PS-02", 2),
        ]
        assert rows[0][9] == Decimal("72.5") or rows[0][9] == 72.5  # the value already entered
        assert sheet.protection.sheet is True
        assert sheet.cell(HEADER_ROW + 1, 2).protection.locked is True
        assert sheet.cell(HEADER_ROW + 1, 10).protection.locked is False
        assert sheet.data_validations.dataValidation, "the value column has data validation"

    def test_it_gives_an_opd_head_only_the_rows_of_their_opd(self, client_for, world):
        workbook = load_workbook(io.BytesIO(template_bytes(client_for("pupr"))))
        codes = {r[1] for r in workbook.active.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
        assert codes == {"AL-01"}
