"""Classes, accounts and the administrators' pages for the school's structure."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Model, Q
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import submit
from core.pagination import paginate

from . import forms, rules, services
from .models import (
    ClassHeadship,
    GradeLeadership,
    SchoolClass,
    Subject,
    SubjectDirectorship,
    TeachingAssignment,
    Term,
    User,
)
from .rules import leaders_only
from .scoping import ScopedRequest, get_object_in_scope


@login_required
def class_detail(request: ScopedRequest, class_pk: int) -> HttpResponse:
    scope = request.scope
    school_class = get_object_in_scope(scope.classes(), pk=class_pk)
    students = school_class.students.in_school().order_by("student_number")
    teachers = (
        TeachingAssignment.objects.filter(term=scope.term, school_class=school_class)
        .select_related("teacher", "subject")
        .order_by("subject__order")
    )
    head = (
        ClassHeadship.objects.filter(term=scope.term, school_class=school_class)
        .select_related("teacher")
        .first()
    )
    return render(
        request,
        "school/class_detail.html",
        {"school_class": school_class, "students": students, "teachers": teachers, "head": head},
    )


@login_required
def password_change(request: ScopedRequest) -> HttpResponse:
    form = forms.ThrottledPasswordChangeForm(request.user, request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("dashboard")
    return render(request, "core/form.html", {"form": form, "title": _("Change password")})


# ---- administration: list and create pages are leaders_only (403 for others); ----------
# ---- a page about one object finds it through admin_queryset (404 for others). ----------


def _admin_object(request: ScopedRequest, model: type[Model], pk: int) -> Any:
    return get_object_in_scope(request.scope.admin_queryset(model._default_manager.all()), pk=pk)


def _form_page(
    request: ScopedRequest, form: ModelForm, *, title: str, saved: str, back: str
) -> HttpResponse:
    """A school-settings form: save and go back to the list, or show it (with its errors)."""
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, saved)
        return redirect(back)
    return render(request, "core/form.html", {"form": form, "title": title, "back": reverse(back)})


@login_required
@leaders_only
def manage_home(request: ScopedRequest) -> HttpResponse:
    counts = {
        "terms": Term.objects.count(),
        "classes": SchoolClass.objects.count(),
        "subjects": Subject.objects.count(),
        "staff": User.objects.count(),
    }
    return render(request, "school/manage_home.html", {"counts": counts})


@login_required
@leaders_only
def term_list(request: ScopedRequest) -> HttpResponse:
    page = paginate(request, Term.objects.all())
    return render(request, "school/term_list.html", {"page": page})


@login_required
@leaders_only
def term_create(request: ScopedRequest) -> HttpResponse:
    form = forms.TermForm(request.POST or None)
    return _form_page(
        request, form, title=_("New term"), saved=_("Term saved."), back="school:term_list"
    )


@login_required
def term_edit(request: ScopedRequest, term_pk: int) -> HttpResponse:
    form = forms.TermForm(request.POST or None, instance=_admin_object(request, Term, term_pk))
    return _form_page(
        request, form, title=_("Edit term"), saved=_("Term saved."), back="school:term_list"
    )


@login_required
@require_POST
def term_make_current(request: ScopedRequest, term_pk: int) -> HttpResponse:
    term = _admin_object(request, Term, term_pk)
    services.make_current_term(term=term)
    messages.success(request, _("%(term)s is now the current term.") % {"term": term})
    return redirect("school:term_list")


@login_required
@require_POST
def term_copy_assignments(request: ScopedRequest, term_pk: int) -> HttpResponse:
    term = _admin_object(request, Term, term_pk)
    source = term.previous()
    if source is None:
        messages.error(request, _("There is no earlier term to copy from."))
    else:
        n = services.copy_assignments(source=source, target=term)
        messages.success(
            request, _("%(n)d assignments copied from %(term)s.") % {"n": n, "term": source}
        )
    return redirect("school:term_list")


def _active_students_q() -> Q:
    """The class's students still at school, without importing students (a later app)."""
    student_model: Any = SchoolClass._meta.get_field("students").related_model
    return Q(students__status__in=student_model.ACTIVE_STATUSES)


@login_required
@leaders_only
def class_list(request: ScopedRequest) -> HttpResponse:
    classes = (
        SchoolClass.objects.select_related("grade")
        .annotate(student_count=Count("students", filter=_active_students_q()))
        .order_by("grade__level", "number")
    )
    heads = {
        h.school_class_id: h.teacher
        for h in ClassHeadship.objects.filter(term=request.scope.term).select_related("teacher")
    }
    page = paginate(request, classes)
    for c in page:
        c.head = heads.get(c.pk)
    return render(request, "school/class_list.html", {"page": page})


@login_required
@leaders_only
def class_create(request: ScopedRequest) -> HttpResponse:
    form = forms.SchoolClassForm(request.POST or None)
    return _form_page(
        request, form, title=_("New class"), saved=_("Class saved."), back="school:class_list"
    )


@login_required
def class_edit(request: ScopedRequest, class_pk: int) -> HttpResponse:
    obj = _admin_object(request, SchoolClass, class_pk)
    form = forms.SchoolClassForm(request.POST or None, instance=obj)
    return _form_page(
        request, form, title=_("Edit class"), saved=_("Class saved."), back="school:class_list"
    )


@login_required
@leaders_only
def subject_list(request: ScopedRequest) -> HttpResponse:
    page = paginate(request, Subject.objects.all())
    return render(request, "school/subject_list.html", {"page": page})


@login_required
@leaders_only
def subject_create(request: ScopedRequest) -> HttpResponse:
    form = forms.SubjectForm(request.POST or None)
    return _form_page(
        request, form, title=_("New subject"), saved=_("Subject saved."), back="school:subject_list"
    )


@login_required
def subject_edit(request: ScopedRequest, subject_pk: int) -> HttpResponse:
    obj = _admin_object(request, Subject, subject_pk)
    form = forms.SubjectForm(request.POST or None, instance=obj)
    return _form_page(
        request,
        form,
        title=_("Edit subject"),
        saved=_("Subject saved."),
        back="school:subject_list",
    )


def _manageable_user(request: ScopedRequest, user_pk: int) -> User:
    """A staff account the actor may change: 404 outside scope, 403 above their standing."""
    user = _admin_object(request, User, user_pk)
    if not rules.can_manage_user(request.user, user):
        raise PermissionDenied
    return user


@login_required
@leaders_only
def staff_list(request: ScopedRequest) -> HttpResponse:
    users = User.objects.all()
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    page = paginate(request, users)
    locks = login_locks([u.username for u in page])
    for u in page:
        u.can_manage = rules.can_manage_user(request.user, u)
        u.locked_until = locks.get(u.username)
    return render(request, "school/staff_list.html", {"page": page, "q": q})


def _staff_page(request: ScopedRequest, form: ModelForm, *, title: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        saved = submit(
            form,
            services.save_staff_account,
            user=form.save(commit=False),
            password=form.cleaned_data.get("password"),
        )
        if saved is not None:
            messages.success(request, _("Staff account saved."))
            return redirect("school:staff_list")
    back = reverse("school:staff_list")
    return render(request, "core/form.html", {"form": form, "title": title, "back": back})


@login_required
@leaders_only
def staff_create(request: ScopedRequest) -> HttpResponse:
    form = forms.StaffCreateForm(request.POST or None, actor=request.user)
    return _staff_page(request, form, title=_("New staff account"))


@login_required
def staff_edit(request: ScopedRequest, user_pk: int) -> HttpResponse:
    obj = _manageable_user(request, user_pk)
    form = forms.StaffForm(request.POST or None, instance=obj, actor=request.user)
    return _staff_page(request, form, title=_("Edit staff account"))


@login_required
def staff_password(request: ScopedRequest, user_pk: int) -> HttpResponse:
    user = _manageable_user(request, user_pk)
    form = forms.StaffPasswordResetForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The password of %(user)s has been reset.") % {"user": user})
        return redirect("school:staff_list")
    title = _("Reset password of %(user)s") % {"user": user}
    return render(
        request,
        "core/form.html",
        {"form": form, "title": title, "back": reverse("school:staff_list")},
    )


@login_required
@require_POST
def staff_unlock(request: ScopedRequest, user_pk: int) -> HttpResponse:
    """Lift the log-in lock of a member of staff (every address they were locked at)."""
    user = _manageable_user(request, user_pk)
    axes_reset(username=user.username)
    messages.success(request, _("%(user)s can log in again.") % {"user": user})
    return redirect("school:staff_list")


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE): says when the lock ends."""
    username = get_client_username(request, credentials) or ""
    ends = login_locks([username], ip_address=getattr(request, "axes_ip_address", None)).get(
        username
    )
    return render(
        request,
        "registration/locked_out.html",
        {"lock_ends": ends, "username": username},
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )


def login_locks(usernames: list[str], *, ip_address: str | None = None) -> dict[str, datetime]:
    """When each locked username's log-in lock ends, in one query; unlocked names are absent.

    With AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off, attempts during a lock are
    not recorded, so the last recorded failure plus the cool-off is when the lock ends.
    """
    cool_off = get_cool_off()
    if not usernames or cool_off is None:
        return {}
    attempts = AccessAttempt.objects.filter(
        username__in=usernames,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gt=timezone.now() - cool_off,
    )
    if ip_address is not None:
        attempts = attempts.filter(ip_address=ip_address)
    ends: dict[str, datetime] = {}
    for username, attempt_time in attempts.values_list("username", "attempt_time"):
        ends[username] = max(ends.get(username, attempt_time + cool_off), attempt_time + cool_off)
    return ends


ROLE_FORMS = {
    "teaching": (TeachingAssignment, forms.TeachingAssignmentForm, True),
    "headship": (ClassHeadship, forms.ClassHeadshipForm, True),
    "gradeleader": (GradeLeadership, forms.GradeLeadershipForm, True),
    "director": (SubjectDirectorship, forms.SubjectDirectorshipForm, False),
}


def _assign_role(request: ScopedRequest, term: Term | None) -> tuple[str, ModelForm | None]:
    """Save the posted role; returns its kind and, when it was refused, the bound form."""
    kind = request.POST.get("kind", "")
    if kind not in ROLE_FORMS or term is None:
        messages.error(request, _("Set a current term first."))
        return kind, None
    model, form_class, per_term = ROLE_FORMS[kind]
    instance = model(term=term) if per_term else model()
    form = form_class(request.POST, prefix=kind, instance=instance)
    if not form.is_valid():
        return kind, form
    if not rules.can_change_roles_of(request.user, form.cleaned_data["teacher"]):
        form.add_error(
            "teacher", _("You cannot change the roles of a leader of your standing or higher.")
        )
        return kind, form
    form.save()
    messages.success(request, _("Role assigned."))
    return kind, None


@login_required
@leaders_only
def assignments(request: ScopedRequest) -> HttpResponse:
    """Every role holder of the current term on one page, with a form per kind of role."""
    term = request.scope.term
    role_forms = {
        kind: form_class(prefix=kind) for kind, (_m, form_class, _t) in ROLE_FORMS.items()
    }
    if request.method == "POST":
        kind, refused = _assign_role(request, term)
        if refused is None:
            return redirect("school:assignments")
        role_forms[kind] = refused
    teaching = TeachingAssignment.objects.filter(term=term).select_related(
        "teacher", "school_class__grade", "subject"
    )
    class_filter = request.GET.get("class")
    if class_filter and class_filter.isdigit():
        teaching = teaching.filter(school_class_id=int(class_filter))
    context = {
        "page": paginate(request, teaching),
        "headships": ClassHeadship.objects.filter(term=term)
        .select_related("teacher", "school_class__grade")
        .order_by("school_class__grade__level", "school_class__number"),
        "gradeleaders": GradeLeadership.objects.filter(term=term).select_related(
            "teacher", "grade"
        ),
        "directors": SubjectDirectorship.objects.select_related("teacher", "subject"),
        "forms": role_forms,
        "classes": SchoolClass.objects.select_related("grade"),
        "class_filter": class_filter,
    }
    return render(request, "school/assignments.html", context)


@login_required
@require_POST
def assignment_delete(request: ScopedRequest, kind: str, assignment_pk: int) -> HttpResponse:
    if kind not in ROLE_FORMS:
        raise Http404
    assignment = _admin_object(request, ROLE_FORMS[kind][0], assignment_pk)
    if not rules.can_change_roles_of(request.user, assignment.teacher):
        raise PermissionDenied
    assignment.delete()
    messages.success(request, _("Role removed."))
    return redirect("school:assignments")
