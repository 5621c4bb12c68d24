"""The summary workbook as a district return: a cover, titles, totals, a grade sheet, the
raw logs in the 明细 workbook beside it, a file name that says what it is."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.xlsx import HEADER_ROW

from .factories.reports import seed_cases, seed_records


@pytest.fixture
def seeded(school, settings):
    settings.SCHOOL_NAME = "实验小学"
    school.cases = seed_cases(school)
    school.records = seed_records(school)
    return school


def export(client, **data):
    response = client.post(reverse("reports:export"), data)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return response, load_workbook(io.BytesIO(content))


def last_row(ws) -> tuple:
    return [row for row in ws.iter_rows(values_only=True) if any(v is not None for v in row)][-1]


def test_the_cover_names_the_school_scope_term_and_leaves_the_reviewer_to_sign(login, seeded):
    response, wb = export(login(seeded.admin), term=seeded.term.pk)
    cover = wb["封面"]
    assert cover["A1"].value == "实验小学 学困生帮扶工作统计表"
    lines = {row[0]: row[1] for row in cover.iter_rows(min_row=3, values_only=True)}
    assert lines["学校"] == "实验小学" and lines["填报单位"] == "实验小学"
    assert lines["统计范围"] == "全校"
    assert lines["统计期间"] == str(seeded.term)
    assert lines["制表人"] == "管理员"
    assert lines["审核人"] is None  # blank, to sign
    assert lines["日期"] is not None and lines["数据截至"] is not None
    disposition = unquote(response["Content-Disposition"])
    assert "实验小学-全校-汇总表-" in disposition


def test_every_sheet_has_a_title_a_caption_totals_and_prints_on_a4(login, seeded):
    _response, wb = export(login(seeded.admin), term=seeded.term.pk)
    for ws in wb.worksheets[1:]:
        assert ws["A1"].value == ws.title and ws["A1"].font.bold
        assert "实验小学" in ws["A2"].value and str(seeded.term) in ws["A2"].value
        assert ws[f"A{HEADER_ROW}"].alignment.horizontal == "center"
        assert ws.page_setup.paperSize == 9 and ws.oddHeader.center.text == ws.title
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    # 合计: students add up per class; a student in two subjects counts once.
    assert last_row(wb["按班级"])[:5] == ("合计", None, 5, 4, 5)
    assert last_row(wb["按学科"])[:3] == ("合计", 4, 5)
    assert last_row(wb["按教师"])[:3] == ("合计", 4, 5)
    assert last_row(wb["按班级"])[-1] == pytest.approx(2 / 5)
    grades = {
        row[0]: row for row in wb["按年级"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    }
    assert grades["三年级"][1:5] == (2, 4, 3, 4)
    assert grades["合计"][1:3] == (3, 5)
    assert wb["按班级"][f"C{HEADER_ROW + 1}"].number_format == "0"


def test_the_raw_logs_are_in_the_detail_workbook_only(login, seeded):
    _response, summary = export(login(seeded.admin), term=seeded.term.pk)
    assert "观察记录" not in summary.sheetnames and "家校联系" not in summary.sheetnames
    assert "家访情况" in summary.sheetnames
    response, detail = export(login(seeded.admin), term=seeded.term.pk, part="detail")
    assert {"观察记录", "家校联系"} <= set(detail.sheetnames)
    assert "学困生名单" not in detail.sheetnames
    assert "明细表" in unquote(response["Content-Disposition"])


def test_a_teacher_s_return_says_whose_classes_it_covers(login, seeded):
    response, wb = export(login(seeded.teacher), term=seeded.term.pk)
    lines = {row[0]: row[1] for row in wb["封面"].iter_rows(min_row=3, values_only=True)}
    assert lines["统计范围"] == "李老师 任教的班级和学科"
