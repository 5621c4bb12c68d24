"""Students: the roster and its history. Support cases live in archives/."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from school.models import SchoolClass, User, today


class StudentQuerySet(models.QuerySet):
    def visible_to(self, scope) -> StudentQuerySet:
        """The students of the classes in ``scope`` (a ``school.scoping.Scope``)."""
        qs = self.select_related("school_class__grade")
        if not scope.is_authenticated:
            return qs.none()
        if scope.class_ids is None:
            return qs
        return qs.filter(school_class_id__in=scope.class_ids)

    def in_school(self) -> StudentQuerySet:
        return self.filter(status__in=Student.ACTIVE_STATUSES)

    def search(self, text: str) -> StudentQuerySet:
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
    name = models.CharField(_("full name"), max_length=60)
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
        return _("%(name)s (%(number)s)") % {"name": self.shown_name, "number": self.student_number}

    @property
    def shown_name(self) -> str:
        """The name; an erased student's placeholder in the reader's language."""
        from core.text import shown_text

        return shown_text(self.name)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


class AccessRecord(models.Model):
    """One read of restricted or family data: who, when, which student, what, from where.

    Written by ``students.access_log.record_access`` (one bulk insert per request);
    kept ``ACCESS_LOG_RETENTION_DAYS`` days, then purged by the daily scan.
    """

    class What(models.TextChoices):
        FAMILY_FILE = "family_file", _("Family file")
        FAMILY_SUMMARY = "family_summary", _("Family summary")
        CONTACT_LOG = "contact_log", _("Contact log")
        RESTRICTED_NOTE = "restricted_note", _("Restricted note")
        ROOT_CAUSE = "root_cause", _("Root cause")
        PSYCHOLOGICAL = "psychological", _("Psychological observation")
        EXPORT = "export", _("Excel export")
        INSPECTION = "inspection", _("Inspection drill-down")

    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="access_records",
        verbose_name=_("staff member"),
    )
    student = models.ForeignKey(
        Student,
        on_delete=models.CASCADE,
        related_name="access_records",
        verbose_name=_("student"),
    )
    what = models.CharField(_("what"), max_length=20, choices=What.choices)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access records")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["student", "-at"], name="access_student_at"),
            models.Index(fields=["user", "-at"], name="access_user_at"),
            models.Index(fields=["at"], name="access_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} · {self.get_what_display()}"
