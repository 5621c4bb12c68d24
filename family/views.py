"""Family linkage pages: the visit plan, a student's family file, contacts, letters, sessions.

Every object is looked up through ``family/rules.py`` first (a 404 outside the
need-to-know scope); writes then check that the user is one who contacts the
family. Every page that shows family data records the read
(``students.access_log.record_access``).
"""

from __future__ import annotations

from functools import cache
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from archives.case_history import history_page
from archives.models import SupportCase
from archives.rules import can_correct_entry, require_correct_entry
from core import history as change_history
from core.forms import submit
from core.idempotency import create_once
from core.page_cache import kept_page
from core.pagination import paginate
from core.params import query_id
from core.rows import pk_url
from school.models import Grade, today
from school.scoping import ScopedRequest, get_object_in_scope
from students.access_log import What, record_access

from . import letters, selectors, services
from .contact_defaults import contact_initial
from .forms import (
    FamilyContactForm,
    FamilyProfileForm,
    GuardianFormSet,
    ParentSessionForm,
    ProgressLetterForm,
)
from .models import FamilyContact, FamilyProfile, Guardian, ParentSession
from .rules import (
    can_contact,
    can_create_sessions,
    family_classes,
    family_pages_only,
    family_students,
    head_teacher_names,
    mask_phone,
    reads_restricted,
    require_contact,
    sees_full_file,
)

# A scope of more classes than this is summarised by grade: an administrator of a big
# school reads a row per grade, then the chosen grade's classes; the page stays the same
# size however many classes the school has. A head teacher keeps the table by class.
BY_GRADE_OVER = 12
NONE = (0, 0, 0)  # a group without struggling students: none, none overdue, none visited


def _chosen_pk(request: ScopedRequest, name: str) -> int | None:
    return query_id(request.GET.get(name))


@login_required
@family_pages_only
@kept_page
def visit_plan(request: ScopedRequest) -> HttpResponse:
    """Struggling students and their home visits: who is overdue, by how many days."""
    scope = request.scope
    term = scope.term
    day = today()
    scope_classes = family_classes(scope)
    classes = list(scope_classes[: BY_GRADE_OVER + 1])
    by_grade = len(classes) > BY_GRADE_OVER
    class_pk, grade_pk = _chosen_pk(request, "class"), _chosen_pk(request, "grade")
    grades: list[Grade] = []
    grade = None
    if by_grade:
        grades = list(Grade.objects.filter(classes__in=scope_classes).distinct().order_by("level"))
        grade = next((g for g in grades if g.pk == grade_pk), None)
        if grade is None and class_pk is not None:
            # ?class= alone (a link from before, or from the dashboard): its grade.
            grade_id = scope_classes.filter(pk=class_pk).values_list("grade_id", flat=True).first()
            grade = next((g for g in grades if g.pk == grade_id), None)
        classes = list(scope_classes.filter(grade=grade)) if grade else []
    selected = next((c for c in classes if c.pk == class_pk), None)
    overdue_only = request.GET.get("overdue") == "1"
    context = {
        "classes": classes,
        "by_grade": by_grade,
        "grade": grade,
        # The filter's options and the summary rows read as attributes (core/rows.py).
        "grade_options": [
            {"pk": g.pk, "label": str(g), "selected": grade is not None and grade.pk == g.pk}
            for g in grades
        ],
        "options": [
            {"pk": c.pk, "label": str(c), "selected": selected is not None and selected.pk == c.pk}
            for c in classes
        ],
        "selected": selected,
        "overdue_only": overdue_only,
        "interval": selectors.interval_days(),
        "today": day,
    }
    if term is None:
        return render(request, "family/visit_plan.html", context)
    students = family_students(scope)
    # Figures by group that add up to the list's length, when a summary has them.
    counts: dict[int, tuple] | None = None
    if by_grade:
        counts = selectors.visit_counts(students, term, day, "school_class__grade_id")
        context["grade_summaries"] = _summary_rows(counts, grades, "grade")
        if grade:
            students = students.filter(school_class__grade=grade)
            counts = {grade.pk: counts.get(grade.pk, NONE)}
    if classes:
        counts = selectors.visit_counts(students, term, day, "school_class_id")
        context["summaries"] = _summary_rows(counts, classes, "class")
    if selected:
        students = students.filter(school_class=selected)
        counts = {selected.pk: (counts or {}).get(selected.pk, NONE)}
    # The order comes from the stored visit clocks (an index scan, one page of ids), its
    # length from the summaries' figures; the page's rows, with their figures, are then
    # read for its 50 ids only.
    order = selectors.plan_order(students, term, day if overdue_only else None)
    length = None
    if counts is not None:
        length = sum(c[1] if overdue_only else c[0] for c in counts.values())
    page = paginate(request, order, count=length)
    ids = list(page.object_list)
    if ids:
        position = {pk: i for i, pk in enumerate(ids)}
        rows = selectors.with_visit_status(students.filter(pk__in=ids), term)
        page.object_list = sorted(rows, key=lambda s: position[s.pk])
    for student in page:
        student.days_overdue = selectors.days_overdue(student.clock, day)
    _show(page)
    record_access(request, students=page, what=What.CONTACT_LOG)
    context["page"] = page
    return render(request, "family/visit_plan.html", context)


def _summary_rows(counts: dict, objects, param: str) -> list:
    """Summary rows (class or grade) with their label and filter link (core/rows.py)."""
    rows = selectors.summaries_of(counts, objects)
    for row in rows:
        row.label = str(row.school_class)
        row.url = f"?{param}={row.school_class.pk}"
    return rows


def _show(students) -> None:
    """Each row's link, dates and counts, each distinct value computed once (core/rows.py)."""
    detail = pk_url("family:student")
    shown = cache(lambda d: date_format(d, "Y-m-d"))
    contacts = cache(
        lambda n: (
            ngettext("%(counter)s contact this term", "%(counter)s contacts this term", n)
            % {"counter": n}
        )
    )
    overdue = cache(
        lambda n: (
            ngettext("%(counter)s day overdue", "%(counter)s days overdue", n) % {"counter": n}
        )
    )
    for s in students:
        s.detail_url = detail(s.pk)
        s.shown_last_visit = (
            _("Last home visit %(d)s") % {"d": shown(s.last_visit)} if s.last_visit else ""
        )
        s.shown_contacts = contacts(s.term_contacts)
        s.shown_last_contact = (
            _("last %(d)s") % {"d": shown(s.last_contact)} if s.last_contact else ""
        )
        s.shown_overdue = overdue(s.days_overdue) if s.days_overdue else ""


def _guardians_for_display(scope, profile, class_id: int) -> list:
    if profile is None:
        return []
    show_phone = can_contact(scope, class_id)
    guardians = list(profile.guardians.all())
    for g in guardians:
        g.display_phone = g.phone if show_phone else mask_phone(g.phone)
    return guardians


@login_required
def student_family(request: ScopedRequest, student_pk: int) -> HttpResponse:
    """The family file: whole for its holders, a summary for a director with a case here."""
    scope = request.scope
    student = get_object_in_scope(family_students(scope), pk=student_pk)
    profile = FamilyProfile.objects.filter(student=student).first()
    contacts = student.family_contacts.alive().select_related("recorded_by", "student")
    cases = (
        SupportCase.objects.filter(student=student, term=scope.term)
        .select_related("subject")
        .order_by("subject__order")
    )
    full = reads_restricted(scope, student.school_class_id)
    page = paginate(request, contacts)
    for c in page:
        c.text_visible = full or not c.restricted
        c.can_correct = can_correct_entry(request.user, c)
    withdrawn = student.family_contacts.filter(deleted_at__isnull=False).order_by("-deleted_at")
    if not request.user.is_school_leader:
        withdrawn = withdrawn.filter(recorded_by=request.user)
    withdrawn_rows = [
        {
            "date": c.date,
            "label": c.get_channel_display(),
            "text": c.summary,
            "restore_url": reverse("family:contact_restore", args=[c.pk]),
            "contact": c,
        }
        for c in withdrawn[:10]
    ]
    record_access(request, students=student, what=What.FAMILY_FILE if full else What.FAMILY_SUMMARY)
    return render(
        request,
        "family/student_family.html",
        {
            "student": student,
            "profile": profile,
            "guardians": _guardians_for_display(scope, profile, student.school_class_id),
            "page": page,
            "cases": cases,
            "can_contact": can_contact(scope, student.school_class_id),
            "full": full,
            "withdrawn": withdrawn_rows,
            "ask": head_teacher_names([student.school_class_id], scope.term).get(
                student.school_class_id, ""
            ),
        },
    )


@login_required
def profile_changes(request: ScopedRequest, student_pk: int) -> HttpResponse:
    """修改记录 of a family profile, guardians added and removed included: for the holders
    of the full family file only (it quotes the notes and phone numbers); the read is logged."""
    scope = request.scope
    student = get_object_in_scope(family_students(scope), pk=student_pk)
    if not sees_full_file(scope, student.school_class_id):
        raise PermissionDenied
    profile = FamilyProfile.objects.filter(student=student).first()
    changes = []
    if profile is not None:
        guardian = _("Guardian %(relation)s %(name)s")
        relations = dict(Guardian.Relation.choices)
        changes = change_history.merged(
            change_history.changes(
                profile.history.select_related("history_user")[:300], FamilyProfile
            ),
            change_history.changes(
                Guardian.history.filter(profile_id=profile.pk).select_related("history_user")[:300],
                Guardian,
                only=["relation", "name", "phone", "lives_with_student", "works_away"],
                subject=lambda r: (
                    guardian % {"relation": relations.get(r.relation, r.relation), "name": r.name}
                ),
            ),
        )
    record_access(request, students=student, what=What.FAMILY_FILE)
    return render(
        request,
        "core/changes.html",
        {
            "title": _("Change history of the family file of %(name)s") % {"name": student.name},
            "back": reverse("family:student", args=[student.pk]),
            "back_label": student.name,
            "changes": changes,
            "created_label": _("Created"),
        },
    )


@login_required
@create_once
def profile_edit(request: ScopedRequest, student_pk: int) -> HttpResponse:
    scope = request.scope
    student = get_object_in_scope(family_students(scope), pk=student_pk)
    require_contact(scope, student.school_class_id)
    profile = FamilyProfile.objects.filter(student=student).first() or FamilyProfile(
        student=student
    )
    form = FamilyProfileForm(request.POST or None, instance=profile)
    formset = GuardianFormSet(
        request.POST or None, instance=profile if profile.pk else None, prefix="guardians"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        deleted: list[Guardian] = [
            f.instance for f in formset.deleted_forms if cast(Guardian, f.instance).pk
        ]
        kept = [
            f.instance
            for f in formset.forms
            if f.has_changed() and f not in formset.deleted_forms and f.cleaned_data
        ]
        saved = submit(
            form,
            services.save_family_profile,
            profile=form.instance,
            guardians=kept,
            removed=deleted,
            user=request.user,
            version=form.cleaned_data["version"],
        )
        if saved is not None:
            messages.success(request, _("Family situation saved."))
            return redirect("family:student", student_pk=student.pk)
    return render(
        request,
        "family/profile_form.html",
        {"student": student, "form": form, "formset": formset},
    )


@login_required
@create_once
def contact_create(request: ScopedRequest, student_pk: int) -> HttpResponse:
    scope = request.scope
    student = get_object_in_scope(family_students(scope), pk=student_pk)
    require_contact(scope, student.school_class_id)
    initial, read_family = contact_initial(
        student=student, user=request.user, wanted_channel=request.GET.get("channel", "")
    )
    if read_family and request.method != "POST":
        record_access(request, students=student, what=What.FAMILY_FILE)
    instance = FamilyContact(student=student, recorded_by=request.user)
    form = FamilyContactForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.CONTACT_FIELDS}
        contact = submit(
            form, services.record_contact, student=student, user=request.user, **fields
        )
        if contact is not None:
            messages.success(
                request, _("%(channel)s recorded.") % {"channel": contact.get_channel_display()}
            )
            return redirect("family:student", student_pk=student.pk)
    return render(
        request,
        "family/contact_form.html",
        {"student": student, "form": form, "title": _("Record a family contact")},
    )


def _contact(request: ScopedRequest, contact_pk: int) -> FamilyContact:
    """A contact of a student whose family data the user may see; a 404 otherwise."""
    return get_object_in_scope(FamilyContact.objects.visible_to(request.scope), pk=contact_pk)


@login_required
def contact_edit(request: ScopedRequest, contact_pk: int) -> HttpResponse:
    """Correct a contact: its recorder, the principal or an administrator (others: 403)."""
    contact = _contact(request, contact_pk)
    if contact.is_deleted:
        raise Http404
    require_correct_entry(request.user, contact)
    student = contact.student
    if request.method != "POST":
        record_access(request, students=student, what=What.CONTACT_LOG)
    form = FamilyContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.CONTACT_FIELDS}
        # The model form has written the input onto ``contact``: the service gets a fresh copy.
        fresh = FamilyContact.objects.get(pk=contact.pk)
        if submit(form, services.correct_contact, contact=fresh, by=request.user, **fields):
            messages.success(request, _("Contact saved."))
            return redirect("family:student", student_pk=student.pk)
    return render(
        request,
        "family/contact_form.html",
        {"student": student, "form": form, "title": _("Edit family contact")},
    )


@login_required
@require_POST
def contact_withdrawal(request: ScopedRequest, contact_pk: int, undo: bool = False) -> HttpResponse:
    """Withdraw a contact (soft), or with ``undo`` restore it."""
    contact = _contact(request, contact_pk)
    (services.restore_contact if undo else services.withdraw_contact)(
        contact=contact, by=request.user
    )
    done = _("Contact restored.") if undo else _("Contact withdrawn. You can undo this below.")
    messages.success(request, done)
    return redirect("family:student", student_pk=contact.student_id)


@login_required
def contact_history(request: ScopedRequest, contact_pk: int) -> HttpResponse:
    """Every version of a contact: for the holders of the full family file only (it has the
    agreed actions and may be restricted), and its recorder."""
    contact = _contact(request, contact_pk)
    student = contact.student
    if not (
        sees_full_file(request.scope, student.school_class_id)
        or can_correct_entry(request.user, contact)
    ):
        raise PermissionDenied
    record_access(request, students=student, what=What.CONTACT_LOG)
    return history_page(
        request,
        entry=contact,
        fields=list(services.CONTACT_FIELDS),
        title=FamilyContact._meta.verbose_name,
        back=reverse("family:student", args=[student.pk]),
        back_label=student.name,
    )


@login_required
@create_once
def progress_letter(request: ScopedRequest, student_pk: int) -> HttpResponse:
    scope = request.scope
    student = get_object_in_scope(family_students(scope), pk=student_pk)
    require_contact(scope, student.school_class_id)
    # The letter's language is the family's, chosen on the letter (default: the school's).
    language = letter_language(request.GET.get("language"))
    initial = {
        "text": letters.draft(
            student=student, term=scope.term, teacher=request.user, language=language
        ),
        "channel": FamilyContact.Channel.PRIVATE_MESSAGE,
        "date": today(),
    }
    form = ProgressLetterForm(request.POST or None, initial=initial)
    # The letter is in the family's language, whatever the page's (screen readers, spelling).
    form.fields["text"].widget.attrs["lang"] = language
    if request.method == "POST" and form.is_valid():
        sent = submit(
            form,
            services.send_progress_letter,
            student=student,
            user=request.user,
            text=form.cleaned_data["text"],
            channel=form.cleaned_data["channel"],
            date=form.cleaned_data["date"],
        )
        if sent is not None:
            messages.success(request, _("The progress letter is kept in the contact log."))
            return redirect(
                reverse("family:letter_print", args=[sent.pk]) + f"?language={language}"
            )
    return render(
        request,
        "family/letter.html",
        {
            "student": student,
            "form": form,
            "language": language,
            "languages": settings.LANGUAGES,
        },
    )


def letter_language(value: str | None) -> str:
    return value if value in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@login_required
def letter_print(request: ScopedRequest, contact_pk: int) -> HttpResponse:
    """A sent letter on A4: the school, the date, the whole text, the head teacher's signature.

    The page is in the letter's language (``?language=``, default the school's)."""
    contact = _contact(request, contact_pk)
    if contact.is_deleted or not contact.is_progress_letter:
        raise Http404
    record_access(request, students=contact.student, what=What.CONTACT_LOG)
    language = letter_language(request.GET.get("language"))
    with translation.override(language):
        return render(
            request,
            "family/letter_print.html",
            {
                "contact": contact,
                "student": contact.student,
                "school_name": settings.SCHOOL_NAME,
                "language": language,
            },
        )


# ---- parent school and parent meetings ---------------------------------------------------


@login_required
@family_pages_only
def session_list(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    term = scope.term
    classes = list(family_classes(scope))
    sessions = ParentSession.objects.none()
    rates = []
    if term is not None:
        in_my_classes = Q(attendance__student__school_class__in=classes)
        sessions = (
            ParentSession.objects.visible_to(scope)
            .filter(term=term)
            .annotate(
                recorded=Count("attendance", filter=in_my_classes),
                attended=Count("attendance", filter=in_my_classes & Q(attendance__attended=True)),
            )
            .order_by("-date", "-id")
        )
        rates = selectors.attendance_rates(term, classes)
    return render(
        request,
        "family/session_list.html",
        {
            "page": paginate(request, sessions),
            "rates": rates,
            "can_create": can_create_sessions(scope),
        },
    )


@login_required
@create_once
def session_create(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    if not can_create_sessions(scope) or scope.term is None:
        raise PermissionDenied
    classes = scope.classes() if scope.school_wide else family_classes(scope)
    session = ParentSession(term=scope.term, created_by=request.user)
    form = ParentSessionForm(
        request.POST or None,
        instance=session,
        classes=classes.filter(id__in=scope.headed_class_ids) if not scope.school_wide else classes,
        whole_school=scope.school_wide,
    )
    if request.method == "POST" and form.is_valid():
        saved = submit(form, services.save_session, session=form.instance, user=request.user)
        if saved is not None:
            messages.success(request, _("Session saved. Now record who came."))
            return redirect("family:session", session_pk=saved.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("New parent session"), "back": reverse("family:sessions")},
    )


@login_required
def session_detail(request: ScopedRequest, session_pk: int) -> HttpResponse:
    """The session and its attendance, marked with one checkbox per struggling student."""
    scope = request.scope
    session = get_object_in_scope(ParentSession.objects.visible_to(scope), pk=session_pk)
    students = selectors.session_students(session, family_students(scope))
    page = paginate(request, students)
    rows = list(page)
    attended = dict(
        session.attendance.filter(student__in=rows).values_list("student_id", "attended")
    )
    editable = [s for s in rows if can_contact(scope, s.school_class_id)]
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        chosen = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
        try:
            services.record_attendance(
                session=session, user=request.user, students=editable, attended_ids=chosen
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Attendance saved."))
        return redirect(request.get_full_path())
    for s in rows:
        s.attended = attended.get(s.pk)
        s.editable = s in editable and session.date <= today()
    record_access(request, students=rows, what=What.CONTACT_LOG)
    return render(
        request,
        "family/session_detail.html",
        {
            "session": session,
            "page": page,
            "rows": rows,
            "can_edit": bool(editable) and session.date <= today(),
            "not_yet_held": session.date > today(),
        },
    )
