"""Family linkage (家校联动): the family situation, contacts, parent school and meetings.

All of it is sensitive (students are minors): who sees what is decided in
``family/rules.py``, never in a template alone.
"""

from __future__ import annotations

from typing import cast

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from archives.models import Correctable, CorrectableQuerySet
from core.locking import version_field
from school.models import today

from . import rules


class FamilyProfileQuerySet(models.QuerySet):
    def visible_to(self, scope) -> models.QuerySet:
        """The profiles of the students whose family data the user may see (family/rules.py)."""
        return self.filter(student__in=rules.family_students(scope))


class FamilyProfile(models.Model):
    """A student's family situation, as seed 003 describes the families met on home visits."""

    class Caregiver(models.TextChoices):
        PARENTS = "parents", _("Both parents")
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        GRANDPARENTS = "grandparents", _("Grandparents")
        RELATIVES = "relatives", _("Other relatives")
        OTHER = "other", _("Other")

    # The situation flags of seed 003, in its order; a subject teacher sees only which are set.
    FLAGS = (
        "single_parent",
        "left_behind",
        "economic_hardship",
        "tense_relations",
        "education_views",
    )

    student = models.OneToOneField(
        "students.Student",
        on_delete=models.CASCADE,
        related_name="family_profile",
        verbose_name=_("student"),
    )
    primary_caregiver = models.CharField(
        _("primary caregiver"), max_length=20, choices=Caregiver.choices, default=Caregiver.PARENTS
    )
    single_parent = models.BooleanField(_("single-parent family"), default=False)
    left_behind = models.BooleanField(
        _("left-behind child"),
        default=False,
        help_text=_("Parents work away; raised by grandparents or relatives."),
    )
    economic_hardship = models.BooleanField(_("economic hardship"), default=False)
    tense_relations = models.BooleanField(_("tense family relations"), default=False)
    education_views = models.BooleanField(
        _("education views need guidance"),
        default=False,
        help_text=_("The family gives education little weight or lacks sound parenting ideas."),
    )
    notes = models.TextField(_("notes"), blank=True)
    version = version_field()
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        "school.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    history = HistoricalRecords()

    objects = FamilyProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("family profile")
        verbose_name_plural = _("family profiles")

    def __str__(self) -> str:
        return str(self.student)

    def flag_labels(self) -> list[str]:
        """The labels of the flags that are set (all a subject teacher may learn)."""
        return [
            str(cast(models.Field, self._meta.get_field(f)).verbose_name)
            for f in self.FLAGS
            if getattr(self, f)
        ]


class Guardian(models.Model):
    class Relation(models.TextChoices):
        FATHER = "father", _("Father")
        MOTHER = "mother", _("Mother")
        GRANDFATHER = "grandfather", _("Grandfather")
        GRANDMOTHER = "grandmother", _("Grandmother")
        RELATIVE = "relative", _("Other relative")
        OTHER = "other", _("Other")

    profile = models.ForeignKey(
        FamilyProfile,
        on_delete=models.CASCADE,
        related_name="guardians",
        verbose_name=_("family profile"),
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    name = models.CharField(_("name"), max_length=60)
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 -]{4,28}$",
                _("Enter a phone number: digits, with spaces or dashes if you like."),
            )
        ],
    )
    lives_with_student = models.BooleanField(_("lives with the student"), default=True)
    works_away = models.BooleanField(_("works away from home"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["profile", "id"]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} {self.name}"


class FamilyContactQuerySet(CorrectableQuerySet):
    def between(self, start, end) -> FamilyContactQuerySet:
        return self.filter(date__gte=start, date__lte=end)

    def visible_to(self, scope) -> FamilyContactQuerySet:
        """The contacts of the students whose family data the user may see (family/rules.py)."""
        return self.filter(student__in=rules.family_students(scope)).select_related("student")


class ParentSessionQuerySet(models.QuerySet):
    def visible_to(self, scope) -> models.QuerySet:
        """Whole-school sessions and those of the classes whose family file the user keeps."""
        return self.filter(rules.session_q(scope)).select_related("school_class__grade", "term")


class FamilyContact(Correctable):
    """One contact with a student's family: a home visit, a call, a message, a meeting."""

    class Channel(models.TextChoices):
        HOME_VISIT = "home_visit", _("Home visit")
        PHONE = "phone", _("Phone call")
        CLASS_GROUP = "class_group", _("Class group message")
        PRIVATE_MESSAGE = "private_message", _("Private message")
        PARENT_MEETING = "parent_meeting", _("Parent meeting")
        IN_PERSON = "in_person", _("In-person talk")

    student = models.ForeignKey(
        "students.Student",
        on_delete=models.CASCADE,
        related_name="family_contacts",
        verbose_name=_("student"),
    )
    date = models.DateField(_("date"), default=today)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    participants = models.CharField(
        _("who took part"), max_length=200, blank=True, help_text=_("e.g. grandmother, Ms Wang")
    )
    summary = models.TextField(_("summary"))
    family_actions = models.TextField(_("what the family will do"), blank=True)
    school_actions = models.TextField(_("what the school will do"), blank=True)
    next_contact_on = models.DateField(_("next contact"), null=True, blank=True)
    is_progress_letter = models.BooleanField(_("progress letter"), default=False)
    restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_(
            "Only the head teacher and school leaders read a restricted summary; "
            "others see that it exists."
        ),
    )
    recorded_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        related_name="family_contacts",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    objects = FamilyContactQuerySet.as_manager()

    author_field = "recorded_by"

    class Meta:
        verbose_name = _("family contact")
        verbose_name_plural = _("family contacts")
        ordering = ["-date", "-created_at"]
        indexes = [
            # The visit plan's subqueries: a student's live contacts (of a channel), by date.
            models.Index(
                fields=["student", "channel", "date"],
                condition=Q(deleted_at__isnull=True),
                name="family_contact_alive",
            ),
            # The visit plan's order and class summaries: every live home visit, grouped by
            # student (a bitmap scan of these alone, not of every contact of the school).
            models.Index(
                fields=["student", "date"],
                condition=Q(deleted_at__isnull=True, channel="home_visit"),
                name="family_contact_home_visit",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_contact_on__isnull=True)
                | Q(next_contact_on__gte=models.F("date")),
                name="family_next_contact_not_before_contact",
                violation_error_message=_("The next contact cannot be before this contact."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.student.shown_name} · {self.get_channel_display()} · {self.date:%Y-%m-%d}"

    @property
    def is_home_visit(self) -> bool:
        return self.channel == self.Channel.HOME_VISIT


class ParentSession(models.Model):
    """A parent-school session (家长学校) or a parent meeting (家长会), for a class or the school."""

    class Kind(models.TextChoices):
        PARENT_SCHOOL = "parent_school", _("Parent school")
        PARENT_MEETING = "parent_meeting", _("Parent meeting")

    term = models.ForeignKey(
        "school.Term", on_delete=models.PROTECT, related_name="+", verbose_name=_("term")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    school_class = models.ForeignKey(
        "school.SchoolClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parent_sessions",
        verbose_name=_("class"),
        help_text=_("Leave empty for a session of the whole school."),
    )
    topic = models.CharField(_("topic"), max_length=200)
    date = models.DateField(_("date"), default=today)
    speaker = models.CharField(_("speaker"), max_length=100, blank=True)
    materials = models.TextField(_("materials"), blank=True, help_text=_("Handouts, links, notes."))
    created_by = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ParentSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("parent session")
        verbose_name_plural = _("parent sessions")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.topic}"


class SessionAttendance(models.Model):
    """Whether a struggling student's guardians came to a session."""

    session = models.ForeignKey(
        ParentSession,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("session"),
    )
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.CASCADE,
        related_name="parent_session_attendance",
        verbose_name=_("student"),
    )
    attended = models.BooleanField(_("guardian attended"), default=False)
    recorded_by = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "student"], name="one_attendance_per_session_student"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.student.shown_name}"


class VisitClock(models.Model):
    """A struggling student's home-visit clock in one term: the visit plan's order and counts.

    One row per student with an open case in the term (no row: not struggling then). The
    clock starts at the student's last live home visit or, if none, at the term's earliest
    open case's identification (``family.selectors.with_visit_status`` computes the same
    live). Kept by ``family/visit_clocks.py``: the plan is then an index scan with a LIMIT
    and its summaries a count over this narrow table, whatever the size of the school.
    The student's class and status are not copied: they are joined, so a move or a
    transfer needs no refresh.
    """

    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="visit_clocks"
    )
    term = models.ForeignKey("school.Term", on_delete=models.CASCADE, related_name="+")
    clock = models.DateField()
    # A live home visit dated within the term's dates.
    visited = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "student"], name="one_visit_clock_per_term")
        ]
        indexes = [models.Index(fields=["term", "clock"], name="family_visit_clock_order")]

    def __str__(self) -> str:
        return f"{self.student_id} · {self.term_id} · {self.clock:%Y-%m-%d}"
