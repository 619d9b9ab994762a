"""What the mentors' pages share: the import button, POST-only actions, child records added to a parent."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.views import View

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


class ObjectActionView(LoginRequiredMixin, View):
    """A POST-only action on one object: 405 for GET, 404 outside the user's scope, 403 without permission."""

    model = None
    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        obj = get_object_or_404(self.model._default_manager.for_user(self.request.user), pk=self.kwargs["pk"])
        if not self.request.user.has_perm(self.permission, obj):
            raise PermissionDenied("Это действие вам недоступно.")
        return obj

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            message = self.act(obj)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, message)
        return redirect(self.success_url(obj))

    def success_url(self, obj):
        return obj.get_absolute_url()


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
