from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models

admin.site.register(models.ChecklistItem)
admin.site.register(models.InspectionSettings)
admin.site.register(models.InspectionRound, SimpleHistoryAdmin)
admin.site.register(models.InspectionResult, SimpleHistoryAdmin)
