"""The summary workbook: the database's values, inside each user's scope."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from celery import current_app
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from archives.models import SupportCase
from core.xlsx import HEADER_ROW
from reports.models import ExportJob

from .factories.reports import seed_cases


@pytest.fixture
def seeded(school):
    school.cases = seed_cases(school)
    return school


@pytest.fixture
def eager_celery():
    """Tasks run in-process, as without Redis (CI has Redis but no worker for these tests)."""
    conf = current_app.conf
    before = conf.task_always_eager
    conf.task_always_eager = True
    yield
    conf.task_always_eager = before


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def download(client, **data) -> object:
    response = client.post(reverse("reports:export"), data)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(content))


def rows(ws) -> list[tuple]:
    """The data rows under the header (row 3), without the 合计 row."""
    return [
        tuple(row)
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        if row[0] not in ("合计", "Total")
    ]


def column(ws, header: str) -> list:
    headers = [cell.value for cell in ws[HEADER_ROW]]
    index = headers.index(header)
    return [row[index] for row in rows(ws)]


def test_administrator_workbook_equals_the_database(login, seeded):
    wb = download(login(seeded.admin), term=seeded.term.pk)
    assert wb.sheetnames[:7] == [
        "封面",
        "概览",
        "按年级",
        "按班级",
        "按学科",
        "按教师",
        "学困生名单",
    ]

    overview = dict(rows(wb["概览"]))
    term_cases = SupportCase.objects.filter(term=seeded.term)
    assert overview["帮扶个案"] == term_cases.count() == 5
    assert overview["学困生人数"] == term_cases.values("student").distinct().count() == 4
    assert overview["在校学生"] == 5
    assert overview["转化率"] == pytest.approx(2 / 5)
    assert overview[f"转化率（{seeded.cases.previous}）"] == pytest.approx(1 / 4)

    by_class = {row[1]: row for row in rows(wb["按班级"])}
    assert set(by_class) == {"三年级(1)班", "三年级(2)班", "四年级(1)班"}
    # grade, class, students, struggling, cases, identified, in support, improved, closed, rate
    assert by_class["三年级(1)班"][2:9] == (2, 2, 3, 1, 1, 1, 0)
    assert by_class["三年级(1)班"][9] == pytest.approx(1 / 3)
    assert by_class["三年级(2)班"][2:5] == (2, 1, 1)

    by_subject = {row[0]: row for row in rows(wb["按学科"])}
    assert by_subject["数学"][1:3] == (3, 3)
    assert by_subject["语文"][1:3] == (2, 2)

    by_teacher = {row[0]: row for row in rows(wb["按教师"])}
    assert by_teacher["李老师"][2] == 2  # responsible for two cases
    assert by_teacher["王老师"][2] == 2

    case_list = wb["学困生名单"]
    assert len(rows(case_list)) == 5
    first = dict(zip([c.value for c in case_list[HEADER_ROW]], rows(case_list)[0], strict=False))
    assert first["学号"] == "A001"
    assert first["姓名"] == "张小明"
    assert first["班级"] == "三年级(1)班"
    assert first["认定日期"].date() == seeded.cases.a_maths.identified_on
    assert first["责任教师"] in ("李老师", "王老师")
    with translation.override("zh-hans"):
        labels = {
            str(SupportCase.Status(value).label)
            for value in ("in_support", "identified", "improved")
        }
    assert set(column(case_list, "状态")) == labels


def test_workbook_is_ready_for_the_office(login, seeded):
    wb = download(login(seeded.admin), term=seeded.term.pk)
    for ws in wb.worksheets[1:]:
        assert ws.freeze_panes == "A4"
        assert ws.auto_filter.ref.startswith("A3:")
        assert ws["A1"].font.bold and ws["A3"].font.bold


def test_english_user_gets_english_headers(login, seeded):
    client = login(seeded.admin)
    client.cookies["django_language"] = "en"
    wb = download(client, term=seeded.term.pk)
    assert wb.sheetnames[:7] == [
        "Cover",
        "Overview",
        "By grade",
        "By class",
        "By subject",
        "By teacher",
        "Struggling-student list",
    ]
    assert [c.value for c in wb["Struggling-student list"][HEADER_ROW]][:3] == [
        "Student number",
        "Name",
        "Gender",
    ]


def test_subject_teacher_exports_only_their_classes_and_subjects(login, seeded):
    wb = download(login(seeded.teacher), term=seeded.term.pk)
    listed = rows(wb["学困生名单"])
    assert {(row[0], row[5]) for row in listed} == {("A001", "数学"), ("A002", "数学")}
    assert [row[1] for row in rows(wb["按班级"])] == ["三年级(1)班"]
    overview = dict(rows(wb["概览"]))
    assert overview["帮扶个案"] == 2
    assert not any("家庭" in name or "Family" in name for name in wb.sheetnames)


def test_head_teacher_exports_every_subject_of_their_class(login, seeded):
    wb = download(login(seeded.head), term=seeded.term.pk)
    listed = rows(wb["学困生名单"])
    assert {(row[0], row[5]) for row in listed} == {
        ("A001", "数学"),
        ("A002", "数学"),
        ("A001", "语文"),
    }


def test_director_exports_their_subject_school_wide(login, seeded):
    wb = download(login(seeded.director), term=seeded.term.pk)
    listed = rows(wb["学困生名单"])
    assert {(row[0], row[5]) for row in listed} == {("A001", "语文"), ("C001", "语文")}


def test_filters_narrow_the_workbook(login, seeded):
    wb = download(login(seeded.admin), term=seeded.term.pk, school_class=seeded.class_b.pk)
    assert [row[0] for row in rows(wb["学困生名单"])] == ["B001"]
    wb = download(login(seeded.admin), term=seeded.cases.previous.pk, subject=seeded.chinese.pk)
    assert sorted(row[0] for row in rows(wb["学困生名单"])) == ["A002", "C001"]


def test_a_class_outside_the_scope_is_refused_not_widened(login, seeded):
    client = login(seeded.teacher)
    response = client.post(
        reverse("reports:export"), {"term": seeded.term.pk, "school_class": seeded.class_b.pk}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["school_class"]


def test_names_typed_as_formulas_stay_text(login, seeded):
    make = seeded.cases.extra_student
    SupportCase.objects.create(
        student=make, subject=seeded.maths, term=seeded.term, identified_by=seeded.admin
    )
    wb = download(login(seeded.admin), term=seeded.term.pk)
    ws = wb["学困生名单"]
    # The user's exact characters, as a text cell with the quote-prefix style: no apostrophe.
    cell = next(c for c in ws["B"] if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s" and cell.quotePrefix
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_big_export_goes_to_the_background_for_its_owner_only(
    login, seeded, settings, media, eager_celery, django_capture_on_commit_callbacks, client
):
    settings.EXPORT_BACKGROUND_ROWS = 2
    client = login(seeded.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:export"), {"term": seeded.term.pk})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job", kwargs={"job_pk": job.pk})
    assert job.status == ExportJob.Status.DONE and job.progress == 100
    assert job.params["filters"]["term"] == seeded.term.pk
    assert Path(job.file.path).is_relative_to(media / "exports")

    page = client.get(reverse("reports:job_progress", kwargs={"job_pk": job.pk}))
    assert reverse("reports:job_download", kwargs={"job_pk": job.pk}) in page.text
    assert "hx-trigger" not in page.text  # finished: the page stops polling

    file = client.get(reverse("reports:job_download", kwargs={"job_pk": job.pk}))
    assert file.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(file.streaming_content)))
    assert len(rows(wb["学困生名单"])) == 5

    client.force_login(seeded.teacher)
    for name in ("reports:job", "reports:job_progress", "reports:job_download"):
        assert client.get(reverse(name, kwargs={"job_pk": job.pk})).status_code == 404


def test_running_job_page_polls_every_two_seconds(login, seeded):
    job = ExportJob.objects.create(user=seeded.admin, params={}, status="running", progress=40)
    page = login(seeded.admin).get(reverse("reports:job", kwargs={"job_pk": job.pk}))
    assert 'hx-trigger="every 2s"' in page.text
    assert reverse("reports:job_progress", kwargs={"job_pk": job.pk}) in page.text
    assert "<script" not in page.text.split("</footer>")[0]
    assert " style=" not in page.text


def test_expired_exports_are_deleted(login, seeded, settings, media, eager_celery):
    import datetime

    from django.utils import timezone

    from reports import services, tasks

    job = ExportJob.objects.create(user=seeded.admin, params={"filters": {}, "language": "en"})
    services.run_export(job_id=job.pk)
    job.refresh_from_db()
    path = Path(job.file.path)
    assert path.exists()
    kept = ExportJob.objects.create(user=seeded.admin, params={"filters": {}, "language": "en"})
    services.run_export(job_id=kept.pk)
    ExportJob.objects.filter(pk=job.pk).update(
        created=timezone.now() - datetime.timedelta(hours=settings.EXPORT_RETENTION_HOURS + 2),
        expires=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert tasks.purge_expired_exports.delay().get() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED and not job.file.name
    assert not path.exists()
    kept.refresh_from_db()
    assert Path(kept.file.path).exists()
    response = login(seeded.admin).get(reverse("reports:job_download", kwargs={"job_pk": job.pk}))
    assert response.status_code == 404


def test_running_an_export_twice_writes_one_file(seeded, media):
    from reports import services

    job = ExportJob.objects.create(user=seeded.admin, params={"filters": {}, "language": "en"})
    services.run_export(job_id=job.pk)
    services.run_export(job_id=job.pk)
    assert len(list((media / "exports").iterdir())) == 1


def test_export_list_runs_a_constant_number_of_queries(login, seeded, constant_queries):
    client = login(seeded.admin)
    for _ in range(3):
        ExportJob.objects.create(user=seeded.admin, params={})

    def fetch():
        assert client.get(reverse("reports:export")).status_code == 200

    def grow():
        for _ in range(30):
            ExportJob.objects.create(user=seeded.admin, params={})

    constant_queries(fetch, grow)


def test_workbook_opens_in_libreoffice_when_it_is_installed(login, seeded, tmp_path):
    """LibreOffice reads the workbook (where it is installed; the file is checked anyway)."""
    client = login(seeded.admin)
    response = client.post(reverse("reports:export"), {"term": seeded.term.pk})
    content = b"".join(response.streaming_content)
    source = tmp_path / "summary.xlsx"
    source.write_bytes(content)
    wb = load_workbook(source)  # openpyxl reads it back in any case
    assert "学困生名单" in wb.sheetnames
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office:
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [
                    office,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    "csv",
                    "--outdir",
                    str(tmp_path),
                    str(source),
                ],
                check=True,
                timeout=120,
                capture_output=True,
            )
        csv = (tmp_path / "summary.csv").read_text(encoding="utf-8", errors="replace")
        assert "帮扶个案" in csv or "概览" in csv or csv.strip()
