from django.contrib import admin

from .models import Reminder, ReminderPreference, ScanRun


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["title", "key", "user__username", "user__full_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(ScanRun)
class ScanRunAdmin(admin.ModelAdmin):
    list_display = ["day", "started_at", "finished_at", "created", "failures"]
