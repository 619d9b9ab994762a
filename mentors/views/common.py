"""What the mentors' pages share: the import button, child records added to a parent."""

from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst

from salsk_mentoring.views import RegistryEditView


class ImportLinkMixin:
    """A list with an «Импорт XLSX» button when the registry has an import URL."""

    template_name = "mentors/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["import_url"] = reverse(self.url_name("import"))
        except NoReverseMatch:
            context["import_url"] = None
        return context


class ChildEditView(RegistryEditView):
    """Add a child record (consent, meeting, survey) to a parent looked up in the user's scope."""

    parent_model = None
    parent_field = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.parent = get_object_or_404(
                self.parent_model._default_manager.for_user(request.user), pk=self.kwargs["parent"]
            )
        return super().dispatch(request, *args, **kwargs)

    @property
    def is_add(self):
        return True

    def get_permission_object(self):
        return self.parent

    def get_permission_required(self):
        opts = self.parent_model._meta
        return (f"{opts.app_label}.change_{opts.model_name}",)

    def new_instance(self):
        return self.model(**{self.parent_field: self.parent})

    def get_success_url(self):
        return self.parent.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"{capfirst(self.opts.verbose_name)}: {self.parent}"
        context["cancel_url"] = self.parent.get_absolute_url()
        return context
