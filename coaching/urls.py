from django.urls import path

from . import views

app_name = "coaching"

urlpatterns = [
    path("kabupaten/<str:code>/clinics/", views.session_list, name="session-list"),
    path("kabupaten/<str:code>/clinics/new/", views.session_create, name="session-create"),
    path("regions/<str:code>/clinics/", views.province_session_list, name="province-session-list"),
    path(
        "regions/<str:code>/clinics/new/",
        views.province_session_create,
        name="province-session-create",
    ),
    path("clinics/<int:pk>/", views.session_detail, name="session-detail"),
    path("clinics/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path(
        "clinics/<int:pk>/presentations/", views.session_presentations, name="session-presentations"
    ),
    path(
        "clinics/<int:pk>/follow-ups/new/", views.session_followups_create, name="session-followups"
    ),
    path(
        "clinics/<int:pk>/participants/<str:code>/",
        views.participation_edit,
        name="participation-edit",
    ),
    path("clinics/<int:pk>/evidence/", views.session_evidence, name="session-evidence"),
    path("kabupaten/<str:code>/follow-ups/", views.followup_list, name="followup-list"),
    path(
        "regions/<str:code>/follow-ups/",
        views.province_followup_list,
        name="province-followup-list",
    ),
    path("follow-ups/<int:pk>/", views.followup_detail, name="followup-detail"),
    path("follow-ups/<int:pk>/progress/", views.followup_progress, name="followup-progress"),
    path("follow-ups/<int:pk>/reassign/", views.followup_reassign, name="followup-reassign"),
    path("follow-ups/<int:pk>/evidence/", views.followup_evidence, name="followup-evidence"),
    path("kabupaten/<str:code>/quick-wins/", views.quickwin_list, name="quickwin-list"),
    path("kabupaten/<str:code>/quick-wins/new/", views.quickwin_create, name="quickwin-create"),
    path("quick-wins/<int:pk>/", views.quickwin_detail, name="quickwin-detail"),
    path("quick-wins/<int:pk>/edit/", views.quickwin_edit, name="quickwin-edit"),
    path("quick-wins/<int:pk>/evidence/", views.quickwin_evidence, name="quickwin-evidence"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("kabupaten/<str:code>/milestones/", views.milestone_history, name="milestone-history"),
]
