"""How the exports write cells and the imports read them back: text a spreadsheet would take
for a formula goes out quoted and comes back as it was written, numbers are read however people
type them, and download names hold only safe characters."""

from decimal import Decimal

import pytest

from programs.spreadsheets.columns import (
    neutralise,
    parse_number,
    restore,
    safe_filename,
    text,
)

# Each character a spreadsheet reads as the start of a formula (or, for tab and carriage
# return, one that moves the cursor before one), with text a user could really write.
FORMULA_STARTS = [
    '=HYPERLINK("http://contoh.test","klik")',
    "+62 812 3456 7890",
    "- revisi setelah verifikasi",
    "@kepala_dinas",
    "\t=1+1",
    "\r=1+1",
]


class FormulaGuardTests:
    @pytest.mark.parametrize("written", FORMULA_STARTS)
    def test_it_quotes_text_that_starts_like_a_formula(self, written):
        assert neutralise(written) == "'" + written

    @pytest.mark.parametrize("written", ["Revisi", "'kutip", "12", ""])
    def test_it_leaves_other_text_as_it_is(self, written):
        assert neutralise(written) == written

    def test_it_leaves_numbers_as_numbers(self):
        assert neutralise(-3) == -3

    @pytest.mark.parametrize("written", FORMULA_STARTS)
    def test_it_reads_quoted_text_back_as_it_was_written(self, written):
        assert restore("'" + written) == written

    @pytest.mark.parametrize("written", FORMULA_STARTS)
    def test_it_reads_back_whatever_it_exported(self, written):
        assert restore(neutralise(written)) == written

    @pytest.mark.parametrize("typed", ["'kutip", "'", "'12", "Revisi"])
    def test_it_keeps_a_quote_the_export_did_not_add(self, typed):
        assert restore(typed) == typed


class CellNumberTests:
    @pytest.mark.parametrize(
        ("typed", "number"),
        [
            ("1 234,5", Decimal("1234.5")),
            ("1 234", Decimal("1234")),
            (" 12 ", Decimal("12")),
        ],
    )
    def test_it_ignores_spaces_between_digit_groups(self, typed, number):
        assert parse_number(typed) == number

    @pytest.mark.parametrize(
        ("typed", "number"),
        [
            ("1.234,5", Decimal("1234.5")),
            ("1.234.567,25", Decimal("1234567.25")),
            ("81,5", Decimal("81.5")),
        ],
    )
    def test_it_reads_dots_as_groups_when_a_comma_marks_the_decimals(self, typed, number):
        assert parse_number(typed) == number

    @pytest.mark.parametrize("typed", ["abc", "NaN", "Infinity", "12,5,3"])
    def test_it_refuses_text_that_is_no_figure(self, typed):
        with pytest.raises(ValueError):
            parse_number(typed)


class CellTextTests:
    def test_it_reads_an_empty_cell_as_empty_text(self):
        assert text(None) == ""

    def test_it_reads_a_cell_without_surrounding_spaces(self):
        assert text("  Dinas PU  ") == "Dinas PU"
        assert text(2025) == "2025"


class DownloadNameTests:
    def test_it_replaces_unsafe_characters_with_dashes(self):
        assert safe_filename("Capaian Kab/Kota:Bogor?") == "Capaian-Kab-Kota-Bogor"

    def test_it_drops_dashes_at_either_end(self):
        assert safe_filename("  Capaian Kab. Bogor 2025 ") == "Capaian-Kab.-Bogor-2025"
        assert safe_filename("--target--") == "target"
