from salsk_mentoring.imports import import_urls
from salsk_mentoring.views import registry_urls

from . import views
from .resources import TeacherImporter

app_name = "mentors"

urlpatterns = [
    *import_urls("teachers", "teacher", TeacherImporter, list_url_name="mentors:teacher_list"),
    *registry_urls(
        "teachers",
        "teacher",
        list_view=views.TeacherListView,
        detail_view=views.TeacherDetailView,
        edit_view=views.TeacherEditView,
        delete_view=views.TeacherDeleteView,
    ),
]
