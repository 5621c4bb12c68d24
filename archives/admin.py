from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgreedAction, ArchiveSummary, CaseDiscussion, Observation, TutoringSession


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ["case", "date", "kind", "rating", "score_percent", "author", "deleted_at"]
    list_filter = ["kind", "date"]
    raw_id_fields = ["case"]


@admin.register(TutoringSession)
class TutoringSessionAdmin(SimpleHistoryAdmin):
    list_display = ["case", "date", "author"]
    raw_id_fields = ["case"]


class AgreedActionInline(admin.TabularInline):
    model = AgreedAction
    fk_name = "discussion"
    extra = 0


@admin.register(CaseDiscussion)
class CaseDiscussionAdmin(SimpleHistoryAdmin):
    list_display = ["case", "date", "author"]
    raw_id_fields = ["case"]
    inlines = [AgreedActionInline]


@admin.register(ArchiveSummary)
class ArchiveSummaryAdmin(SimpleHistoryAdmin):
    list_display = ["case", "date", "author"]
    raw_id_fields = ["case"]
