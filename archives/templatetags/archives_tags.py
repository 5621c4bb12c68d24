import html

from django import template
from django.utils.safestring import SafeData

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


_TIMELINE_BORDERS = {
    "observation": "border-primary",
    "summary": "border-success",
    "discussion": "border-warning",
}


def _escape(value) -> str:
    """``conditional_escape`` without its lazy-string wrapper: a row has a dozen values."""
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value))


@register.simple_tag(takes_context=True)
def timeline_items(context, entries) -> str:
    """The timeline's ``<li>`` rows (``archives/_timeline.html``), built in Python.

    Sixty entries of some twenty template lookups each were a tenth of the archive page;
    the HTML is the same, every value escaped. Photos keep their template.
    """
    from django.template.defaultfilters import linebreaksbr
    from django.utils.formats import localize
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    corrected_label = _escape(gettext("Corrected"))
    correct_label = _escape(gettext("Correct"))
    withdraw_label = _escape(gettext("Withdraw"))
    withdraw_confirm = _escape(gettext("Withdraw this entry? You can undo it afterwards."))
    history_label = _escape(gettext("History"))
    token = context.get("csrf_token")
    csrf_input = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{_escape(token)}">'
        if token and token != "NOTPROVIDED"
        else ""
    )
    photos_template = None
    parts: list[str] = []
    for e in entries:
        head = (
            f'<span class="text-muted small">{e.date.isoformat() if e.date else ""}</span> '
            f'<span class="badge text-bg-light border">{_escape(e.kind_label)}</span>'
        )
        if e.rating:
            head += f' <span class="badge text-bg-info">{_escape(localize(e.rating))}/5</span>'
        history_url = getattr(e, "history_url", "")
        if getattr(e, "corrected", False):
            if history_url:
                head += (
                    ' <a class="badge text-bg-warning text-decoration-none corrected" '
                    f'href="{_escape(history_url)}">{corrected_label}</a>'
                )
            else:
                head += f' <span class="badge text-bg-warning corrected">{corrected_label}</span>'
        if e.url:
            title = f'<a href="{_escape(e.url)}">{_escape(e.title)}</a>'
        else:
            title = _escape(e.title)
        body = f'<div class="small">{linebreaksbr(e.body, autoescape=True)}</div>' if e.body else ""
        photos = ""
        if getattr(e, "photos", None):
            if photos_template is None:
                photos_template = context.template.engine.get_template("archives/_photos.html")
            with context.push(photos=e.photos):
                photos = photos_template.render(context)
        links = ""
        edit_url = getattr(e, "edit_url", "")
        delete_url = getattr(e, "delete_url", "")
        if delete_url or history_url:
            links = '<div class="d-flex gap-3 d-print-none">'
            if edit_url:
                links += (
                    f'<a class="btn btn-link btn-sm p-0" href="{_escape(edit_url)}">'
                    f"{correct_label}</a>"
                )
            if delete_url:
                links += (
                    f'<form method="post" action="{_escape(delete_url)}">{csrf_input}'
                    '<button class="btn btn-link btn-sm p-0 text-danger" '
                    f'data-confirm="{withdraw_confirm}">{withdraw_label}</button></form>'
                )
            if history_url:
                links += (
                    '<a class="btn btn-link btn-sm p-0 text-muted" '
                    f'href="{_escape(history_url)}">{history_label}</a>'
                )
            links += "</div>"
        border = _TIMELINE_BORDERS.get(e.kind, "border-secondary")
        parts.append(
            f'  <li class="border-start border-3 ps-2 mb-3 {border}">\n'
            '    <div class="d-flex justify-content-between flex-wrap gap-1">\n'
            f"      <span>{head}</span>\n"
            f'      <span class="small text-muted">{_escape(e.author)}</span>\n'
            "    </div>\n"
            f'    <div class="fw-semibold">{title}</div>\n'
            f"    {body}\n    {photos}\n    {links}\n  </li>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)
