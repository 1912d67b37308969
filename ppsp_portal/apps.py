from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app, for the project-wide signal receivers."""

    name = "ppsp_portal"
    verbose_name = "Portal PPSP"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import SessionIdleMiddleware

        user_logged_in.connect(SessionIdleMiddleware.mark_fresh, dispatch_uid="ppsp_session_fresh")
