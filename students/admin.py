from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessRecord, Student


@admin.register(Student)
class StudentAdmin(SimpleHistoryAdmin):
    list_display = ["student_number", "name", "school_class", "status"]
    list_filter = ["status", "school_class__grade"]
    search_fields = ["student_number", "name"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting would leave the child's name in the history tables, reminders and
        # the admin log; erasure (the student's page, or `manage.py erase_student`)
        # reaches them all.
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Read-only: the access log is evidence, written only by ``record_access``."""

    list_display = ["at", "user", "student", "what", "address"]
    list_filter = ["what"]
    search_fields = [
        "student__name",
        "student__student_number",
        "user__username",
        "user__full_name",
    ]
    date_hierarchy = "at"
    list_select_related = ["user", "student"]
    raw_id_fields = ["user", "student"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
