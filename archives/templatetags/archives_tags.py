from django import template

from school.models import Subject

register = template.Library()


@register.simple_tag
def loggable_subjects(scope, school_class):
    """The subjects taught in a class this term whose archives the viewer may write to."""
    if scope is None or not scope.is_authenticated or scope.term is None:
        return Subject.objects.none()
    subjects = Subject.objects.filter(
        teachingassignment__term=scope.term, teachingassignment__school_class=school_class
    ).distinct()
    allowed = scope.subject_ids_for_class(school_class.pk)
    if allowed is not None:
        subjects = subjects.filter(pk__in=allowed)
    return subjects


_VERDICT_BADGES = {
    "below": "text-bg-danger",
    "above": "text-bg-success",
    "on_track": "text-bg-primary",
}


@register.simple_tag
def case_badges(case) -> str:
    """A list row's badges in one call: as _status_badge, _stale_badge and _monitoring_badge
    included in turn (the same HTML), without three template includes per row."""
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    from core.choices import choice_label

    parts: list[str] = [
        format_html(
            '<span class="badge {}">{}</span>', case.status_badge, choice_label(case, "status")
        )
    ]
    parts.append(" ")
    if getattr(case, "stale", False):
        parts.append(
            format_html(
                '<span class="badge text-bg-warning stale-badge" title="{}">{}</span>',
                gettext("No archive entry for a while"),
                gettext("Stale"),
            )
        )
    parts.append(" ")
    cm = getattr(case, "monitoring", None)
    verdict = cm.verdict if cm is not None else None
    fidelity = cm.fidelity if cm is not None else None
    if verdict:
        parts.append(
            format_html(
                '<span class="badge monitoring-badge {}" data-status="{}">{}</span>',
                _VERDICT_BADGES.get(verdict.status, "text-bg-secondary"),
                verdict.status,
                verdict.status_label,
            )
        )
    if fidelity and fidelity.strict_percent is not None:
        parts.append(
            format_html(
                ' <span class="badge {}">{} {}%</span>',
                "text-bg-warning" if cm is not None and cm.below_bar else "text-bg-light border",
                gettext("Share delivered"),
                fidelity.strict_percent,
            )
        )
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 (each part escaped above)
