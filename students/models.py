"""Students: the roster. Support cases live in students/cases.py's models (below)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from school.models import SchoolClass, today


class StudentQuerySet(models.QuerySet):
    def in_school(self) -> models.QuerySet:
        return self.filter(status__in=Student.ACTIVE_STATUSES)

    def search(self, text: str) -> models.QuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(name__icontains=text) | models.Q(student_number__icontains=text)
        )


class Student(models.Model):
    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Status(models.TextChoices):
        IN_SCHOOL = "in_school", _("In school")
        TRANSFERRED_IN = "transferred_in", _("Transferred in")
        TRANSFERRED_OUT = "transferred_out", _("Transferred out")
        GRADUATED = "graduated", _("Graduated")

    ACTIVE_STATUSES = (Status.IN_SCHOOL, Status.TRANSFERRED_IN)

    student_number = models.CharField(_("student number"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        related_name="students",
        verbose_name=_("class"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_SCHOOL
    )
    status_changed_on = models.DateField(_("status changed on"), default=today)

    # Every change of class, status or details is kept with its date and author.
    history = HistoricalRecords(excluded_fields=[])

    objects = StudentQuerySet.as_manager()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["school_class__grade__level", "school_class__number", "student_number"]
        indexes = [models.Index(fields=["school_class", "status"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.student_number}）"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


class SupportCaseQuerySet(models.QuerySet):
    def open(self) -> models.QuerySet:
        return self.filter(status__in=SupportCase.OPEN_STATUSES)

    def for_term(self, term) -> models.QuerySet:
        return self.filter(term=term)


class SupportCase(models.Model):
    """A student identified as struggling (学困生) in one subject for one term.

    Core contract other apps rely on: student, subject, term, status and
    ``SupportCase.objects.open()``. The identification details, status history
    and the support plan hang off it (students/cases.py and its models).
    """

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        IN_SUPPORT = "in_support", _("In support")
        IMPROVED = "improved", _("Improved")
        CLOSED = "closed", _("Closed")

    OPEN_STATUSES = (Status.IDENTIFIED, Status.IN_SUPPORT)

    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="cases", verbose_name=_("student")
    )
    subject = models.ForeignKey(
        "school.Subject", on_delete=models.PROTECT, related_name="cases", verbose_name=_("subject")
    )
    term = models.ForeignKey(
        "school.Term", on_delete=models.PROTECT, related_name="cases", verbose_name=_("term")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDENTIFIED
    )
    identified_on = models.DateField(_("identified on"), default=today)
    identified_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        related_name="identified_cases",
        verbose_name=_("identified by"),
    )
    responsible_teachers = models.ManyToManyField(
        "school.User",
        related_name="responsible_cases",
        blank=True,
        verbose_name=_("responsible teachers"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[responsible_teachers])

    objects = SupportCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        ordering = [
            "student__school_class__grade__level",
            "student__student_number",
            "subject__order",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "subject", "term"],
                condition=models.Q(status__in=["identified", "in_support"]),
                name="one_open_case_per_student_subject_term",
                violation_error_message=_(
                    "This student already has an open case in this subject for this term."
                ),
            )
        ]
        indexes = [models.Index(fields=["term", "status"])]

    def __str__(self) -> str:
        return f"{self.student.name} · {self.subject} · {self.term}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
