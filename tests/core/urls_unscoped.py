"""Views that read a scoped model the wrong way and the right ways (tests/core/test_scoping_guard.py)."""

from django.http import JsonResponse
from django.urls import include, path

from mentors.models import Teacher
from schools.models import AcademicYear


def unscoped_list(request):
    return JsonResponse({"n": len(list(Teacher.objects.all()))})


def unscoped_count(request):
    return JsonResponse({"n": Teacher.objects.filter(is_active=True).count()})


def swallowed(request):
    try:
        list(Teacher.objects.order_by("pk"))
    except Exception:  # a view that hides the error still fails its test (the guard records it)
        pass
    return JsonResponse({"n": 0})


def scoped(request):
    own = Teacher.objects.for_user(request.user)
    org = request.user.organisations.first()
    return JsonResponse(
        {
            "own": own.count(),
            "exists": own.filter(is_active=True).exists(),
            "declared": Teacher.objects.unscoped(reason="a test: a declared district-wide read").count(),
            "related": len(list(org.teachers.all())) if org else 0,
            "years": AcademicYear.objects.count(),  # reference data: every signed-in user reads it
        }
    )


urlpatterns = [
    path("guard/unscoped/", unscoped_list),
    path("guard/count/", unscoped_count),
    path("guard/swallowed/", swallowed),
    path("guard/scoped/", scoped),
    path("", include("salsk_mentoring.urls")),
]
