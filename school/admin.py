from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from . import models


@admin.register(models.User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "full_name", "position", "is_active"]
    list_filter = ["position", "is_active"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Bangfu", {"fields": ["full_name", "position", "phone"]}),
    )


admin.site.register(models.Term)
admin.site.register(models.Grade)
admin.site.register(models.SchoolClass)
admin.site.register(models.Subject)
admin.site.register(models.TeachingAssignment)
admin.site.register(models.ClassHeadship)
admin.site.register(models.GradeLeadership)
admin.site.register(models.SubjectDirectorship)
