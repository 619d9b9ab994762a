from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from . import core_views
from .autocomplete import autocomplete_view
from .help import IMAGE_NAME, help_image, help_index, help_page

urlpatterns = [
    path("", core_views.home, name="home"),
    path("dashboard/", core_views.dashboard, name="dashboard"),
    path("switch-organisation/", core_views.switch_organisation, name="switch_organisation"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Sign-in (by username or e-mail, throttled), password reset and invitations: schools/accounts/.
    path("", include("schools.account_urls")),
    # «Справка»: docs/user/*.md (salsk_mentoring/help.py); open to everyone, like the public pages.
    path("help/", help_index, name="help"),
    path("help/<slug:slug>/", help_page, name="help_page"),
    re_path(rf"^help/img/(?P<name>{IMAGE_NAME})\.png$", help_image, name="help_image"),
    path("reports/", core_views.reports_page, name="reports"),
    path("reports/open/<slug:key>/", core_views.report_open, name="report_open"),
    path("jobs/", core_views.job_list, name="job_list"),
    path("jobs/<uuid:pk>/", core_views.job_detail, name="job_detail"),
    path("jobs/<uuid:pk>/status/", core_views.job_status, name="job_status"),
    path("jobs/<uuid:pk>/download/", core_views.job_download, name="job_download"),
    path("autocomplete/<slug:kind>/", autocomplete_view, name="autocomplete"),
    path("admin/", admin.site.urls),
    path("", include("schools.urls")),
    path("", include("mentors.urls")),
    path("", include("iom.urls")),
    path("", include("events.urls")),
    path("", include("monitoring.urls")),
    path("", include("orders.urls")),
]

handler400 = "salsk_mentoring.core_views.error_400"
handler403 = "salsk_mentoring.core_views.error_403"
handler404 = "salsk_mentoring.core_views.error_404"
handler500 = "salsk_mentoring.core_views.error_500"

# No route serves MEDIA_URL, not even under DEBUG: uploads are handed out by views that check who asks
# (salsk_mentoring.uploads.serve_upload).
