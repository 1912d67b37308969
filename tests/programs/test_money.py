"""Rupiah typed and read the Indonesian way, exact to the sen."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from programs.money import CEILING, amount_error, parse_rupiah, rupiah, rupiah_input, rupiah_short


class ParsingTests:
    @pytest.mark.parametrize(
        ("typed", "amount"),
        [
            ("1.234.567.890", Decimal("1234567890")),
            ("1.234.567.890,50", Decimal("1234567890.50")),
            ("Rp 1.234.567.890", Decimal("1234567890")),
            ("Rp1.234.567.890,5", Decimal("1234567890.5")),
            ("rp. 250.000", Decimal("250000")),
            ("Rp 1.000.000,-", Decimal("1000000")),
            ("1234567890", Decimal("1234567890")),
            ("  750\u00a0000 ", Decimal("750000")),
            ("0", Decimal("0")),
            ("9.999.999.999.999,99", Decimal("9999999999999.99")),
        ],
    )
    def test_it_reads_an_amount_exactly(self, typed, amount):
        parsed = parse_rupiah(typed)
        assert parsed == amount
        assert isinstance(parsed, Decimal)

    def test_nothing_typed_is_no_amount(self):
        assert parse_rupiah("") is None
        assert parse_rupiah("   ") is None
        assert parse_rupiah(None) is None

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("1.5", "Tulis jumlah rupiah dengan cara Indonesia"),
            ("1,234,567", "Tulis jumlah rupiah dengan cara Indonesia"),
            ("12.34.567", "Tulis jumlah rupiah dengan cara Indonesia"),
            ("1.234.567.89", "Tulis jumlah rupiah dengan cara Indonesia"),
            ("satu juta", "Tulis jumlah rupiah dengan cara Indonesia"),
            ("1e9", "Tulis jumlah rupiah dengan cara Indonesia"),
            ("1.²³⁴", "Tulis jumlah rupiah dengan cara Indonesia"),
            ("١٢٣", "Tulis jumlah rupiah dengan cara Indonesia"),
            ("1.234,567", "paling banyak dua angka di belakang koma"),
            ("-1.000", "Jumlah tidak boleh negatif."),
            ("Rp -5.000", "Jumlah tidak boleh negatif."),
            ("−250.000", "Jumlah tidak boleh negatif."),
        ],
    )
    def test_it_refuses_what_is_not_an_amount_and_says_why(self, typed, message):
        with pytest.raises(ValidationError) as refused:
            parse_rupiah(typed)
        assert message in refused.value.messages[0]

    @pytest.mark.parametrize(
        "amount", ["0", "1", "999", "1000", "1234567890", "1234567890.5", "1234567890.05"]
    )
    def test_an_amount_shown_in_a_form_reads_back_unchanged(self, amount):
        assert parse_rupiah(rupiah_input(Decimal(amount))) == Decimal(amount)

    def test_a_form_shows_amounts_the_indonesian_way_whatever_the_language(self):
        with translation.override("en"):
            assert rupiah_input(Decimal("1234567890.50")) == "1.234.567.890,50"
        assert rupiah_input(Decimal("1000000.00")) == "1.000.000"


class AmountRuleTests:
    def test_it_refuses_negative_absurd_and_sub_sen_amounts(self):
        assert amount_error(Decimal("-1")) == "Jumlah tidak boleh negatif."
        assert "Rp 10 triliun" in amount_error(CEILING + Decimal("0.01"))
        assert "dua angka di belakang koma" in amount_error(Decimal("1.005"))
        assert amount_error(CEILING) is None
        assert amount_error(Decimal("0")) is None


class FormattingTests:
    @pytest.mark.parametrize(
        ("amount", "full"),
        [
            (Decimal("1234567890"), "Rp 1.234.567.890"),
            (Decimal("1234567890.00"), "Rp 1.234.567.890"),
            (Decimal("1234567890.50"), "Rp 1.234.567.890,50"),
            (Decimal("0"), "Rp 0"),
            (750000, "Rp 750.000"),
            (None, "–"),
        ],
    )
    def test_tables_show_the_amount_in_full(self, amount, full):
        assert rupiah(amount) == full

    @pytest.mark.parametrize(
        ("amount", "short"),
        [
            (Decimal("1234567890"), "Rp 1,23 miliar"),
            (Decimal("1500000"), "Rp 1,5 juta"),
            (Decimal("950000000"), "Rp 950 juta"),
            (Decimal("2000000000000"), "Rp 2 triliun"),
            (Decimal("1005000000"), "Rp 1,01 miliar"),  # half a sen of the unit rounds up
            (Decimal("999994999"), "Rp 999,99 juta"),
            (Decimal("999999999"), "Rp 1 miliar"),  # not "1.000 juta"
            (Decimal("750000"), "Rp 750.000"),  # below a juta: in full
            (Decimal("0"), "Rp 0"),
            (None, "–"),
        ],
    )
    def test_summaries_round_to_juta_miliar_or_triliun(self, amount, short):
        assert rupiah_short(amount) == short

    def test_english_readers_get_their_own_separators_and_words(self):
        with translation.override("en"):
            assert rupiah(Decimal("1234567890.5")) == "Rp 1,234,567,890.50"
            assert rupiah_short(Decimal("1234567890")) == "Rp 1.23 billion"

    def test_templates_use_the_same_two_filters(self):
        template = Template("{% load money %}{{ amount|rupiah }} · {{ amount|rupiah_short }}")
        shown = template.render(Context({"amount": Decimal("1234567890")}))
        assert shown == "Rp 1.234.567.890 · Rp 1,23 miliar"
