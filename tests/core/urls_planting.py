"""A URLconf with views that refuse a write but leave something behind (tests/core/test_refusals_change_nothing.py)."""

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import include, path


def plant_row(request):
    from mentors.models import Teacher

    teacher = Teacher.objects.unscoped(reason="a test plants a row").first()
    Teacher.objects.unscoped(reason="a test plants a row").filter(pk=teacher.pk).update(subjects="подброшено")
    return HttpResponseForbidden("Доступ запрещён")


def plant_file(request):
    default_storage.save("evidence/planted.txt", ContentFile(b"planted"))
    messages.error(request, "Не сохранено.")
    return redirect("/dashboard/")


def refuse_cleanly(request):
    messages.error(request, "Не сохранено.")
    return redirect("/dashboard/")


urlpatterns = [
    path("plant/row/", plant_row),
    path("plant/file/", plant_file),
    path("plant/nothing/", refuse_cleanly),
    path("", include("salsk_mentoring.urls")),
]
