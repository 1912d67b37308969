"""Every view finds every object it shows through an access helper (programs/access.py,
coaching/access.py, reports/access.py, and reports/public/access.py for what anybody may
read): none decides on its own who may see what.

A view whose address names an object (a code, a pk) must reach a `get_*_for_user` helper (or,
in the public section, a `get_*_for_public` one), in its own body or in the private function it
hands the request to; and no view looks an object up by its address itself."""

import ast
import inspect
import re
import textwrap

from django.urls import URLPattern, URLResolver, get_resolver

APPS = ("programs.", "coaching.", "reports.", "ppsp_portal.")
OBJECT_KWARGS = {"code", "pk", "agency_pk", "period", "job", "sector"}
# A direct lookup by the address in a view, e.g. Province.objects.filter(code=code).
LOOKUP_BY_ADDRESS = re.compile(r"\.objects\.[^\n]*\((?:[^)]*\b)?(?:pk=pk|code=code|pk=agency_pk)\b")


def our_views():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                view = inspect.unwrap(pattern.callback)
                view = getattr(view, "view_class", view)
                if getattr(view, "__module__", "").startswith(APPS):
                    yield prefix + str(pattern.pattern), view

    return list(walk(get_resolver().url_patterns))


def reaches_access_helper(function, seen=None) -> bool:
    """Whether `function`, or a module-level function of its module it calls, asks a
    `get_*_for_user` helper."""
    seen = seen if seen is not None else set()
    if function in seen:
        return False
    seen.add(function)
    source = textwrap.dedent(inspect.getsource(function))
    if re.search(r"\b\w+_for_(?:user|public)\(", source):
        return True
    module = inspect.getmodule(function)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            called = getattr(module, node.func.id, None)
            ours = inspect.isfunction(called) and called.__module__ == module.__name__
            if ours and reaches_access_helper(called, seen):
                return True
    return False


class AccessLayerTests:
    def test_it_finds_views_to_check(self):
        assert len(our_views()) > 40

    def test_every_view_that_names_an_object_finds_it_through_an_access_helper(self):
        missing = []
        for route, view in our_views():
            names = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
            if names & OBJECT_KWARGS and not reaches_access_helper(view):
                missing.append(f"{route} ({view.__module__}.{view.__name__})")
        assert not missing, "views that decide access on their own:\n" + "\n".join(missing)

    def test_no_view_looks_an_object_up_by_its_address_itself(self):
        offenders = []
        for route, view in our_views():
            source = inspect.getsource(view)
            if LOOKUP_BY_ADDRESS.search(source):
                offenders.append(f"{route} ({view.__name__})")
        assert not offenders, offenders

    def test_the_check_catches_a_view_without_a_helper(self):
        def rogue_view(request, code):
            from programs.models import Province

            return Province.objects.filter(code=code).first()

        assert not reaches_access_helper(rogue_view)
        assert LOOKUP_BY_ADDRESS.search(inspect.getsource(rogue_view))
