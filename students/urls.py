from django.urls import path

from . import case_views, views

app_name = "students"
urlpatterns = [
    path("", views.student_list, name="list"),
    path("new/", views.student_form, name="create"),
    path("import/", views.roster_import_view, name="import"),
    path("import/template.xlsx", views.roster_template, name="import_template"),
    path("<int:student_pk>/", views.student_detail, name="detail"),
    path("<int:student_pk>/edit/", views.student_form, name="edit"),
    path("<int:student_pk>/status/", views.student_status, name="status"),
    # support cases
    path("<int:student_pk>/identify/", case_views.case_identify, name="case_identify"),
    path("cases/", case_views.case_list, name="case_list"),
    path("cases/carry-over/", case_views.carry_over, name="carry_over"),
    path("cases/<int:case_pk>/", case_views.case_detail, name="case_detail"),
    path("cases/<int:case_pk>/analysis/", case_views.case_edit, name="case_edit"),
    path("cases/<int:case_pk>/status/", case_views.case_status, name="case_status"),
    path("cases/<int:case_pk>/plan/", case_views.case_plan, name="case_plan"),
    path("classes/<int:class_pk>/overview/", case_views.class_overview, name="class_overview"),
    path("support-roster/", case_views.support_roster, name="support_roster"),
    path("support-roster.xlsx", case_views.support_roster_xlsx, name="support_roster_xlsx"),
    path("measures/", case_views.measure_list, name="measure_list"),
    path("measures/new/", case_views.measure_form, name="measure_create"),
    path("measures/<int:measure_pk>/edit/", case_views.measure_form, name="measure_edit"),
]
