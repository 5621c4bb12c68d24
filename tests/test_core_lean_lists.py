"""Lean list rows: the same labels and badges as Django's and the includes', cheaper.

``choice_label`` / ``|label`` give what ``get_FOO_display`` gives (in each language, and the
raw value for a value outside the choices); ``{% case_badges %}`` gives the HTML the three
badge includes gave; the filter selects keep every option and the selection.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from archives.monitoring import Fidelity, Status, Verdict
from core.choices import choice_label
from school.models import Grade

from .factories.students import case_a


def _squash(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


def test_a_choice_label_is_the_display_in_each_language(school):
    student = school.student_a
    case = case_a(school)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert choice_label(student, "gender") == student.get_gender_display()
            assert choice_label(student, "status") == student.get_status_display()
            assert choice_label(case, "status") == case.get_status_display()
            for grade in Grade.objects.all():
                assert grade.name == str(grade.get_level_display())
    with translation.override("en"):
        assert choice_label(case, "status") == "Identified"
    with translation.override("zh-hans"):
        assert choice_label(case, "status") == "已认定"
    student.status = "not-a-status"
    assert choice_label(student, "status") == "not-a-status"


def _badges_by_includes(case) -> str:
    return Template(
        '{% include "archives/_status_badge.html" %} {% include "archives/_stale_badge.html" %}'
        ' {% include "archives/_monitoring_badge.html" with cm=case.monitoring %}'
    ).render(Context({"case": case}))


def _badges_by_tag(case) -> str:
    return Template("{% load archives_tags %}{% case_badges case %}").render(
        Context({"case": case})
    )


def test_the_badges_tag_gives_the_includes_html(school):
    case = case_a(school)
    verdicts = [None] + [
        Verdict(decision="", status=s, reason="")
        for s in (Status.INSUFFICIENT, Status.ON_TRACK, Status.ABOVE, Status.BELOW)
    ]
    with translation.override("zh-hans"):
        for stale in (False, True):
            for verdict in verdicts:
                for fidelity, below in (
                    (None, False),
                    (Fidelity(10, 6), True),
                    (Fidelity(5, 5), False),
                ):
                    case.stale = stale
                    case.monitoring = SimpleNamespace(
                        verdict=verdict, fidelity=fidelity, below_bar=below
                    )
                    assert _squash(_badges_by_tag(case)) == _squash(_badges_by_includes(case))


def test_the_lists_keep_their_filters_options_and_rows(school, login):
    case = case_a(school)
    client = login(school.teacher)
    with translation.override("zh-hans"):
        page = client.get(reverse("archives:case_list"), {"status": "all", "cause": "attitude"})
        html = page.content.decode()
        assert '<option value="attitude" selected>' in html
        assert '<select name="stale" class="form-select form-select-sm"' in html
        assert (case.student.name in html) == case.cause_attitude
        everyone = client.get(reverse("archives:case_list"), {"status": "all"}).content.decode()
        assert case.student.name in everyone and case.get_status_display() in everyone
        students = client.get(reverse("students:list"), {"status": "all"}).content.decode()
        assert '<option value="all" selected>全部</option>' in students
        assert school.student_a.name in students
        assert school.student_a.get_gender_display() in students


def test_an_entry_s_links_are_the_reversed_urls(school):
    from archives.timeline import entry_url

    for name in ("archives:observation_history", "archives:tutoring_edit", "archives:probe_delete"):
        for pk in (1, 7, 987, 123456):
            assert entry_url(name, pk) == reverse(name, args=[pk])
