"""What every edit page shares: service refusals shown on the form, the conflict panel when
someone else saved first, the one-time key that makes a create form safe to resend, and
`save_form`, which runs a valid form's service with all three."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.concurrency import EditConflict, Submitted, create_once, parse_key
from programs.readable import readable_number


def apply_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form, beside the field it concerns where there is one,
    so that nothing typed is lost."""
    if hasattr(error, "error_dict"):
        for name, field_errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


class VersionField(forms.IntegerField):
    """The version of the record an edit form was built from (see programs.concurrency)."""

    widget = forms.HiddenInput

    def __init__(self, *, required: bool = False, **kwargs):
        super().__init__(
            required=required,
            min_value=0,
            error_messages={
                "required": gettext_lazy(
                    "This page is out of date: reload it and make your changes again."
                )
            },
            **kwargs,
        )


@dataclass(frozen=True)
class ConflictRow:
    label: str
    stored: str
    yours: str

    @property
    def differs(self) -> bool:
        return self.stored != self.yours


@dataclass(frozen=True)
class Conflict:
    """Both versions of a record, side by side, for the person whose save came second."""

    rows: list[ConflictRow]
    saved_at: datetime | None = None


def shown(value: Any) -> str:
    """A value as a person reads it, whatever it came from (a model field or a form)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, models.QuerySet | list | tuple | set):
        return ", ".join(shown(item) for item in value) or "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal | int | float):
        return readable_number(value)
    return str(value)


def _stored(record: models.Model, name: str) -> str:
    try:
        model_field = record._meta.get_field(name)
    except Exception:  # a form field that is not a model field
        return shown(getattr(record, name, None))
    if model_field.many_to_many:
        return shown(list(getattr(record, name).all()))
    if getattr(model_field, "choices", None):
        return shown(getattr(record, f"get_{name}_display")())
    return shown(getattr(record, name))


def _typed(form: forms.BaseForm, name: str) -> str:
    field = form.fields[name]
    if name in getattr(form, "cleaned_data", {}):
        value = form.cleaned_data[name]
        if getattr(field, "choices", None) and not isinstance(value, models.Model | list):
            value = dict(field.choices).get(value, value)
        return shown(value)
    return shown(form.data.get(form.add_prefix(name)))


def conflict_for(
    form: forms.BaseForm, current: models.Model, names: list[str] | None = None
) -> Conflict:
    """The stored record beside what the form holds, and the form moved onto the stored
    version: saving again is then a deliberate choice to keep one's own values."""
    names = names or [
        name
        for name, field in form.fields.items()
        if not isinstance(field.widget, forms.HiddenInput) and name in _model_field_names(current)
    ]
    rows = [
        ConflictRow(str(form.fields[n].label), _stored(current, n), _typed(form, n)) for n in names
    ]
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = current.version
    return Conflict(rows=rows, saved_at=getattr(current, "updated_at", None))


def _model_field_names(record: models.Model) -> set[str]:
    return {f.name for f in record._meta.get_fields()}


def submit_once(request: HttpRequest, *, create, url=lambda obj: obj.get_absolute_url()):
    """Run a create form's service once per submission key (see programs.concurrency)."""
    return create_once(
        key=parse_key(request.POST.get("submission")), user=request.user, create=create, url=url
    )


def already_saved(request: HttpRequest, url: str) -> HttpResponse:
    """A create form sent twice (a double click, a resent page) lands on what the first made."""
    messages.info(request, _("This form was already sent; this is what it saved."))
    return redirect(url)


def save_form(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    perform,
    done: str,
    once: bool,
    then=None,
    fields: list[str] | None = None,
) -> tuple[HttpResponse | None, Conflict | None]:
    """Run the service behind a valid form: `perform()` saves and returns what it saved.

    Returns the redirect to `then` (by default, what was saved) with the `done` message; or no
    response and the conflict when someone else saved first (`fields` name what it compares);
    or neither when the service refused, its reason then shown on the form. `once` runs
    `perform` once per submission key: a create form, or an action that adds a record.
    """

    def landing(saved) -> models.Model:
        return then if then is not None else saved

    try:
        if once:
            outcome = submit_once(
                request, create=perform, url=lambda saved: landing(saved).get_absolute_url()
            )
            saved = outcome.created
        else:
            outcome, saved = None, perform()
    except EditConflict as error:
        return None, conflict_for(form, error.current, fields)
    except ValidationError as error:
        apply_service_error(form, error)
        return None, None
    if outcome is not None and outcome.repeated:
        return already_saved(request, outcome.url), None
    messages.success(request, done)
    return redirect(landing(saved)), None


__all__ = [
    "Submitted",
    "already_saved",
    "apply_service_error",
    "conflict_for",
    "save_form",
    "submit_once",
    "VersionField",
]
