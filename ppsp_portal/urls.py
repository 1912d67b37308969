from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from ppsp_portal.decorators import post_only
from ppsp_portal.login import LoginForm
from programs.views.regions import home

admin.site.site_header = _("PPSP Portal administration")
admin.site.site_title = _("PPSP Portal")
handler400 = "ppsp_portal.errors.bad_request"

urlpatterns = [
    path("", home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    # Logging out takes a POST (Django's rule); a GET leads to the start page, not a bare 405.
    path("accounts/logout/", post_only("home")(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("programs.urls")),
    path("", include("coaching.urls")),
    path("", include("reports.urls")),
    path("", include("reports.public.urls")),
]

handler400 = "ppsp_portal.errors.bad_request"
