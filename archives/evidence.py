"""What an inspection shows of a teacher's struggling-student archives."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.plugins import Evidence, EvidenceRecords

from . import monitoring as m
from . import selectors
from .models import ArchiveSummary, CaseDiscussion, Observation, SupportGoal, TutoringSession
from .monitoring_data import CaseMonitoring, monitoring_for

GROUP = "archives"
ENTRY_MODELS = (Observation, TutoringSession, CaseDiscussion)
ON_TRACK = (m.Decision.CONTINUE, m.Decision.RAISE)  # 继续当前方案, 考虑提高目标
MONITORING_KEYS = (
    "archives.monitored",
    "archives.on_track",
    "archives.fidelity",
    "archives.below_bar",
)


def teacher_cases(teacher, term):
    """The teacher's cases: those they are responsible for, or in a class × subject they teach."""
    return selectors.cases_of_teacher(teacher, term)


def fortnights(start: datetime.date, end: datetime.date) -> float:
    """The period in fortnights (at least one)."""
    return max(1.0, ((end - start).days + 1) / 14)


def _dosed(cm: CaseMonitoring) -> bool:
    """The case's plan promises a dose that is due by now (a 落实率 can be read)."""
    f = cm.fidelity
    return f is not None and f.planned > 0


def monitoring_evidence(monitoring: dict[int, CaseMonitoring]) -> list[Evidence]:
    """Monitoring and fidelity of the teacher's cases, as of the school's today."""
    rows = list(monitoring.values())
    monitored = [cm for cm in rows if cm.series]
    on_track = [cm for cm in monitored if cm.verdict and cm.verdict.decision in ON_TRACK]
    dosed = [cm for cm in rows if _dosed(cm)]
    below = [cm for cm in dosed if cm.below_bar]
    total = m.Fidelity(0, 0)
    for cm in dosed:
        if cm.fidelity is not None:  # always, by _dosed
            total = total + cm.fidelity
    bar = rows[0].settings.fidelity_bar if rows and rows[0].settings else 80
    return [
        Evidence(
            _("Cases with a monitoring goal"),
            len(monitored),
            group=GROUP,
            key="archives.monitored",
            numerator=len(monitored),
            denominator=len(rows),
        ),
        Evidence(
            _("Monitored cases on track (continue, or consider raising the goal)"),
            len(on_track),
            group=GROUP,
            key="archives.on_track",
            numerator=len(on_track),
            denominator=len(monitored),
        ),
        Evidence(
            _("Average fidelity (sessions delivered ÷ planned, %(n)d cases)") % {"n": len(dosed)},
            total.delivered,
            group=GROUP,
            key="archives.fidelity",
            numerator=total.delivered,
            denominator=total.planned,
        ),
        Evidence(
            _("Cases below the %(bar)d%% fidelity bar") % {"bar": bar},
            len(below),
            group=GROUP,
            key="archives.below_bar",
            warning=bool(below),
            numerator=len(below),
            denominator=len(dosed),
        ),
    ]


def evidence(*, teacher, term, start: datetime.date, end: datetime.date) -> list[Evidence]:
    cases = teacher_cases(teacher, term)
    open_cases = cases.open()
    n_students = open_cases.values("student").distinct().count()
    n_cases = cases.count()
    in_period = {"case__in": cases, "date__gte": start, "date__lte": end}
    entries = sum(m.objects.alive().filter(**in_period).count() for m in ENTRY_MODELS)
    summaries = ArchiveSummary.objects.alive().filter(**in_period).count()
    stale = cases.stale(as_of=end).count()
    with_plan = cases.filter(goals__isnull=False).distinct().count()
    goals = SupportGoal.objects.filter(case__in=cases).aggregate(
        n=Count("pk"), decided=Count("pk", filter=~Q(outcome=""))
    )
    per_fortnight = round(entries / n_cases / fortnights(start, end), 1) if n_cases else 0
    return [
        Evidence(_("Struggling students"), n_students, group=GROUP, key="archives.cases"),
        Evidence(
            _("Cases with a support plan"),
            with_plan,
            group=GROUP,
            key="archives.plan_share",
            numerator=with_plan,
            denominator=n_cases,
        ),
        Evidence(_("Archive entries in the period"), entries, group=GROUP, key="archives.entries"),
        Evidence(
            _("Archive entries per case per fortnight"),
            per_fortnight,
            group=GROUP,
            key="archives.entries_per_fortnight",
        ),
        Evidence(_("Summaries in the period"), summaries, group=GROUP, key="archives.cases"),
        Evidence(
            _("Stale archives"),
            stale,
            group=GROUP,
            warning=stale > 0,
            key="archives.stale",
        ),
        Evidence(
            _("Staged goals with an outcome"),
            goals["decided"],
            group=GROUP,
            key="archives.goal_outcomes",
            numerator=goals["decided"],
            denominator=goals["n"],
        ),
        *monitoring_evidence(monitoring_for(list(cases.select_related("term")))),
    ]


def records(*, teacher, term, start, end, key: str) -> list[EvidenceRecords]:
    """The teacher's cases and their entries: no root cause, family or restricted text."""
    if not key.startswith("archives."):
        return []
    cases = list(
        teacher_cases(teacher, term)
        .with_last_entry()
        .select_related("student__school_class", "subject")
        .annotate(n_goals=Count("goals", distinct=True))
        .order_by("student__school_class__grade__level", "student__student_number")
    )
    stale = set(teacher_cases(teacher, term).stale(as_of=end).values_list("pk", flat=True))
    if key == "archives.stale":
        cases = [c for c in cases if c.pk in stale]
    table = EvidenceRecords(
        _("Support cases"),
        [_("Student"), _("Class"), _("Subject"), _("Status"), _("Goals"), _("Last entry")],
        [
            [
                c.student.shown_name,
                str(c.student.school_class),
                str(c.subject),
                c.get_status_display(),
                c.n_goals,
                c.last_entry_on,
            ]
            for c in cases
        ],
        student_ids=sorted({c.student_id for c in cases}),
    )
    out = [table]
    if key in MONITORING_KEYS:
        out.append(_monitoring_records(cases, key))
    if key in ("archives.entries", "archives.entries_per_fortnight"):
        rows = []
        ids: set[int] = set()
        for model in ENTRY_MODELS:
            for e in (
                model.objects.alive()
                .filter(case__in=[c.pk for c in cases], date__gte=start, date__lte=end)
                .select_related("case__student")
            ):
                rows.append([e.date, e.case.student.shown_name, str(model._meta.verbose_name)])
                ids.add(e.case.student_id)
        rows.sort(key=lambda r: (r[0], r[1]))
        out.append(
            EvidenceRecords(
                _("Archive entries"), [_("Date"), _("Student"), _("Kind")], rows, sorted(ids)
            )
        )
    return out


def _monitoring_records(cases: list, key: str) -> EvidenceRecords:
    """Each case's monitored measure, current decision and 落实率, for the figure ``key``."""
    monitoring = monitoring_for(cases)
    picked = []
    for c in cases:
        cm = monitoring[c.pk]
        if key in ("archives.fidelity", "archives.below_bar"):
            if not _dosed(cm) or (key == "archives.below_bar" and not cm.below_bar):
                continue
        elif not cm.series:
            continue
        picked.append((c, cm))
    rows = []
    for c, cm in picked:
        f = cm.fidelity
        rows.append(
            [
                c.student.shown_name,
                str(c.student.school_class),
                str(c.subject),
                "、".join(str(s.measure) for s in cm.series) or "—",
                cm.verdict.label if cm.verdict else "—",
                f"{f.delivered}/{f.planned} · {f.percent}%" if f and f.planned else "—",
            ]
        )
    return EvidenceRecords(
        _("Progress monitoring"),
        [
            _("Student"),
            _("Class"),
            _("Subject"),
            _("monitoring measure"),
            _("Decision"),
            _("Share delivered"),
        ],
        rows,
        student_ids=sorted({c.student_id for c, _cm in picked}),
    )
