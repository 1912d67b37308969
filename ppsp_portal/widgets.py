"""Form widgets for long choice lists."""

from collections.abc import Callable
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe


class PlainSelect(forms.Select):
    """A <select> written in Python, optionally in groups.

    Django renders every option through a template: for the 442 OPDs of Jawa Timur on the
    province's follow-up tracker that was half the page's time. `group_by` names the group of a
    model choice (its instance in, the group's label out); the options are grouped only when
    they fall into more than one group, and the choices' order decides the groups' order."""

    def __init__(self, attrs=None, choices=(), group_by: Callable[[object], str] | None = None):
        super().__init__(attrs, choices)
        self.group_by = group_by

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        selected = self.format_value(value)
        found = False

        def option(choice_value, label) -> str:
            nonlocal found
            text = "" if choice_value is None else str(choice_value)
            chosen = not found and text in selected
            found = found or chosen
            mark = " selected" if chosen else ""
            return f'<option value="{escape(text)}"{mark}>{escape(str(label))}</option>'

        groups: dict[str, list[str]] = {}
        ungrouped: list[str] = []
        for choice_value, label in self.choices:
            instance = getattr(choice_value, "instance", None)
            if self.group_by is None or instance is None:
                ungrouped.append(option(choice_value, label))
            else:
                groups.setdefault(self.group_by(instance), []).append(option(choice_value, label))
        if len(groups) > 1:
            grouped = [
                f'<optgroup label="{escape(group)}">{"".join(options)}</optgroup>'
                for group, options in groups.items()
            ]
        else:
            grouped = [option for options in groups.values() for option in options]
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(
            f'<select name="{escape(name)}"{attributes}>{"".join(ungrouped + grouped)}</select>'
        )
