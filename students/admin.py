from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Student


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
