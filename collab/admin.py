from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CaseStudy, MeetingItem, SharingSession, TeamMeeting


class MeetingItemInline(admin.TabularInline):
    model = MeetingItem
    extra = 0
    fields = ["student", "case", "decision", "new_status", "removed"]
    raw_id_fields = ["student", "case"]


@admin.register(TeamMeeting)
class TeamMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "school_class", "grade", "subject", "organiser", "recorded_at"]
    list_filter = ["term", "kind"]
    inlines = [MeetingItemInline]


@admin.register(CaseStudy)
class CaseStudyAdmin(SimpleHistoryAdmin):
    list_display = ["title", "subject", "status", "author", "published_at"]
    list_filter = ["status", "subject"]
    exclude = ["source_case"]


@admin.register(SharingSession)
class SharingSessionAdmin(SimpleHistoryAdmin):
    list_display = ["date", "topic", "kind", "organiser"]
    list_filter = ["kind"]
