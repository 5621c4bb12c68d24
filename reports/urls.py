from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.export, name="export"),
    path("export/<int:job_pk>/", views.job_detail, name="job"),
    path("export/<int:job_pk>/progress/", views.job_progress, name="job_progress"),
    path("export/<int:job_pk>/download/", views.job_download, name="job_download"),
    path("export/<int:job_pk>/retry/", views.job_retry, name="job_retry"),
]
