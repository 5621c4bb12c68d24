from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgreedAction,
    ArchiveSummary,
    CaseDiscussion,
    CaseEvidence,
    CaseMeasure,
    Observation,
    SupportCase,
    SupportGoal,
    SupportMeasure,
    TutoringSession,
)


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ["case", "date", "kind", "rating", "score_percent", "author", "deleted_at"]
    list_filter = ["kind", "date"]
    raw_id_fields = ["case"]


@admin.register(TutoringSession)
class TutoringSessionAdmin(SimpleHistoryAdmin):
    list_display = ["case", "date", "author"]
    raw_id_fields = ["case"]


class AgreedActionInline(admin.TabularInline):
    model = AgreedAction
    fk_name = "discussion"
    extra = 0


@admin.register(CaseDiscussion)
class CaseDiscussionAdmin(SimpleHistoryAdmin):
    list_display = ["case", "date", "author"]
    raw_id_fields = ["case"]
    inlines = [AgreedActionInline]


@admin.register(ArchiveSummary)
class ArchiveSummaryAdmin(SimpleHistoryAdmin):
    list_display = ["case", "date", "author"]
    raw_id_fields = ["case"]


class CaseEvidenceInline(admin.TabularInline):
    model = CaseEvidence
    extra = 0


class SupportGoalInline(admin.TabularInline):
    model = SupportGoal
    extra = 0


class CaseMeasureInline(admin.TabularInline):
    model = CaseMeasure
    extra = 0


@admin.register(SupportCase)
class SupportCaseAdmin(SimpleHistoryAdmin):
    list_display = ["student", "subject", "term", "status", "identified_on"]
    list_filter = ["status", "term", "subject", "difficulty_type"]
    search_fields = ["student__student_number", "student__name"]
    raw_id_fields = ["student", "carried_from"]
    inlines = [CaseEvidenceInline, SupportGoalInline, CaseMeasureInline]


@admin.register(SupportMeasure)
class SupportMeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]
