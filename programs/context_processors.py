from django.conf import settings

from .access import get_scope


def navigation(request):
    """The signed-in user's scope, so that the layout shows each role its own menu."""
    return {"scope": get_scope(request.user), "demo_mode": settings.DEMO_MODE}
