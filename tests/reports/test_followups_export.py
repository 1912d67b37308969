"""The followups export view."""

from django.urls import reverse


class FollowUpsExportTests:
    def test_it_neutralises_text_that_looks_like_a_formula(self, client_for, world):
        world.kapuas_followup.action = '=HYPERLINK("http://evil")'
        world.kapuas_followup.save()
        response = client_for("kapuas").get(
            reverse("reports:followups-export", kwargs={"code": "62.03"}) + "?format=csv"
        )
        text = response.content.decode()
        assert "'=HYPERLINK" in text
        assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
