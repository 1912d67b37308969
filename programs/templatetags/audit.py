from django import template

from programs.audit import action_label, readable_changes

register = template.Library()

register.filter("action_label", action_label)
register.filter("readable_changes", readable_changes)
