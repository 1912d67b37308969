from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("regions/", views.province_list, name="province-list"),
    path("regions/<str:code>/", views.province_detail, name="province-detail"),
    path("kabupaten/<str:code>/", views.kabupaten_detail, name="kabupaten-detail"),
]
