"""English and Chinese as each writes: lists with the locale's separator; django-admin's
labels translated (its own hidden captions and the login-guard's models included)."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from archives.models import SupportCase
from core.text import join_list

from .factories.students import case_a


def test_lists_use_the_separator_of_the_language():
    with translation.override("en"):
        assert join_list(["Li", "Wang"]) == "Li, Wang"
    with translation.override("zh-hans"):
        assert join_list(["李老师", "王老师"]) == "李老师、王老师"


def test_the_printed_archive_lists_causes_the_english_way(school, login):
    case = case_a(school)
    SupportCase.objects.filter(pk=case.pk).update(cause_weak_foundation=True, cause_attitude=True)
    client = login(school.teacher)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("archives:print", args=[case.pk])).content.decode()
    with translation.override("en"):
        expected = join_list(
            [SupportCase.Cause.WEAK_FOUNDATION.label, SupportCase.Cause.ATTITUDE.label]
        )
    assert f"<td>{expected}</td>" in body and "、" not in expected


def test_django_admin_speaks_chinese_throughout(school, client):
    school.admin.is_superuser = True
    school.admin.is_staff = True
    school.admin.save()
    client.force_login(school.admin)
    text = re.sub(r"<[^>]+>", " ", client.get(reverse("admin:index")).content.decode())
    for raw in (
        "Model name",
        "Add link",
        "Change or view list link",
        "Access attempts",
        "Access logs",
    ):
        assert raw not in text, raw
    assert "登录尝试" in text and "登录日志" in text
    client.cookies["django_language"] = "en"
    english = re.sub(r"<[^>]+>", " ", client.get(reverse("admin:index")).content.decode())
    assert not re.search(r"[\u4e00-\u9fff]", english.replace(str(school.admin), ""))


def test_an_automatic_status_reason_is_shown_in_the_readers_language(school, login):
    from archives.models import CaseStatusChange

    case = case_a(school)
    CaseStatusChange.objects.create(
        case=case,
        from_status="",
        to_status=case.status,
        changed_on=case.identified_on,
        changed_by=school.teacher,
        reason="Support plan set",  # stored as its English msgid by case_services
    )
    client = login(school.teacher)
    url = reverse("archives:case_detail", args=[case.pk])
    assert "已制定帮扶计划" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "Support plan set" in client.get(url).content.decode()


def test_the_default_measures_are_shown_in_the_readers_language(school, login):
    from archives.models import SupportMeasure

    SupportMeasure.objects.get_or_create(name="分层作业")
    SupportMeasure.objects.get_or_create(name="自编的措施")
    case = case_a(school)
    client = login(school.teacher)
    url = reverse("archives:case_plan", args=[case.pk])
    page = client.get(url).content.decode()
    assert "分层作业" in page and "自编的措施" in page
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "Tiered homework" in page and "分层作业" not in page
    assert "自编的措施" in page  # what the school named itself stays as written


def test_a_seeded_text_is_shown_in_the_readers_language_until_the_school_edits_it(school, login):
    from inspections.models import ChecklistItem

    ChecklistItem.objects.get_or_create(
        name="备课",
        subject=None,
        defaults={"description": "教案齐全，分层设计教学目标，关注学困生。"},
    )
    ChecklistItem.objects.get_or_create(name="自编的检查项", subject=None)
    client = login(school.principal)
    url = reverse("inspections:checklist")
    page = client.get(url).content.decode()
    assert "备课" in page and "自编的检查项" in page
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "Lesson preparation" in page and "备课" not in page
    assert "自编的检查项" in page  # what the school wrote itself stays as written
    ChecklistItem.objects.filter(name="备课").update(name="备课与教案")
    assert "备课与教案" in client.get(url).content.decode()  # edited: as written


def test_carried_over_reason_is_stored_as_a_message_and_read_in_english(school, login):
    from archives.models import CaseStatusChange

    case = case_a(school)
    CaseStatusChange.objects.create(
        case=case,
        from_status="",
        to_status=case.status,
        changed_on=case.identified_on,
        changed_by=school.teacher,
        reason="Carried over from the previous term",  # as case_services.carry_over writes it
    )
    client = login(school.teacher)
    url = reverse("archives:case_detail", args=[case.pk])
    assert "延续自上学期" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "Carried over from the previous term" in page and "延续" not in page
