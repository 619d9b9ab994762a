import django_filters
from django.db.models import Q

from salsk_mentoring.filters import PortalFilterSet

from ..models import Organisation, User


class UserFilter(PortalFilterSet):
    q = django_filters.CharFilter(label="ФИО, логин или почта", method="search")
    role = django_filters.ChoiceFilter(label="Роль", choices=User.Role.choices)
    status = django_filters.ChoiceFilter(label="Статус", choices=User.Status.choices, method="by_status")
    organisation = django_filters.ModelChoiceFilter(
        label="Организация", queryset=Organisation.objects.none(), method="by_organisation"
    )

    class Meta:
        model = User
        fields = ["q", "role", "status", "organisation"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        self.filters["organisation"].queryset = Organisation.objects.for_user(user)
        self.form.fields["organisation"].queryset = Organisation.objects.for_user(user)

    def search(self, queryset, name, value):
        q = Q()
        for word in value.split():
            q &= (Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(middle_name__icontains=word)
                  | Q(email__icontains=word) | Q(username__icontains=word))
        return queryset.filter(q)

    def by_status(self, queryset, name, value):
        return queryset.with_status(value)

    def by_organisation(self, queryset, name, value):
        return queryset.filter(memberships__organisation=value).distinct()
