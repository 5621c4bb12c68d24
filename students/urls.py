from django.urls import path

from . import views

app_name = "students"
urlpatterns = [
    path("", views.student_list, name="list"),
    path("new/", views.student_create, name="create"),
    path("import/", views.roster_import_view, name="import"),
    path("import/template.xlsx", views.roster_template, name="import_template"),
    path("<int:student_pk>/", views.student_detail, name="detail"),
    path("<int:student_pk>/edit/", views.student_edit, name="edit"),
    path("<int:student_pk>/changes/", views.student_changes, name="changes"),
    path("<int:student_pk>/status/", views.student_status, name="status"),
    path("<int:student_pk>/erase/", views.student_erase, name="erase"),
]
