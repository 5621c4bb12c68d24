from django.contrib import admin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "progress", "total_rows", "created", "expires"]
    list_filter = ["status"]
    readonly_fields = ["params", "file", "created", "finished"]
