from django.urls import path

from .views import evidence, followups, milestones, quickwins, sessions

app_name = "coaching"

urlpatterns = [
    path("kabupaten/<str:code>/clinics/", sessions.session_list, name="session-list"),
    path("kabupaten/<str:code>/clinics/new/", sessions.session_create, name="session-create"),
    path(
        "regions/<str:code>/clinics/", sessions.province_session_list, name="province-session-list"
    ),
    path(
        "regions/<str:code>/clinics/new/",
        sessions.province_session_create,
        name="province-session-create",
    ),
    path("clinics/<int:pk>/", sessions.session_detail, name="session-detail"),
    path("clinics/<int:pk>/edit/", sessions.session_edit, name="session-edit"),
    path(
        "clinics/<int:pk>/presentations/",
        sessions.session_presentations,
        name="session-presentations",
    ),
    path(
        "clinics/<int:pk>/participants/<str:code>/",
        sessions.participation_edit,
        name="participation-edit",
    ),
    path(
        "clinics/<int:pk>/follow-ups/new/",
        followups.session_followups_create,
        name="session-followups",
    ),
    path("kabupaten/<str:code>/follow-ups/", followups.followup_list, name="followup-list"),
    path(
        "regions/<str:code>/follow-ups/",
        followups.province_followup_list,
        name="province-followup-list",
    ),
    path("follow-ups/<int:pk>/", followups.followup_detail, name="followup-detail"),
    path("follow-ups/<int:pk>/progress/", followups.followup_progress, name="followup-progress"),
    path("follow-ups/<int:pk>/reassign/", followups.followup_reassign, name="followup-reassign"),
    path("kabupaten/<str:code>/quick-wins/", quickwins.quickwin_list, name="quickwin-list"),
    path("kabupaten/<str:code>/quick-wins/new/", quickwins.quickwin_create, name="quickwin-create"),
    path("quick-wins/<int:pk>/", quickwins.quickwin_detail, name="quickwin-detail"),
    path("quick-wins/<int:pk>/edit/", quickwins.quickwin_edit, name="quickwin-edit"),
    # One view attaches a file to any of the three; the address says to which.
    path(
        "clinics/<int:pk>/evidence/",
        evidence.evidence_attach,
        {"subject": "session"},
        name="session-evidence",
    ),
    path(
        "follow-ups/<int:pk>/evidence/",
        evidence.evidence_attach,
        {"subject": "followup"},
        name="followup-evidence",
    ),
    path(
        "quick-wins/<int:pk>/evidence/",
        evidence.evidence_attach,
        {"subject": "quickwin"},
        name="quickwin-evidence",
    ),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence-download"),
    path(
        "kabupaten/<str:code>/milestones/", milestones.milestone_history, name="milestone-history"
    ),
]
