"""Case studies: drafted from a closed or improved case, edited, reviewed and published.

Every save runs the texts through the case's ``Anonymiser``, so nothing a teacher types
back in (a name, a number, a full date) reaches the study."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archives.models import SupportCase, SupportMeasure
from archives.rules import can_change_case
from school.scoping import Scope

from .anonymise import Anonymiser
from .models import CaseStudy

ENDED = (SupportCase.Status.IMPROVED, SupportCase.Status.CLOSED)


def can_write_from(scope: Scope, case: SupportCase) -> bool:
    return case.status in ENDED and can_change_case(scope, case)


def can_publish(scope: Scope, study: CaseStudy) -> bool:
    return scope.is_school_leader or study.subject_id in scope.directed_subject_ids


def can_edit(scope: Scope, study: CaseStudy) -> bool:
    if can_publish(scope, study):
        return True
    return study.author_id == getattr(scope.user, "pk", None) and (
        study.status != CaseStudy.Status.PUBLISHED
    )


def _apply(study: CaseStudy, texts: dict, strategies: Iterable[SupportMeasure]) -> None:
    case = study.source_case
    clean = Anonymiser(case) if case is not None else (lambda t: t)
    for field in CaseStudy.TEXT_FIELDS:
        if field in texts:
            setattr(study, field, clean(texts[field] or ""))
    study.full_clean()
    study.save()
    study.strategies.set(list(strategies))


@transaction.atomic
def write_study(
    *,
    scope: Scope,
    case: SupportCase,
    strategies: Iterable[SupportMeasure] = (),
    submit_now: bool = False,
    **texts,
) -> CaseStudy:
    if not can_write_from(scope, case):
        raise ValidationError(_("A case study is written from an improved or closed case."))
    study = CaseStudy(
        source_case=case,
        subject=case.subject,
        grade_level=case.student.school_class.grade.level,
        causes=[
            c
            for c, on in (
                (SupportCase.Cause.WEAK_FOUNDATION, case.cause_weak_foundation),
                (SupportCase.Cause.ATTITUDE, case.cause_attitude),
            )
            if on
        ],
        difficulty_type=case.difficulty_type,
        author=scope.user,
        status=CaseStudy.Status.SUBMITTED if submit_now else CaseStudy.Status.DRAFT,
    )
    _apply(study, texts, strategies)
    return study


@transaction.atomic
def edit_study(
    *,
    scope: Scope,
    study: CaseStudy,
    strategies: Iterable[SupportMeasure] = (),
    submit_now: bool = False,
    **texts,
) -> CaseStudy:
    if not can_edit(scope, study):
        raise PermissionDenied
    if submit_now and study.status == CaseStudy.Status.DRAFT:
        study.status = CaseStudy.Status.SUBMITTED
    _apply(study, texts, strategies)
    return study


@transaction.atomic
def publish_study(*, scope: Scope, study: CaseStudy, publish: bool = True) -> CaseStudy:
    """Publish to the school, or send back to its author as a draft."""
    if not can_publish(scope, study):
        raise PermissionDenied
    if publish:
        study.status = CaseStudy.Status.PUBLISHED
        study.reviewed_by, study.published_at = scope.user, timezone.now()
    else:
        study.status = CaseStudy.Status.DRAFT
    # One more pass at publication, in case the anonymiser learnt a new name since.
    _apply(study, {f: getattr(study, f) for f in CaseStudy.TEXT_FIELDS}, study.strategies.all())
    return study
