from salsk_mentoring.forms import ScopedModelForm

from .models import Teacher


class TeacherForm(ScopedModelForm):
    class Meta:
        model = Teacher
        fields = [
            "last_name", "first_name", "middle_name", "organisation", "position", "subjects", "category",
            "total_experience", "teaching_experience", "email", "phone", "is_active",
        ]
