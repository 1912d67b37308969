"""One way to split long lists into pages, so that a list page stays fast at national scale
(thousands of follow-ups or reports) without hiding anything: every row stays reachable."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(
    request: HttpRequest, object_list, *, per_page: int = PAGE_SIZE, count: int | None = None
) -> Page:
    """The page asked for in ?page= (the first for a missing or bad number, the last past the end).

    Pass `count` when the page has already counted the rows (the follow-up tracker's totals), so
    the paginator does not run the same COUNT again."""
    paginator = Paginator(object_list, per_page)
    if count is not None:
        paginator.count = count  # overrides the cached property before anything reads it
    return paginator.get_page(request.GET.get("page"))
