from django.urls import path

from . import views

app_name = "reminders"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("<int:reminder_pk>/", views.reminder_detail, name="detail"),
    path("<int:reminder_pk>/read/", views.mark_read, name="mark_read"),
    path("<int:reminder_pk>/unread/", views.mark_unread, name="mark_unread"),
]
