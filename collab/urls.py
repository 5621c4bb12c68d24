from django.urls import path

from . import views

app_name = "collab"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:meeting_pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_pk>/recap/", views.meeting_recap, name="recap"),
    path("meetings/<int:meeting_pk>/recap.xlsx", views.meeting_recap_xlsx, name="recap_xlsx"),
]
