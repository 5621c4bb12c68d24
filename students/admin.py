from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Student


@admin.register(Student)
class StudentAdmin(SimpleHistoryAdmin):
    list_display = ["student_number", "name", "school_class", "status"]
    list_filter = ["status", "school_class__grade"]
    search_fields = ["student_number", "name"]
