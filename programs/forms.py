import re
from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from ppsp_portal.editing import VersionField
from ppsp_portal.params import parse_int
from ppsp_portal.uploads import inspect_evidence

from .funding import FundingEntry
from .models import Agency, FundingLine, FundingSource, Indicator, PolicyPackage
from .money import parse_rupiah, rupiah_input
from .services import ABSENT

PLAN_YEARS = list(range(2025, 2030))


NUMBER = re.compile(r"^[+-]?\d+$")
GROUPED = {sep: re.compile(rf"^[+-]?\d{{1,3}}(\{sep}\d{{3}})+$") for sep in ".,"}


def parse_number(text: str) -> Decimal:
    """A number as people type it, in either convention: 81,5 and 81.5 are both 81.5, and
    1.234,5 and 1,234.5 both 1234.5. A separator that occurs once (or last, when both occur) is
    the decimal one; the other may only group thousands. Raises ValueError on anything else."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
    else:
        decimal = "," if commas == 1 else "." if dots == 1 else ""
    grouping = {",": ".", ".": ","}.get(decimal) or ("," if commas else ".")
    whole, _, fraction = text.rpartition(decimal) if decimal else (text, "", "")
    if whole in ("", "+", "-") and fraction:
        whole += "0"  # ,5 is 0,5
    if not (NUMBER.match(whole) or GROUPED[grouping].match(whole)):
        raise ValueError(text)
    if decimal and not fraction.isdigit():
        raise ValueError(text)
    return Decimal(f"{whole.replace(grouping, '')}.{fraction or 0}")


class NumberInput(forms.TextInput):
    """A number shown as people read it in their language, with the indicator's decimals: a
    stored 81.5000 of a one-decimal indicator shows 81,5, never 81,5000. Digits beyond the
    indicator's decimals are kept, so that saving an unchanged form never rounds a value."""

    def __init__(self, attrs=None, decimals: int = 2):
        super().__init__({"inputmode": "decimal", **(attrs or {})})
        self.decimals = decimals

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value  # what the person typed comes back as typed
        value = Decimal(str(value))
        places = max(self.decimals, -min(value.normalize().as_tuple().exponent, 0))
        # Without thousand separators: 1234,5 reads back unambiguously in any language.
        return numberformat.format(value, get_format("DECIMAL_SEPARATOR"), places)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("aria-invalid") == "true" and "is-invalid" not in widget_attrs.get(
            "class", ""
        ):
            widget_attrs["class"] = f"{widget_attrs.get('class', '')} is-invalid".strip()
        return context


class NumberField(forms.DecimalField):
    """A baseline, target or actual value: typed as 81,5 or 81.5, shown with `decimals`."""

    widget = NumberInput

    def __init__(self, *, decimals: int = 2, **kwargs):
        super().__init__(max_digits=16, decimal_places=4, **kwargs)
        self.decimals = decimals

    @property
    def decimals(self) -> int:
        return self.widget.decimals

    @decimals.setter
    def decimals(self, places: int) -> None:
        self.widget.decimals = places

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_number(str(value))
        except (ValueError, InvalidOperation):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        return {}  # no min/max/step: this is a text box, not <input type="number">


def _decimal_field(label, *, required=False) -> NumberField:
    return NumberField(
        label=label,
        required=required,
        widget=NumberInput(attrs={"class": "form-control form-control-sm text-end"}),
    )


class TargetRowForm(forms.Form):
    """One indicator of the grid: baseline, a target per plan year, owner and package."""

    indicator = forms.ModelChoiceField(queryset=Indicator.objects.none(), widget=forms.HiddenInput)
    # The versions of the row's targets when the grid was opened (see selectors.version_stamp).
    versions = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    baseline = _decimal_field(_("Baseline"))
    agency = forms.ModelChoiceField(
        label=_("Responsible OPD"), queryset=Agency.objects.none(), required=False
    )
    policy_package = forms.ModelChoiceField(
        label=_("Policy package"), queryset=PolicyPackage.objects.none(), required=False
    )

    def __init__(
        self, *args, indicators=None, indicators_by_pk=None, agencies=None, packages=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = (
            indicators if indicators is not None else Indicator.objects.none()
        )
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.fields["policy_package"].queryset = (
            packages if packages is not None else PolicyPackage.objects.none()
        )
        for year in PLAN_YEARS:
            self.fields[f"target_{year}"] = _decimal_field(_("Target %(year)s") % {"year": year})
        raw = (
            self.data.get(self.add_prefix("indicator"))
            if self.is_bound
            else self.initial.get("indicator")
        )
        try:
            self.indicator_obj = (indicators_by_pk or {}).get(int(raw))
        except (TypeError, ValueError):
            self.indicator_obj = None
        if self.indicator_obj is not None:
            for name in ["baseline", *(f"target_{year}" for year in PLAN_YEARS)]:
                self.fields[name].decimals = self.indicator_obj.decimals

    def expected_versions(self) -> dict[int, int]:
        """Each plan year's target version as the grid showed it; absent years are ABSENT."""
        shown = {}
        for part in (self.cleaned_data.get("versions") or "").split(","):
            year, _sep, version = part.partition(":")
            year, version = parse_int(year, lo=0, hi=9999), parse_int(version, lo=0, hi=2**31 - 1)
            if year is not None and version is not None:
                shown[year] = version
        return {year: shown.get(year, ABSENT) for year in PLAN_YEARS}

    @property
    def year_fields(self):
        return [self[f"target_{year}"] for year in PLAN_YEARS]

    def clean(self):
        data = super().clean()
        indicator = data.get("indicator")
        if indicator is None:
            return data
        for name in ["baseline"] + [f"target_{year}" for year in PLAN_YEARS]:
            message = indicator.value_error(data.get(name))
            if message:
                self.add_error(name, message)
        has_target = any(data.get(f"target_{year}") is not None for year in PLAN_YEARS)
        if has_target and not data.get("agency") and "agency" not in self.errors:
            self.add_error("agency", _("Choose the OPD responsible for this indicator."))
        return data


class BaseTargetGridFormSet(BaseFormSet):
    def __init__(self, *args, indicators=None, agencies=None, packages=None, **kwargs):
        self.form_options = {
            "indicators": indicators,
            "indicators_by_pk": {i.pk: i for i in indicators} if indicators is not None else {},
            "agencies": agencies,
            "packages": packages,
        }
        # Exactly one row per indicator: a forged form count must not make the server build
        # thousands, nor a forged initial count leave rows unchecked.
        self.min_num = self.max_num = self.absolute_max = len(self.form_options["indicators_by_pk"])
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), **self.form_options}


TargetGridFormSet = formset_factory(
    TargetRowForm, formset=BaseTargetGridFormSet, extra=0, validate_max=True
)


class ValueForm(forms.Form):
    value = _decimal_field(_("Actual value"), required=True)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("PDF, photo (JPEG, PNG, WebP) or office document; at most 10 MB."),
    )
    version = VersionField()

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["value"].decimals = indicator.decimals
        self.fields["value"].widget.attrs["class"] = "form-control"
        self.fields["value"].help_text = indicator.unit
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            inspect_evidence(upload)
        return upload

    def clean_value(self) -> Decimal:
        value = self.cleaned_data["value"]
        message = self.indicator.value_error(value)
        if message:
            raise ValidationError(message)
        return value


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note for the OPD"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2})
    )


# --- Funding ---------------------------------------------------------------------------------


class RupiahField(forms.Field):
    """An amount in rupiah typed the Indonesian way ("1.234.567.890,50"), kept exact."""

    def __init__(self, *, small: bool = True, **kwargs):
        size = " form-control-sm" if small else ""
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "class": f"form-control{size} text-end"}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return parse_rupiah(value)

    def prepare_value(self, value):
        return rupiah_input(value) if isinstance(value, Decimal) else value


class FundingRowForm(forms.Form):
    """One funding line of the grid; a row added in the browser has no `line` yet."""

    line = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = VersionField()
    source = forms.ModelChoiceField(
        label=_("Funding source"), queryset=FundingSource.objects.none(), required=False
    )
    agency = forms.ModelChoiceField(
        label=_("Responsible OPD"), queryset=Agency.objects.none(), required=False
    )
    planning_reference = forms.CharField(
        label=_("Planning reference (RKPD/Renja)"), max_length=150, required=False
    )
    pagu = RupiahField(label=_("Pagu (Rp)"), required=False)
    realisasi = RupiahField(label=_("Realisasi (Rp)"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=FundingLine.Status.choices, initial=FundingLine.Status.PLANNED
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def __init__(self, *args, sources=None, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            sources if sources is not None else FundingSource.objects.none()
        )
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("line") is not None and data.get("version") is None:
            self.add_error("version", VersionField().error_messages["required"])
        return data

    @property
    def is_new_and_blank(self) -> bool:
        """A row added in the browser and left empty: nothing to save."""
        return self.empty_permitted and not self.has_changed()

    def entry(self) -> FundingEntry:
        data = self.cleaned_data
        return FundingEntry(
            source=data.get("source"),
            agency=data.get("agency"),
            pagu=data.get("pagu"),
            realisasi=data.get("realisasi"),
            status=data.get("status") or FundingLine.Status.PLANNED,
            planning_reference=data.get("planning_reference") or "",
            note=data.get("note") or "",
            line_id=data.get("line"),
            expected_version=data.get("version"),
            remove=bool(data.get("DELETE")),
        )


class BaseFundingGridFormSet(BaseFormSet):
    def __init__(self, *args, sources=None, agencies=None, **kwargs):
        self.form_options = {"sources": sources, "agencies": agencies}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), **self.form_options}


FundingGridFormSet = formset_factory(
    FundingRowForm, formset=BaseFundingGridFormSet, extra=0, can_delete=True
)


class RealisationForm(forms.Form):
    """The realisasi an OPD reports on one of its funding lines."""

    realisasi = RupiahField(
        label=_("Realisasi (Rp)"),
        small=False,
        help_text=_("Type it as you read it: 1.234.567.890 or 1.234.567.890,50."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=FundingLine.Status.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the realisasi is above the pagu."),
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("PDF, photo (JPEG, PNG, WebP) or office document; at most 10 MB."),
    )
    version = VersionField(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            inspect_evidence(upload)
        return upload
