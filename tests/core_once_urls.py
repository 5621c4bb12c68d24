"""The site's URLs plus one create view guarded by ``create_once``, for its tests."""

from django.http import HttpResponse, HttpResponseRedirect
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from core.idempotency import create_once
from school.models import Subject

FORM = engines["django"].from_string(
    "{% load core_tags %}<form method='post'>{% csrf_token %}{% submission_key %}</form>"
)


@create_once
def new_subject(request):
    name = request.POST.get("name", "") if request.method == "POST" else ""
    if not name:
        return HttpResponse(FORM.render({}, request), status=200)
    subject = Subject.objects.create(name=name, code=name, order=9)
    return HttpResponseRedirect(f"/?saved={subject.pk}")


urlpatterns = [path("test-once/new/", new_subject), *site_urlpatterns]
