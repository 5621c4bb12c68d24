"""The workbook's and dashboard's figures from the archives, family and homework records."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from archives.models import Observation, SupportCase
from core.xlsx import HEADER_ROW
from family.models import FamilyContact

from .factories.reports import seed_cases, seed_evaluations, seed_records


@pytest.fixture
def seeded(school):
    school.cases = seed_cases(school)
    school.records = seed_records(school)
    return school


class Both:
    """The summary workbook and the 明细 workbook beside it, read as one."""

    def __init__(self, summary, detail):
        self.books = (summary, detail)
        self.sheetnames = summary.sheetnames + detail.sheetnames

    def __getitem__(self, name):
        return next(book[name] for book in self.books if name in book.sheetnames)


def download(client, **data):
    books = []
    for part in ("summary", "detail"):
        response = client.post(reverse("reports:export"), {**data, "part": part})
        assert response.status_code == 200
        books.append(load_workbook(io.BytesIO(b"".join(response.streaming_content))))
    return Both(*books)


def table(ws) -> list[dict]:
    """The data rows under the header (row 3: title and caption above), without 合计."""
    headers = [cell.value for cell in ws[HEADER_ROW]]
    return [
        dict(zip(headers, row, strict=True))
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        if row[0] not in ("合计", "Total")
    ]


def test_observation_log_equals_the_database(login, seeded):
    wb = download(login(seeded.admin), term=seeded.term.pk)
    log = table(wb["观察记录"])
    assert len(log) == Observation.objects.count() == 4
    first = log[0]
    source = Observation.objects.order_by("date", "created_at").first()
    assert first["日期"].date() == source.date
    assert first["学号"] == "A001"
    assert first["学科"] == "数学"
    assert first["评分（1–5）"] == 2
    assert first["备注"] == "=cmd|' /C calc'!A0"  # typed as a formula, kept as text
    assert first["记录人"] == "李老师"
    scored = next(row for row in log if row["得分（%）"] is not None)
    assert scored["得分（%）"] == 72.5


def test_teacher_sees_only_observations_of_their_class_and_subject(login, seeded):
    wb = download(login(seeded.teacher), term=seeded.term.pk)
    log = table(wb["观察记录"])
    assert {(row["学号"], row["学科"]) for row in log} == {("A001", "数学")}
    assert len(log) == 2


def test_family_sheets_only_for_those_who_may_see_families(login, seeded):
    admin = download(login(seeded.admin), term=seeded.term.pk)
    contacts = table(admin["家校联系"])
    assert len(contacts) == FamilyContact.objects.count() == 2
    assert {row["学号"] for row in contacts} == {"A001", "C001"}
    phone = next(row for row in contacts if row["学号"] == "C001")
    assert phone["联系摘要"] == "=1+2"
    assert "家访情况" in admin.sheetnames

    head = download(login(seeded.head), term=seeded.term.pk)
    assert [row["学号"] for row in table(head["家校联系"])] == ["A001"]
    cases = table(head["学困生名单"])
    due = {row["学号"]: row["下次家校联系"] for row in cases}
    assert due["A001"].date() == datetime.date(2026, 11, 30)

    for user in (seeded.teacher, seeded.stranger, seeded.leader):
        wb = download(login(user), term=seeded.term.pk)
        assert "家校联系" not in wb.sheetnames
        assert "家访情况" not in wb.sheetnames
        headers = [cell.value for cell in wb["学困生名单"][HEADER_ROW]]
        assert "下次家校联系" not in headers


def test_homework_load_sheet_shows_the_days_over_the_limit(login, seeded):
    wb = download(login(seeded.admin), term=seeded.term.pk)
    load = {row["班级"]: row for row in table(wb["作业总量"])}
    assert set(load) == {"三年级(1)班", "三年级(2)班"}
    assert load["三年级(1)班"]["平均时长（分钟）"] == 70
    assert load["三年级(1)班"]["限额（分钟）"] == 60
    assert load["三年级(1)班"]["未超限"] == "否"
    assert load["三年级(2)班"]["未超限"] == "是"
    assert load["三年级(1)班"]["日期"].date() == seeded.records.homework_day
    overview = {row["项目"]: row["数值"] for row in table(wb["概览"])}
    assert overview["布置作业的班级天数"] == 2
    assert overview["超出总量的班级天数"] == 1
    assert overview["已记录的观察"] == 4


def test_case_list_shows_causes_type_and_archive_freshness(login, seeded):
    case = seeded.cases.a_maths
    case.cause_attitude = True
    case.difficulty_type = "lost_interest"
    case.save()
    wb = download(login(seeded.admin), term=seeded.term.pk)
    rows = table(wb["学困生名单"])
    a_maths = next(r for r in rows if r["学号"] == "A001" and r["学科"] == "数学")
    with translation.override("zh-hans"):
        causes = [str(label) for label in SupportCase.Cause.labels]
        lost_interest = str(SupportCase.Type.LOST_INTEREST.label)
    assert a_maths["主要成因"] == "、".join(causes)
    assert a_maths["类型"] == lost_interest
    assert a_maths["档案"] == "正常更新"
    b_maths = next(r for r in rows if r["学号"] == "B001")
    assert b_maths["档案"] == "未及时更新"
    assert b_maths["最近档案记录"].date() == datetime.date(2026, 9, 21)


def test_dashboard_charts_causes_types_freshness_family_and_load(login, seeded):
    response = login(seeded.principal).get(reverse("reports:dashboard"))
    charts = {c.title: {b.label: b.value for b in c.bars} for c in response.context["board"].extra}
    with translation.override("zh-hans"):
        weak, attitude = (str(label) for label in SupportCase.Cause.labels)
    assert charts["主要成因"] == {weak: 5, attitude: 0}
    assert sum(charts["学困类型"].values()) == 5
    assert charts["档案更新情况（进行中个案）"] == {"正常更新": 1, "未及时更新": 2}
    assert "家访：完成与应完成" in charts
    head = login(seeded.teacher).get(reverse("dashboard"))
    assert head.status_code == 200


def test_dashboard_family_chart_hidden_from_grade_leader(login, seeded):
    response = login(seeded.leader).get(reverse("reports:dashboard"))
    titles = [c.title for c in response.context["board"].extra]
    assert "家访：完成与应完成" not in titles


@pytest.fixture
def evaluated(seeded):
    seeded.evaluations = seed_evaluations(seeded)
    return seeded


def test_evaluation_sheet_equals_the_database(login, evaluated):
    wb = download(login(evaluated.admin), term=evaluated.term.pk)
    rows = {row["班级"]: row for row in table(wb["评价"])}
    a = rows["三年级(1)班"]
    assert a["评价名称"] == "=第三单元"
    assert a["评价人数"] == 2
    assert a["目标达成人数"] == 1
    assert a["达成率"] == pytest.approx(0.5)
    assert a["未完成补漏"] == 1
    assert rows["三年级(2)班"]["达成率"] == pytest.approx(1.0)
    overview = {row["项目"]: row["数值"] for row in table(wb["概览"])}
    assert overview["评价次数"] == 2
    assert overview["目标达成率"] == pytest.approx(2 / 3)


def test_teacher_sees_evaluations_of_their_class_only(login, evaluated):
    wb = download(login(evaluated.teacher), term=evaluated.term.pk)
    assert [row["班级"] for row in table(wb["评价"])] == ["三年级(1)班"]
    assert table(wb["检查结果"]) == []


def test_inspection_results_for_the_director_and_school_leaders(login, evaluated):
    for user in (evaluated.director, evaluated.admin):
        wb = download(login(user), term=evaluated.term.pk)
        results = table(wb["检查结果"])
        assert len(results) == 1
        assert results[0]["教师"] == "王老师"
        assert results[0]["加权得分"] == pytest.approx(0.85)
        assert results[0]["发现的问题"] == "@批改记录不全"
    response = login(evaluated.director).get(reverse("reports:dashboard"))
    progress = next(
        c for c in response.context["board"].extra if c.title == "检查进度（已检查教师）"
    )
    assert [b.value for b in progress.bars] == [50]
    assert progress.bars[0].url == reverse(
        "inspections:round_detail", kwargs={"round_pk": evaluated.evaluations.round.pk}
    )


def test_a_date_range_narrows_the_records(login, seeded):
    wb = download(login(seeded.admin), term="", start="2026-09-18", end="2026-09-30")
    assert sorted(row["日期"].day for row in table(wb["观察记录"])) == [20, 21]
    assert [row["日期"].day for row in table(wb["家校联系"])] == []
    response = login(seeded.admin).post(
        reverse("reports:export"), {"start": "2026-10-01", "end": "2026-09-01"}
    )
    assert response.status_code == 200
    assert "起始日期不能晚于截止日期" in response.text
