"""Writes to the school's structure that touch more than one row."""

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.utils import timezone

from . import scope_cache
from .models import ClassHeadship, GradeLeadership, TeachingAssignment, Term, User


@transaction.atomic
def make_current_term(*, term: Term) -> Term:
    Term.objects.filter(is_current=True).exclude(pk=term.pk).update(is_current=False)
    scope_cache.bump()  # update() sends no signals; the save below does, once
    term.is_current = True
    term.save(update_fields=["is_current"])
    return term


@transaction.atomic
def copy_assignments(*, source: Term, target: Term) -> int:
    """Start a new term with last term's teaching, head-teacher and grade-leader roles."""
    created = 0
    model: Any  # three role models, the same copying for each
    for model, keys in (
        (TeachingAssignment, ("teacher_id", "school_class_id", "subject_id")),
        (ClassHeadship, ("teacher_id", "school_class_id")),
        (GradeLeadership, ("teacher_id", "grade_id")),
    ):
        existing = set(model.objects.filter(term=target).values_list(*keys))
        new = [
            model(term=target, **dict(zip(keys, row, strict=True)))
            for row in model.objects.filter(term=source).values_list(*keys)
            if row not in existing
        ]
        # Headship is one per class: keep the target term's choice where it has one.
        if model is ClassHeadship:
            taken = {cid for _t, cid in existing}
            new = [h for h in new if h.school_class_id not in taken]
        model.objects.bulk_create(new)
        created += len(new)
    scope_cache.bump()  # bulk_create sends no signals
    return created


def end_sessions(*, user: User) -> int:
    """Log the user out everywhere: delete every stored session that belongs to them.

    Works with the database-backed session engines (the default); with any engine an
    inactive user is refused on their next request anyway, as ModelBackend rejects them.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0
    user_id = str(user.pk)
    ended = 0
    model = store_class.get_model_class()
    for session in model.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(store_class().decode(session.session_data).get(SESSION_KEY)) == user_id:
            store_class(session_key=session.session_key).delete()
            ended += 1
    return ended


@transaction.atomic
def save_staff_account(*, user: User, password: str | None = None) -> User:
    """Create or update a staff account; deactivating it ends its sessions."""
    if password:
        user.set_password(password)
    user.full_clean()
    user.save()
    if not user.is_active:
        end_sessions(user=user)
    return user
