from salsk_mentoring.views import registry_urls

from . import views

app_name = "mentors"

urlpatterns = [
    *registry_urls(
        "teachers", "teacher",
        list_view=views.TeacherListView, detail_view=views.TeacherDetailView,
        edit_view=views.TeacherEditView, delete_view=views.TeacherDeleteView,
    ),
]
