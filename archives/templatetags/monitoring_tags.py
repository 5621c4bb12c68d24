"""``{% monitoring_section case %}``: the case's monitoring charts, decisions and 落实率.

A tag, so the archive page and its printed version include it with one line.
"""

from __future__ import annotations

from django import template

from .. import monitoring_chart
from ..monitoring_data import monitoring_of
from ..rules import can_change_case

register = template.Library()


@register.inclusion_tag("archives/_monitoring.html", takes_context=True)
def monitoring_section(context, case, paper: bool = False) -> dict:
    request = context.get("request")
    scope = getattr(request, "scope", None)
    cm = monitoring_of(case)
    return {
        "case": case,
        "cm": cm,
        "charts": [(s, monitoring_chart.build(cm, s)) for s in cm.series],
        "goals": cm.goals,
        "can_change": scope is not None and not paper and can_change_case(scope, case),
        "paper": paper,
    }
