from django.urls import path

from . import lessons, views
from .views import governance, photos

app_name = "homework"
urlpatterns = [
    path("", views.assignment_list, name="list"),
    path("new/", views.assignment_create, name="create"),
    path("new/load/", views.load_preview, name="load_preview"),
    path("<int:assignment_pk>/", views.assignment_detail, name="detail"),
    path("<int:assignment_pk>/edit/", views.assignment_edit, name="edit"),
    path("<int:assignment_pk>/delete/", views.assignment_delete, name="delete"),
    path("<int:assignment_pk>/restore/", views.assignment_restore, name="restore"),
    path("<int:assignment_pk>/students/", views.assignment_students, name="students"),
    path("<int:assignment_pk>/marking/", views.assignment_marking, name="marking"),
    path("marking-photos/<int:marking_photo_pk>/", photos.photo, name="photo"),
    path(
        "marking-photos/<int:marking_photo_pk>/thumbnail/",
        photos.photo,
        {"thumbnail": True},
        name="photo_thumb",
    ),
    path("<int:assignment_pk>/copy/", views.assignment_copy, name="copy"),
    path("<int:assignment_pk>/unit/", views.unit_view, name="unit"),
    path("<int:assignment_pk>/review/", views.review_create, name="review"),
    path("week/", views.week_grid, name="week"),
    path("week/export/", views.week_export, name="week_export"),
    path("classes/<int:class_pk>/<str:day>/", views.class_day, name="class_day"),
    path("classes/<int:class_pk>/<str:day>/notice/", views.class_day_notice, name="notice"),
    path(
        "classes/<int:class_pk>/<str:day>/notice/link/",
        governance.make_notice_link,
        name="notice_link",
    ),
    path("classes/<int:class_pk>/<str:day>/respond/", governance.respond, name="respond"),
    path("n/<str:token>/", governance.public_notice, name="public_notice"),
    path("notice/", governance.day_notice, name="day_notice"),
    path("limits/", views.limit_list, name="limits"),
    path("limits/<int:limit_pk>/", views.limit_edit, name="limit_edit"),
    path("limits/caps/new/", views.subject_cap_add, name="cap_add"),
    path("limits/caps/<int:cap_pk>/", views.subject_cap_edit, name="cap_edit"),
    path("limits/caps/<int:cap_pk>/remove/", views.subject_cap_remove, name="cap_remove"),
    path("limits/week/", views.school_week_edit, name="school_week"),
    path("limits/days/new/", views.calendar_day_add, name="calendar_day_add"),
    path(
        "limits/days/<int:calendar_day_pk>/remove/",
        views.calendar_day_remove,
        name="calendar_day_remove",
    ),
    path("lessons/", lessons.lesson_list, name="lessons"),
    path("lessons/new/", lessons.lesson_form, name="lesson_create"),
    path("lessons/<int:lesson_pk>/", lessons.lesson_detail, name="lesson"),
    path("lessons/<int:lesson_pk>/edit/", lessons.lesson_form, name="lesson_edit"),
    path("lessons/<int:lesson_pk>/withdraw/", lessons.lesson_delete, name="lesson_delete"),
    path("lessons/<int:lesson_pk>/plan/", lessons.lesson_plan_file, name="lesson_plan"),
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/group/", views.review_group, name="review_group"),
    path(
        "reviews/group/<int:member_pk>/remove/",
        views.review_group_remove,
        name="review_group_remove",
    ),
]
