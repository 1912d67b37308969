from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programmes and indicators")

    def ready(self):
        # Django 6.1's empty choice of every select ("- Select an option -") has no Indonesian
        # translation yet; Django lets a project set its own label here, before any form exists.
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("— Choose —")
