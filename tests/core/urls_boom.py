from django.urls import include, path


def boom(request):
    raise RuntimeError("секретная деталь реализации")


urlpatterns = [path("boom/", boom), path("", include("salsk_mentoring.urls"))]
handler500 = "salsk_mentoring.core_views.error_500"
handler404 = "salsk_mentoring.core_views.error_404"
