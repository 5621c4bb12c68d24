"""After-school service (课后服务) and peer tutoring (同伴互助), workflow 9.

Groups meet on a weekly schedule; each session records who attended and who finished
their written homework in school (书面作业不出校门). A peer pairing (结对帮扶) is a tutor
student and a tutee in one subject, with brief sessions. Both count as delivered
dose for the archives' 落实率 (``dose.py``) and appear in the archive (``timeline.py``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import join_list
from school.models import today

WEEKDAYS = [
    (1, _("Mon")),
    (2, _("Tue")),
    (3, _("Wed")),
    (4, _("Thu")),
    (5, _("Fri")),
]


class GroupQuerySet(models.QuerySet["AfterSchoolGroup"]):
    def visible_to(self, scope) -> GroupQuerySet:
        """Its teacher and school leaders; a homework group of every subject: whoever sees a
        member's class; a group of one subject: whoever sees a member's records in it (a
        tiered maths group says who struggles in maths)."""
        if not scope.is_authenticated:
            return self.none()
        if scope.school_wide:
            return self
        any_subject = Q(subject__isnull=True)
        if scope.class_ids is not None:
            any_subject &= Q(members__school_class_id__in=scope.class_ids)
        one_subject = Q(subject__isnull=False) & scope.record_q("members__school_class", "subject")
        return self.filter(Q(teacher=scope.user) | any_subject | one_subject).distinct()


class AfterSchoolGroup(models.Model):
    class Kind(models.TextChoices):
        HOMEWORK = "homework", _("Homework finished in school")
        QUESTIONS = "questions", _("Question answering")
        TIERED = "tiered", _("Tiered tutoring group")

    term = models.ForeignKey(
        "school.Term", on_delete=models.PROTECT, related_name="+", verbose_name=_("term")
    )
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.HOMEWORK)
    subject = models.ForeignKey(
        "school.Subject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
        help_text=_("Empty for homework of every subject."),
    )
    teacher = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("teacher")
    )
    room = models.CharField(_("room"), max_length=40, blank=True)
    weekdays = models.JSONField(_("weekdays"), default=list)
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=60)
    members = models.ManyToManyField(
        "students.Student", related_name="afterschool_groups", blank=True, verbose_name=_("members")
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(m2m_fields=[members])
    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("after-school group")
        verbose_name_plural = _("after-school groups")
        ordering = ["term", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "name"],
                name="afterschool_group_name_unique_per_term",
                violation_error_message=_("A group of this name already exists this term."),
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=10, minutes__lte=240),
                name="afterschool_group_minutes_10_to_240",
                violation_error_message=_("A session lasts 10 to 240 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def schedule(self) -> str:
        names = dict(WEEKDAYS)
        days = join_list(names[d] for d in self.weekdays if d in names)
        time = f" {self.starts_at:%H:%M}" if self.starts_at else ""
        return f"{days}{time}"


class GroupSession(models.Model):
    """One meeting of a group: its attendance, and who finished written homework in school."""

    group = models.ForeignKey(
        AfterSchoolGroup, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("group")
    )
    date = models.DateField(_("date"), default=today)
    note = models.CharField(_("note"), max_length=300, blank=True)
    taken_by = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("taken by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        ordering = ["group", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "date"],
                name="one_session_per_group_day",
                violation_error_message=_("This group already has a session on this day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.date}"


class Attendance(models.Model):
    session = models.ForeignKey(
        GroupSession, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("session")
    )
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.CASCADE,
        related_name="afterschool_attendance",
        verbose_name=_("student"),
    )
    present = models.BooleanField(_("present"), default=False)
    homework_done = models.BooleanField(_("written homework finished in school"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "student__student_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "student"], name="one_attendance_per_student_session"
            ),
            models.CheckConstraint(
                condition=Q(present=True) | Q(homework_done=False),
                name="homework_done_only_when_present",
                violation_error_message=_("Only a student who attended finished homework there."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.student}"


class WithdrawableQuerySet(models.QuerySet):
    def alive(self):
        """Not withdrawn: what lists, the archive and 落实率 read."""
        return self.filter(deleted_at__isnull=True)


class Withdrawable(models.Model):
    """A record withdrawn softly, with a reason; its history keeps who, when and before."""

    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdraw_reason = models.CharField(_("reason for withdrawing"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.deleted_at is not None


class PairingQuerySet(WithdrawableQuerySet):
    def visible_to(self, scope) -> PairingQuerySet:
        """The staff who may see the tutee's archive in the subject, and the responsible teacher:
        the tutor's name reaches no one else."""
        if not scope.is_authenticated:
            return self.none()
        if scope.school_wide:  # (record_q is then Q(), and Q() | X would be X alone)
            return self.all()
        return self.filter(
            scope.record_q("tutee__school_class", "subject") | Q(teacher=scope.user)
        ).distinct()


class PeerPairing(Withdrawable):
    """A tutor student and a tutee (结对帮扶) in one subject, until it ends."""

    term = models.ForeignKey(
        "school.Term", on_delete=models.PROTECT, related_name="+", verbose_name=_("term")
    )
    tutor = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="+", verbose_name=_("tutor")
    )
    tutee = models.ForeignKey(
        "students.Student",
        on_delete=models.CASCADE,
        related_name="peer_pairings",
        verbose_name=_("tutee"),
    )
    subject = models.ForeignKey(
        "school.Subject", on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    starts_on = models.DateField(_("starts on"), default=today)
    sessions_per_week = models.PositiveSmallIntegerField(_("sessions a week"), default=2)
    teacher = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible teacher"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    ends_on = models.DateField(_("ended on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("peer pairing")
        verbose_name_plural = _("peer pairings")
        ordering = ["term", "tutee__student_number"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(tutor=F("tutee")),
                name="peer_tutor_is_not_the_tutee",
                violation_error_message=_("A student cannot tutor themselves."),
            ),
            models.CheckConstraint(
                condition=Q(sessions_per_week__gte=1, sessions_per_week__lte=7),
                name="peer_sessions_1_to_7",
                violation_error_message=_("1 to 7 sessions a week."),
            ),
            models.UniqueConstraint(
                fields=["term", "tutor", "tutee", "subject"],
                condition=Q(deleted_at__isnull=True),
                name="one_pairing_per_term_subject",
                violation_error_message=_("These two students are already paired in this subject."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="peer_pairing_ends_after_start",
                violation_error_message=_("A pairing ends on or after the day it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tutor.name} → {self.tutee.name} · {self.subject}"


class PeerSessionQuerySet(WithdrawableQuerySet):
    def counted(self):
        """Sessions that count: neither they nor their pairing withdrawn."""
        return self.alive().filter(pairing__deleted_at__isnull=True)


class PeerSession(Withdrawable):
    DEFAULT_MINUTES = 15

    pairing = models.ForeignKey(
        PeerPairing, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("pairing")
    )
    date = models.DateField(_("date"), default=today)
    practised = models.CharField(_("what was practised"), max_length=200)
    result = models.CharField(_("result"), max_length=200, blank=True)
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), null=True, blank=True, help_text=_("How long the two practised.")
    )
    author = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = PeerSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("peer session")
        verbose_name_plural = _("peer sessions")
        ordering = ["pairing", "-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gte=1, minutes__lte=240),
                name="peer_session_minutes_1_to_240",
                violation_error_message=_("A session lasts 1 to 240 minutes."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.pairing} {self.date}"


class DoseGroup(models.Model):
    """The after-school group a plan's planned dose names (archives' ``PlannedDose``).

    Archives knows no groups: this app keeps the link, offers the choice on the plan's
    dose form and counts that group's attendance only (``dose.py``).
    """

    dose = models.OneToOneField(
        "archives.PlannedDose",
        on_delete=models.CASCADE,
        related_name="afterschool_group",
        verbose_name=_("planned dose"),
    )
    group = models.ForeignKey(
        AfterSchoolGroup,
        on_delete=models.PROTECT,
        related_name="planned_doses",
        verbose_name=_("after-school group"),
    )
    set_by = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("set by")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group of a planned dose")
        verbose_name_plural = _("groups of planned doses")

    def __str__(self) -> str:
        return f"{self.dose} · {self.group}"
