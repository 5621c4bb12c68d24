"""The inspection report of a round, on the page and as .xlsx."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from core.xlsx import xlsx_response
from school.models import today
from school.scoping import ScopedRequest

from ..report import build_report, report_xlsx
from ..selectors import get_round


@login_required
def round_report(request: ScopedRequest, round_pk: int) -> HttpResponse:
    inspection_round = get_round(request.scope, round_pk, manage=True)
    report = build_report(inspection_round)
    return render(
        request,
        "inspections/report.html",
        {"report": report, "round": inspection_round, "item_notes": report.item_notes()},
    )


@login_required
def round_report_xlsx(request: ScopedRequest, round_pk: int) -> HttpResponse:
    inspection_round = get_round(request.scope, round_pk, manage=True)
    content = report_xlsx(build_report(inspection_round))
    stamp = today().isoformat()
    return xlsx_response(content, f"inspection-report-{inspection_round.pk}-{stamp}.xlsx")
