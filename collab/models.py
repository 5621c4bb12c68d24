"""Team meetings (帮扶会商): the student's teachers meet, decide, and give each action an
owner and a date; the recap goes into each student's archive as a discussion entry.

A meeting is for a class, a grade or a subject, in one term. Its agenda (``agenda.py``)
lists the students with reasons to talk about them; the organiser adds or removes
students. Each item is one student (and the case discussed, when there is one).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from archives.models import SupportCase
from core.text import render
from school.models import today


class TeamMeetingQuerySet(models.QuerySet):
    def visible_to(self, scope) -> TeamMeetingQuerySet:
        """Its organiser and attendees; whoever sees the class (class meetings), leads the
        grade, or directs the subject; school leaders. Items are filtered per case."""
        if not scope.is_authenticated:
            return self.none()
        qs = self.select_related("school_class__grade", "grade", "subject", "organiser", "term")
        if scope.school_wide:
            return qs
        user = scope.user
        q = Q(organiser=user) | Q(attendees=user)
        if scope.headed_class_ids:
            q |= Q(school_class_id__in=scope.headed_class_ids)
        if scope.led_grade_ids:
            q |= Q(grade_id__in=scope.led_grade_ids)
        if scope.directed_subject_ids:
            q |= Q(subject_id__in=scope.directed_subject_ids)
        ids = self.filter(q).values("pk")
        return qs.filter(pk__in=ids)


class TeamMeeting(models.Model):
    class Kind(models.TextChoices):
        CLASS = "class", _("Class")
        GRADE = "grade", _("Grade")
        SUBJECT = "subject", _("Subject")

    term = models.ForeignKey(
        "school.Term", on_delete=models.PROTECT, related_name="+", verbose_name=_("term")
    )
    kind = models.CharField(_("for"), max_length=10, choices=Kind.choices)
    school_class = models.ForeignKey(
        "school.SchoolClass",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("class"),
    )
    grade = models.ForeignKey(
        "school.Grade",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grade"),
    )
    subject = models.ForeignKey(
        "school.Subject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
    )
    date = models.DateField(_("date"), default=today)
    title = models.CharField(_("title"), max_length=100, blank=True)
    organiser = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    attendees = models.ManyToManyField(
        "school.User", blank=True, related_name="+", verbose_name=_("attended")
    )
    notes = models.TextField(_("notes"), max_length=3000, blank=True)
    recorded_at = models.DateTimeField(_("recap saved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords(m2m_fields=[attendees])
    objects = TeamMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("team meeting")
        verbose_name_plural = _("team meetings")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="class", school_class__isnull=False)
                    | Q(kind="grade", grade__isnull=False)
                    | Q(kind="subject", subject__isnull=False)
                ),
                name="meeting_names_its_class_grade_or_subject",
                violation_error_message=_("Choose the class, grade or subject of the meeting."),
            )
        ]

    def __str__(self) -> str:
        return self.title or f"{self.date:%Y-%m-%d} {self.group_label}"

    @property
    def group_label(self) -> str:
        if self.kind == self.Kind.CLASS and self.school_class:
            return str(self.school_class)
        if self.kind == self.Kind.GRADE and self.grade:
            label = str(self.grade)
        else:
            label = str(self.subject or "")
        if self.subject and self.kind == self.Kind.GRADE:
            label += f" · {self.subject}"
        return label

    @property
    def is_recorded(self) -> bool:
        return self.recorded_at is not None


class MeetingItem(models.Model):
    """One student on the agenda: why, what was decided, the status agreed."""

    meeting = models.ForeignKey(
        TeamMeeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="+", verbose_name=_("student")
    )
    case = models.ForeignKey(
        SupportCase,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    reasons = models.JSONField(_("on the agenda because"), default=list, blank=True)
    # The same reasons as messages (core.text.stored: msgid and parameters), written again
    # in the reader's language; ``reasons`` keeps the text as built, for items older than it.
    reason_messages = models.JSONField(
        _("on the agenda because (messages)"), default=list, blank=True
    )
    added_by_hand = models.BooleanField(_("added by the organiser"), default=False)
    removed = models.BooleanField(_("removed from the agenda"), default=False)
    decision = models.TextField(_("decision"), max_length=1000, blank=True)
    new_status = models.CharField(
        _("status agreed"), max_length=20, choices=SupportCase.Status.choices, blank=True
    )
    discussion = models.ForeignKey(
        "archives.CaseDiscussion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archive entry"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "student", "case"],
                name="one_item_per_meeting_student_case",
                violation_error_message=_("This student is already on the agenda."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "student"],
                condition=Q(case__isnull=True),
                name="one_caseless_item_per_meeting_student",
                violation_error_message=_("This student is already on the agenda."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.student_id}"

    @property
    def shown_reasons(self) -> list[str]:
        """Why the student is on the agenda, in the reader's language."""
        if self.reason_messages:
            return [render(m) for m in self.reason_messages]
        return [str(r) for r in self.reasons]


class MeetingAction(models.Model):
    """An action agreed for one student in the meeting; becomes the discussion's
    AgreedAction when the recap is saved."""

    item = models.ForeignKey(
        MeetingItem, on_delete=models.CASCADE, related_name="actions", verbose_name=_("item")
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due date"))
    agreed_action = models.ForeignKey(
        "archives.AgreedAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreed action"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting action")
        verbose_name_plural = _("meeting actions")
        ordering = ["item", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class CaseStudyQuerySet(models.QuerySet):
    def published(self) -> CaseStudyQuerySet:
        return self.filter(status=CaseStudy.Status.PUBLISHED)

    def visible_to(self, scope) -> CaseStudyQuerySet:
        """Published studies are school-wide; a draft is its author's and its reviewers'
        (the subject's director, school leaders)."""
        if not scope.is_authenticated:
            return self.none()
        qs = self.select_related("subject", "author")
        if scope.school_wide:
            return qs
        q = Q(status=CaseStudy.Status.PUBLISHED) | Q(author=scope.user)
        if scope.directed_subject_ids:
            q |= Q(subject_id__in=scope.directed_subject_ids)
        return qs.filter(q)


class CaseStudy(models.Model):
    """An anonymised case study (案例) written from a closed or improved case.

    Its texts never carry names, student numbers or full dates (``anonymise.py`` runs on
    every save); ``source_case`` is never shown to anyone who could not see that case.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")

    source_case = models.ForeignKey(
        SupportCase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written from"),
    )
    title = models.CharField(_("title"), max_length=100)
    situation = models.TextField(_("situation"), max_length=3000, blank=True)
    causes_text = models.TextField(_("causes"), max_length=3000, blank=True)
    steps = models.TextField(_("steps"), max_length=3000, blank=True)
    results = models.TextField(_("results"), max_length=3000, blank=True)
    reflection = models.TextField(_("reflection"), max_length=3000, blank=True)
    subject = models.ForeignKey(
        "school.Subject", on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    grade_level = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    causes = models.JSONField(_("causes"), default=list, blank=True)
    difficulty_type = models.CharField(
        _("type"), max_length=30, choices=SupportCase.Type.choices, blank=True
    )
    strategies = models.ManyToManyField(
        "archives.SupportMeasure", blank=True, related_name="+", verbose_name=_("strategies used")
    )
    author = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    reviewed_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords(m2m_fields=[strategies])
    objects = CaseStudyQuerySet.as_manager()

    TEXT_FIELDS = ("title", "situation", "causes_text", "steps", "results", "reflection")

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def cause_labels(self) -> list[str]:
        return [str(SupportCase.Cause(c).label) for c in self.causes if c in SupportCase.Cause]


class SharingSession(models.Model):
    """A sharing session (主题分享交流会), teaching-research activity (教研活动) or lesson
    preparation session: who presented what, who attended, what was agreed."""

    class Kind(models.TextChoices):
        SHARING = "sharing", _("Sharing session")
        RESEARCH = "research", _("Teaching-research activity")
        PREPARATION = "preparation", _("Lesson preparation session")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SHARING)
    date = models.DateField(_("date"), default=today)
    topic = models.CharField(_("topic"), max_length=200)
    organiser = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    presenters = models.ManyToManyField(
        "school.User", blank=True, related_name="+", verbose_name=_("presenters")
    )
    attendees = models.ManyToManyField(
        "school.User", blank=True, related_name="+", verbose_name=_("attended")
    )
    case_studies = models.ManyToManyField(
        CaseStudy, blank=True, related_name="sessions", verbose_name=_("case studies presented")
    )
    strategies = models.ManyToManyField(
        "archives.SupportMeasure",
        blank=True,
        related_name="+",
        verbose_name=_("strategies presented"),
    )
    record = models.TextField(_("what was agreed"), max_length=3000, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords(m2m_fields=[presenters, attendees])

    class Meta:
        verbose_name = _("sharing session")
        verbose_name_plural = _("sharing sessions")
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.topic}"
