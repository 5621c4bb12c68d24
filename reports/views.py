"""The school dashboard, the summary workbook and the user's background exports."""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from core.idempotency import create_once
from core.page_cache import kept_page
from core.pagination import paginate
from core.xlsx import write_workbook, xlsx_file_response
from family.sheets import exported_students
from school.scoping import ScopedRequest, get_object_in_scope
from students.access_log import What, record_access

from . import figures, rules, services
from .filters import FilterForm, Filters
from .models import ExportJob
from .workbook import build_sheets, download_name, row_total, write_options


def _filters(request: ScopedRequest) -> tuple[FilterForm, Filters]:
    scope = request.scope
    form = FilterForm(request.GET or None, scope=scope)
    if form.is_bound and form.is_valid():
        return form, form.filters()
    return form, Filters(term=scope.term)


@login_required
@require_GET
@kept_page
def dashboard(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    if not rules.can_view_dashboard(scope):
        raise PermissionDenied
    form, filters = _filters(request)
    board = figures.cached_build(scope, filters)
    context = {"form": form, "board": board, "charts_html": figures.charts_html(request, board)}
    return render(request, "reports/dashboard.html", context)


@create_once
def _start_background_export(
    request: ScopedRequest, *, filters: Filters, rows: int, detail: bool
) -> HttpResponse:
    """The big workbook's job: the form's key starts one job however often it is sent.

    Only this part is keyed: a small workbook's download is no record, and the
    access log written just before must stay whatever happens here.
    """
    job = services.start_export(
        user=request.user,
        filters=filters,
        language=get_language(),
        total_rows=rows,
        detail=detail,
        name=download_name(request.scope, filters, detail=detail),
    )
    return redirect("reports:job", job_pk=job.pk)


@login_required
@kept_page
def export(request: ScopedRequest) -> HttpResponseBase:
    """The summary workbook (a district return that prints in a few pages) or, beside it,
    the 明细 workbook of raw logs: small ones download at once, big ones go to the background."""
    scope = request.scope
    form = FilterForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        filters = form.filters()
        detail = request.POST.get("part") == "detail"
        sheets = build_sheets(scope, filters, detail=detail)
        record_access(request, students=list(exported_students(scope, filters)), what=What.EXPORT)
        rows = row_total(sheets)
        if rows > settings.EXPORT_BACKGROUND_ROWS:
            return _start_background_export(request, filters=filters, rows=rows, detail=detail)
        handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        write_workbook(sheets, handle, **write_options(scope, filters, detail=detail))
        handle.seek(0)
        return xlsx_file_response(handle, download_name(scope, filters, detail=detail))
    jobs = paginate(request, ExportJob.objects.visible_to(scope), per_page=10)
    return render(
        request,
        "reports/export.html",
        {"form": form, "jobs": jobs, "background_rows": settings.EXPORT_BACKGROUND_ROWS},
    )


def _own_job(request: ScopedRequest, job_pk: int) -> ExportJob:
    # Another user's export is a 404, never a 403: its existence is not revealed.
    return get_object_in_scope(ExportJob.objects.visible_to(request.scope), pk=job_pk)


@login_required
@require_GET
def job_detail(request: ScopedRequest, job_pk: int) -> HttpResponse:
    job = _own_job(request, job_pk)
    return render(request, "reports/job.html", {"job": job})


@login_required
@require_GET
def job_progress(request: ScopedRequest, job_pk: int) -> HttpResponse:
    """The progress partial the job page polls (htmx, every 2 s) until the job ends."""
    job = _own_job(request, job_pk)
    return render(request, "reports/_job_progress.html", {"job": job})


@login_required
@require_GET
def job_download(request: ScopedRequest, job_pk: int) -> HttpResponseBase:
    job = _own_job(request, job_pk)
    if job.status != ExportJob.Status.DONE or not job.file.name:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = xlsx_file_response(handle, job.download_name)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def job_retry(request: ScopedRequest, job_pk: int) -> HttpResponse:
    """Start a failed or stalled export again."""
    job = _own_job(request, job_pk)
    try:
        services.retry_export(job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:job", job_pk=job.pk)
