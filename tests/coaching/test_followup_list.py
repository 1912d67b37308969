from django.urls import reverse

from tests.coaching.helpers import add_follow_ups, queries


class FollowUpListTests:
    def test_it_makes_the_same_queries_with_more_follow_ups(self, client_for, world):
        client = client_for("kapuas")
        url = reverse("coaching:followup-list", kwargs={"code": "62.03"})
        small = queries(client, url)
        add_follow_ups(world, 10)
        assert queries(client, url) == small
