"""Forms of the coaching pages. Choices are always limited to the user's kabupaten or province,
so that a forged POST naming another region's OPD fails validation like any bad input."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ppsp_portal.editing import VersionField
from ppsp_portal.params import ProgrammeDateField
from ppsp_portal.uploads import inspect_evidence
from programs.models import Agency, Indicator, Kabupaten, PolicyPackage

from .models import ClinicSession, Evidence, FollowUp, QuickWin

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Rows people add in the browser (guests, follow-ups): bounded, so that a forged form count
# cannot make the server build thousands of forms.
MAX_ADDED_ROWS = 50


class FormHelperMixin:
    """Crispy renders the fields; the page template owns the <form> tag and buttons."""

    def build_helper(self, layout: Layout | None = None) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        if layout is not None:
            helper.layout = layout
        return helper


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the version of the record it was built from."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True


class SessionForm(FormHelperMixin, VersionedModelForm):
    class Meta:
        model = ClinicSession
        fields = [
            "title",
            "clinic_number",
            "date",
            "venue",
            "chair",
            "agenda",
            "summary",
            "recommendations",
            "decisions",
        ]
        field_classes = {"date": ProgrammeDateField}
        widgets = {
            "date": DATE_INPUT,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, participants_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinic_number"].widget.attrs.update({"min": 1, "max": 12})
        fields = [
            "title",
            Row(
                Column("clinic_number", css_class="col-md-3"),
                Column("date", css_class="col-md-3"),
                Column("venue", css_class="col-md-6"),
            ),
            "chair",
        ]
        if participants_queryset is not None:
            self.fields["participants"] = forms.ModelMultipleChoiceField(
                label=_("Participating kabupaten/kota"),
                queryset=participants_queryset,
                widget=forms.CheckboxSelectMultiple,
                initial=(
                    list(self.instance.participations.values_list("kabupaten_id", flat=True))
                    if self.instance.pk
                    else []
                ),
                error_messages={"required": _("Choose at least one kabupaten/kota.")},
            )
            fields.append(Field("participants", wrapper_class="participants-grid"))
        fields += ["agenda", "summary", "recommendations", "decisions", "version"]
        self.helper = self.build_helper(Layout(*fields))


class AttendanceForm(forms.Form):
    """One row per OPD of the kabupaten: present or not, and who came."""

    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), widget=forms.HiddenInput)
    present = forms.BooleanField(label=_("Present"), required=False)
    attendee_names = forms.CharField(label=_("Who attended"), max_length=300, required=False)

    def __init__(self, *args, agencies=None, agencies_by_pk=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.agency_obj = _row_agency(self, agencies_by_pk or {})

    def clean(self):
        data = super().clean()
        if data.get("attendee_names", "").strip() and not data.get("present"):
            data["present"] = True  # a name typed means the OPD was there
        return data


def _row_agency(form: forms.Form, agencies_by_pk: dict) -> Agency | None:
    """The OPD a per-OPD row is about, for its label, without a query per row."""
    raw = form.data.get(form.add_prefix("agency")) if form.is_bound else form.initial.get("agency")
    try:
        return agencies_by_pk.get(int(raw))
    except (TypeError, ValueError):
        return None


class BaseAttendanceFormSet(BaseFormSet):
    def __init__(self, *args, agencies=None, **kwargs):
        self.agencies = agencies
        self.agencies_by_pk = {a.pk: a for a in agencies} if agencies is not None else {}
        # Exactly one row per OPD: a forged form count must not make the server build
        # thousands, nor a forged initial count leave rows unchecked (an unchanged extra row
        # is not validated at all).
        self.min_num = self.max_num = self.absolute_max = len(self.agencies_by_pk)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "agencies": self.agencies,
            "agencies_by_pk": self.agencies_by_pk,
        }


AttendanceFormSet = formset_factory(
    AttendanceForm, formset=BaseAttendanceFormSet, extra=0, validate_max=True
)


def attendance_initial(agencies, session: ClinicSession | None) -> list[dict]:
    present = {}
    if session is not None and session.pk:
        present = {a.agency_id: a.attendee_names for a in session.attendances.all()}
    return [
        {
            "agency": agency.pk,
            "present": agency.pk in present,
            "attendee_names": present.get(agency.pk, ""),
        }
        for agency in agencies
    ]


class GuestForm(forms.Form):
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    names = forms.CharField(label=_("Names"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("names", "").strip() and not data.get("organisation", "").strip():
            self.add_error("organisation", _("Name the organisation the guests came from."))
        return data


GuestFormSet = formset_factory(
    GuestForm, extra=2, max_num=MAX_ADDED_ROWS, absolute_max=MAX_ADDED_ROWS, validate_max=True
)


class PresentationForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), widget=forms.HiddenInput)
    achievements = forms.CharField(
        label=_("Achievements presented (capaian)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators discussed"),
        queryset=Indicator.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Required: 0 (ABSENT) says the OPD had no presentation when the page was opened.
    version = VersionField(required=True)

    def __init__(self, *args, agencies=None, agencies_by_pk=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.agency_obj = _row_agency(self, agencies_by_pk or {})


class BasePresentationFormSet(BaseAttendanceFormSet):
    pass


PresentationFormSet = formset_factory(
    PresentationForm, formset=BasePresentationFormSet, extra=0, validate_max=True
)


class FollowUpForm(forms.Form):
    action = forms.CharField(
        label=_("Follow-up action"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    owner = forms.ModelChoiceField(
        label=_("Owner OPD"), queryset=Agency.objects.none(), required=False
    )
    due_date = ProgrammeDateField(label=_("Due date"), widget=DATE_INPUT, required=False)
    policy_package = forms.ModelChoiceField(
        label=_("Policy package"), queryset=PolicyPackage.objects.none(), required=False
    )

    def __init__(self, *args, agencies=None, packages=None, session_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.fields["policy_package"].queryset = (
            packages if packages is not None else PolicyPackage.objects.none()
        )
        self.session_date = session_date

    def has_content(self) -> bool:
        return bool(self.cleaned_data.get("action", "").strip())

    def clean(self):
        data = super().clean()
        # A blank row is ignored; a row that was started must be complete.
        if not any(data.get(name) for name in ("action", "owner", "due_date", "policy_package")):
            return data
        if not data.get("action", "").strip():
            self.add_error("action", _("Describe the follow-up action."))
        if not data.get("owner") and "owner" not in self.errors:
            self.add_error("owner", _("Choose the OPD that owns this follow-up."))
        due = data.get("due_date")
        if not due and "due_date" not in self.errors:
            self.add_error("due_date", _("Give a due date."))
        elif due and self.session_date and due < self.session_date:
            self.add_error("due_date", _("A follow-up cannot be due before its session."))
        return data


class BaseFollowUpFormSet(BaseFormSet):
    def __init__(self, *args, agencies=None, packages=None, session_date=None, **kwargs):
        self.form_options = {
            "agencies": agencies,
            "packages": packages,
            "session_date": session_date,
        }
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), **self.form_options}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            renderer=self.renderer,
            **self.form_options,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        if any(self.errors):
            return
        if not any(form.has_content() for form in self.forms if form.cleaned_data):
            raise ValidationError(_("Fill in at least one follow-up action."))


FollowUpFormSet = formset_factory(
    FollowUpForm,
    formset=BaseFollowUpFormSet,
    extra=3,
    max_num=MAX_ADDED_ROWS,
    absolute_max=MAX_ADDED_ROWS,
    validate_max=True,
)


class ParticipationForm(FormHelperMixin, forms.Form):
    presentation = forms.CharField(
        label=_("What the kabupaten/kota presented"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    feedback = forms.CharField(
        label=_("Feedback received"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    milestone_confirmed = forms.ChoiceField(label=_("SSK milestone confirmed"), required=False)
    version = VersionField()

    def __init__(self, *args, session_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        from programs.models import Milestone

        self.fields["milestone_confirmed"].choices = [("", _("— none —"))] + list(Milestone.choices)
        self.session_date = session_date
        self.helper = self.build_helper()

    def clean_milestone_confirmed(self):
        milestone = self.cleaned_data["milestone_confirmed"]
        if milestone and self.session_date and self.session_date > timezone.localdate():
            raise ValidationError(_("A milestone cannot be confirmed at a session in the future."))
        return milestone


class ProgressForm(FormHelperMixin, forms.Form):
    date = ProgrammeDateField(label=_("Date"), widget=DATE_INPUT)
    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)
    note = forms.CharField(label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 3}))
    drop_reason = forms.CharField(
        label=_("Reason for dropping"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the status is Dropped."),
    )
    version = VersionField()

    def __init__(self, *args, follow_up: FollowUp, **kwargs):
        # Shares the follow-up's page with the reassign form: ids of its own, same field names.
        kwargs.setdefault("auto_id", "id_progress_%s")
        super().__init__(*args, **kwargs)
        self.follow_up = follow_up
        self.fields["date"].initial = timezone.localdate()
        self.fields["status"].initial = follow_up.status
        self.fields["version"].initial = follow_up.version
        self.helper = self.build_helper(
            Layout(
                Row(Column("date", css_class="col-sm-6"), Column("status", css_class="col-sm-6")),
                "note",
                "drop_reason",
                "version",
            )
        )

    def clean(self):
        data = super().clean()
        day = data.get("date")
        if day and day > timezone.localdate():
            self.add_error("date", _("Progress cannot be reported for a future date."))
        elif day and day < self.follow_up.session.date:
            self.add_error("date", _("Progress cannot be dated before the session."))
        if (
            data.get("status") == FollowUp.Status.DROPPED
            and not data.get("drop_reason", "").strip()
        ):
            self.add_error("drop_reason", _("Say why the follow-up is dropped."))
        return data


class ReassignForm(FormHelperMixin, forms.Form):
    owner = forms.ModelChoiceField(label=_("New owner OPD"), queryset=Agency.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()

    def __init__(self, *args, follow_up: FollowUp, **kwargs):
        kwargs.setdefault("auto_id", "id_reassign_%s")
        super().__init__(*args, **kwargs)
        self.follow_up = follow_up
        self.fields["version"].initial = follow_up.version
        self.fields["owner"].queryset = Agency.objects.filter(
            kabupaten=follow_up.kabupaten
        ).exclude(pk=follow_up.owner_id)
        self.helper = self.build_helper()


class QuickWinForm(FormHelperMixin, VersionedModelForm):
    class Meta:
        model = QuickWin
        fields = ["title", "agency", "session", "target_date", "status", "description"]
        field_classes = {"target_date": ProgrammeDateField}
        widgets = {"target_date": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, kabupaten: Kabupaten, agencies=None, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kabupaten = kabupaten
        self.fields["agency"].queryset = (
            agencies if agencies is not None else kabupaten.agencies.all()
        )
        self.fields["session"].queryset = (
            sessions if sessions is not None else ClinicSession.objects.none()
        )
        self.helper = self.build_helper(
            Layout(
                "title",
                Row(
                    Column("agency", css_class="col-md-6"), Column("session", css_class="col-md-6")
                ),
                Row(
                    Column("target_date", css_class="col-md-6"),
                    Column("status", css_class="col-md-6"),
                ),
                "description",
                "version",
            )
        )


class EvidenceForm(FormHelperMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Evidence.Kind.choices)
    description = forms.CharField(label=_("Description"), max_length=250, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, photo (JPEG, PNG, WebP) or office document; at most 10 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(
            Layout(
                Row(
                    Column("kind", css_class="col-md-4"),
                    Column("description", css_class="col-md-8"),
                ),
                "file",
            )
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        inspect_evidence(upload)  # raises a ValidationError the form shows under the field
        return upload


class FollowUpFilterForm(forms.Form):
    """The follow-up tracker's filters; every field optional. A bad value is ignored (the
    other filters still apply) and its message shown under its field."""

    STATUS_CHOICES = [("", _("All statuses")), ("active", _("Open or in progress"))] + list(
        FollowUp.Status.choices
    )

    kabupaten = forms.ModelChoiceField(
        label=_("Kabupaten/kota"),
        queryset=Kabupaten.objects.none(),
        required=False,
        empty_label=_("All kabupaten/kota"),
    )
    owner = forms.ModelChoiceField(
        label=_("OPD"), queryset=Agency.objects.none(), required=False, empty_label=_("All OPDs")
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    due_from = ProgrammeDateField(label=_("Due from"), widget=DATE_INPUT, required=False)
    due_to = ProgrammeDateField(label=_("Due until"), widget=DATE_INPUT, required=False)

    def __init__(self, *args, kabupaten_choices=None, agency_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kabupaten_choices is None:
            del self.fields["kabupaten"]
        else:
            self.fields["kabupaten"].queryset = kabupaten_choices
        self.fields["owner"].queryset = (
            agency_choices if agency_choices is not None else Agency.objects.none()
        )
        # A compact filter bar: Bootstrap's small controls, full width of their column on a phone.
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs["class"] = css

    def tracker_filters(self) -> dict:
        """The filters of `selectors.followup_tracker`, for the tracker and its export alike: a
        bad one is left out (its message shown under its field), the others still apply."""
        self.full_clean()
        data = self.cleaned_data
        return {
            "kabupaten": data.get("kabupaten"),
            "owner": data.get("owner"),
            "status": data.get("status", ""),
            "overdue": data.get("overdue", False),
            "due_from": data.get("due_from"),
            "due_to": data.get("due_to"),
        }
