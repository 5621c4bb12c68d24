from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assignment,
    CalendarDay,
    HomeworkReview,
    LoadLimit,
    LoadOverride,
    MarkingRecord,
    ReviewGroupMember,
    SchoolWeek,
    SubjectCap,
    Tier,
)


class TierInline(admin.TabularInline):
    model = Tier
    extra = 0


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = [
        "date",
        "school_class",
        "subject",
        "title",
        "phase",
        "kind",
        "set_by",
        "withdrawn_at",
    ]
    list_filter = ["subject", "phase", "kind"]
    inlines = [TierInline]
    raw_id_fields = ["school_class", "set_by", "withdrawn_by"]


@admin.register(LoadLimit)
class LoadLimitAdmin(SimpleHistoryAdmin):
    list_display = ["band", "minutes"]


@admin.register(MarkingRecord)
class MarkingRecordAdmin(SimpleHistoryAdmin):
    list_display = ["assignment", "student", "quality", "face_to_face"]
    raw_id_fields = ["assignment", "student", "marked_by"]


admin.site.register(
    [LoadOverride, HomeworkReview, ReviewGroupMember, SubjectCap, SchoolWeek, CalendarDay]
)
