from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CaseEvidence, CaseMeasure, Student, SupportCase, SupportGoal, SupportMeasure


@admin.register(Student)
class StudentAdmin(SimpleHistoryAdmin):
    list_display = ["student_number", "name", "school_class", "status"]
    list_filter = ["status", "school_class__grade"]
    search_fields = ["student_number", "name"]


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
