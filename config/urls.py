from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from school.urls import school_patterns

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("", include("core.urls")),
    path("", include("school.urls")),
    path("", include((school_patterns, "school"))),
    path("students/", include("students.urls")),
    # The access log is a school-settings page, under manage/ with the others.
    path("manage/access-log/", include("students.access_log_urls")),
    # archives serves /archives/… and the support-case pages under /students/….
    path("", include("archives.urls")),
    path("homework/", include("homework.urls")),
    path("evaluations/", include("evaluations.urls")),
    # Inspections moved to their own app; their paths stay under evaluations/ (bookmarks).
    path("evaluations/", include("inspections.urls")),
    path("family/", include("family.urls")),
    path("afterschool/", include("afterschool.urls")),
    path("collab/", include("collab.urls")),
    path("reminders/", include("reminders.urls")),
    path("reports/", include("reports.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
