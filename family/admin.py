from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FamilyContact, FamilyProfile, Guardian, ParentSession, SessionAttendance


class GuardianInline(admin.TabularInline):
    model = Guardian
    extra = 0


@admin.register(FamilyProfile)
class FamilyProfileAdmin(SimpleHistoryAdmin):
    list_display = ["student", "primary_caregiver", "left_behind"]
    list_filter = ["left_behind", "single_parent", "economic_hardship"]
    raw_id_fields = ["student"]
    inlines = [GuardianInline]


@admin.register(FamilyContact)
class FamilyContactAdmin(SimpleHistoryAdmin):
    list_display = ["student", "date", "channel", "recorded_by"]
    list_filter = ["channel"]
    raw_id_fields = ["student", "recorded_by"]
    date_hierarchy = "date"


class AttendanceInline(admin.TabularInline):
    model = SessionAttendance
    extra = 0
    raw_id_fields = ["student", "recorded_by"]


@admin.register(ParentSession)
class ParentSessionAdmin(admin.ModelAdmin):
    list_display = ["topic", "kind", "date", "school_class"]
    inlines = [AttendanceInline]
