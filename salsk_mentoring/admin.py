"""The Django admin is the methodists' back office: open to them only, scoped like every other page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

admin.site.site_header = "Портал наставничества Сальского района — администрирование"
admin.site.site_title = "Администрирование портала"
admin.site.index_title = "Реестры"


def _is_methodist(request):
    return request.user.is_active and request.user.is_methodist


admin.site.has_permission = _is_methodist


class PortalAdmin(SimpleHistoryAdmin):
    """Base ModelAdmin: methodists only, querysets through ``for_user``, history kept."""

    list_per_page = 50

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.for_user(request.user) if hasattr(qs, "for_user") else qs

    def get_field_queryset(self, db, db_field, request):
        """The choices of a foreign key or many-to-many field: the rows the methodist may see (for_user)."""
        queryset = super().get_field_queryset(db, db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(db)
        return queryset.for_user(request.user) if hasattr(queryset, "for_user") else queryset

    def has_module_permission(self, request):
        return _is_methodist(request)

    def has_view_permission(self, request, obj=None):
        return _is_methodist(request)

    def has_add_permission(self, request):
        return _is_methodist(request)

    def has_change_permission(self, request, obj=None):
        return _is_methodist(request)

    def has_delete_permission(self, request, obj=None):
        return _is_methodist(request)
