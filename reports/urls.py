from django.urls import path

from . import change_views, views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.export, name="export"),
    path("changes/", change_views.change_log, name="changes"),
    path("changes.xlsx", change_views.change_log_xlsx, name="changes_xlsx"),
    path("export/<int:job_pk>/", views.job_detail, name="job"),
    path("export/<int:job_pk>/progress/", views.job_progress, name="job_progress"),
    path("export/<int:job_pk>/download/", views.job_download, name="job_download"),
    path("export/<int:job_pk>/retry/", views.job_retry, name="job_retry"),
]
