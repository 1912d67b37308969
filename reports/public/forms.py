"""The publication form of a kabupaten/kota (Bapperida's page)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class PublicationForm(forms.Form):
    published = forms.BooleanField(
        required=False,
        help_text=_(
            "Switched off, the kabupaten/kota's page and downloads are not there, and it is "
            "left out of the province's and the national figures."
        ),
    )
    quick_wins = forms.TypedMultipleChoiceField(
        label=_("Quick wins shown on the public page"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their title, OPD, status, target date and description."),
    )
    evidence = forms.TypedMultipleChoiceField(
        label=_("Files anybody may download"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only files of the kabupaten/kota's own rounds and of its quick wins; an attendance "
            "sheet lists people and is never published, a file of a quick win only while the "
            "quick win is shown."
        ),
    )
    state = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args, kabupaten, quick_wins, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published"].label = _("Show %(name)s in the public section") % {
            "name": kabupaten.full_name
        }
        self.fields["quick_wins"].choices = [
            (win.pk, f"{win.title} ({win.agency.abbreviation}, {win.get_status_display()})")
            for win in quick_wins
        ]
        self.fields["evidence"].choices = [(item.pk, evidence_label(item)) for item in evidence]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def evidence_label(item) -> str:
    """ "notulen.pdf · Minutes · Rakor CC II (25 Agustus 2025)": what a file is and of what."""
    if item.session_id:
        subject = f"{item.session.title} ({date_format(item.session.date)})"
    else:
        subject = _("Quick win: %(title)s") % {"title": item.quick_win.title}
    return f"{item.original_name} · {item.get_kind_display()} · {subject}"
