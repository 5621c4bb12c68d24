"""Evaluation results and gap remediation in a student's progress archive."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.plugins import TimelineEntry

from .models import EvaluationResult


def entries(*, scope, student, subject, term) -> list[TimelineEntry]:
    """One entry per result (drawn on the chart) with its gaps, in two queries."""
    results = EvaluationResult.objects.visible_to(scope).filter(student=student)
    if subject is not None:
        results = results.filter(evaluation__subject=subject)
    if term is not None:
        results = results.filter(evaluation__term=term)
    results = results.select_related(
        "evaluation__subject", "evaluation__created_by"
    ).prefetch_related("gaps")
    out = []
    for r in results:
        e = r.evaluation
        if e.is_scored:
            score = _("%(score)s of %(full)s") % {
                "score": r.display,
                "full": str(e.full_marks).removesuffix(".0"),
            }
        else:
            score = _("level %(level)s") % {"level": r.level}
        attained = _("goal attained") if r.goal_attained else _("goal not attained")
        lines = []
        for g in r.gaps.all():
            if g.done:
                status = _("remediated on %(date)s") % {"date": g.done_on}
            else:
                status = _("remediation due %(date)s") % {"date": g.due}
            lines.append(
                _("Gap: %(point)s (%(status)s)") % {"point": g.knowledge_point, "status": status}
                + (f" — {g.remediation}" if g.remediation else "")
            )
        out.append(
            TimelineEntry(
                date=e.date,
                kind="evaluation",
                kind_label=str(e.get_kind_display()),
                title=f"{e.name} · {e.subject}: {score}, {attained}",
                body="\n".join(lines),
                score_percent=e.percent(score=r.score, level=r.level),
                author=str(e.created_by),
                url=reverse("evaluations:detail", kwargs={"evaluation_pk": e.pk}),
                created_at=e.created_at,
            )
        )
    return out
