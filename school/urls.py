from django.contrib.auth import views as auth_views
from django.urls import path

from core.forms import LoginForm

from . import views

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.password_change, name="password_change"),
    path("classes/<int:class_pk>/", views.class_detail, name="class_detail"),
]

school_patterns = [
    path("manage/", views.manage_home, name="manage_home"),
    path("manage/terms/", views.term_list, name="term_list"),
    path("manage/terms/new/", views.term_create, name="term_create"),
    path("manage/terms/<int:term_pk>/", views.term_edit, name="term_edit"),
    path("manage/terms/<int:term_pk>/current/", views.term_make_current, name="term_make_current"),
    path("manage/terms/<int:term_pk>/copy/", views.term_copy_assignments, name="term_copy"),
    path("manage/classes/", views.class_list, name="class_list"),
    path("manage/classes/new/", views.class_create, name="class_create"),
    path("manage/classes/<int:class_pk>/", views.class_edit, name="class_edit"),
    path("manage/subjects/", views.subject_list, name="subject_list"),
    path("manage/subjects/new/", views.subject_create, name="subject_create"),
    path("manage/subjects/<int:subject_pk>/", views.subject_edit, name="subject_edit"),
    path("manage/staff/", views.staff_list, name="staff_list"),
    path("manage/staff/new/", views.staff_create, name="staff_create"),
    path("manage/staff/<int:user_pk>/", views.staff_edit, name="staff_edit"),
    path("manage/staff/<int:user_pk>/password/", views.staff_password, name="staff_password"),
    path("manage/staff/<int:user_pk>/unlock/", views.staff_unlock, name="staff_unlock"),
    path("manage/roles/", views.assignments, name="assignments"),
    path(
        "manage/roles/<slug:kind>/<int:assignment_pk>/delete/",
        views.assignment_delete,
        name="assignment_delete",
    ),
]
