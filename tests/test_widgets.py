"""The long-list select writes what Django's own select writes, in groups where asked."""

import re

from django import forms

from coaching.forms import FollowUpFilterForm
from ppsp_portal.widgets import PlainSelect
from programs.models import Agency, Kabupaten

OPTION = re.compile(r'<option value="([^"]*)"( selected)?>([^<]*)</option>')
CHOICES = [("", "Semua"), ("1", 'Dinas "PUPR" & <Perkim>'), ("2", "DLH")]


def options(html: str) -> list[tuple[str, bool, str]]:
    return [(value, bool(selected), label) for value, selected, label in OPTION.findall(html)]


class PlainSelectTests:
    def test_it_writes_the_options_django_writes(self):
        for value in (None, "", "2", "99", ["1", "2"]):
            django = forms.Select(choices=CHOICES).render("owner", value, {"id": "id_owner"})
            plain = PlainSelect(choices=CHOICES).render("owner", value, {"id": "id_owner"})
            assert options(plain) == options(django), value
            assert plain.startswith('<select name="owner" id="id_owner">')

    def test_it_escapes_labels(self):
        html = PlainSelect(choices=CHOICES).render("owner", None)
        assert "Dinas &quot;PUPR&quot; &amp; &lt;Perkim&gt;" in html

    def test_it_groups_a_provinces_opds_by_their_kabupaten(self, world):
        agencies = Agency.objects.filter(kabupaten__province=world.kalteng).select_related(
            "kabupaten"
        )
        form = FollowUpFilterForm(
            {"owner": str(world.seruyan_pupr.pk)},
            kabupaten_choices=Kabupaten.objects.filter(province=world.kalteng),
            agency_choices=agencies.order_by("kabupaten__code", "abbreviation"),
        )
        html = str(form["owner"])
        groups = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', html)
        assert [label for label, _ in groups] == ["Kabupaten Kapuas", "Kabupaten Seruyan"]
        kapuas, seruyan = (options(group) for _, group in groups)
        assert [label for _, _, label in kapuas] == list(
            world.kapuas.agencies.order_by("abbreviation").values_list("abbreviation", flat=True)
        )
        assert (str(world.seruyan_pupr.pk), True, "Dinas PUPR") in seruyan
        assert options(html)[0] == ("", False, "Semua OPD")

    def test_it_lists_one_kabupatens_opds_without_groups(self, world):
        form = FollowUpFilterForm({}, agency_choices=world.kapuas.agencies.order_by("abbreviation"))
        html = str(form["owner"])
        assert "<optgroup" not in html
        assert len(options(html)) == 1 + world.kapuas.agencies.count()
