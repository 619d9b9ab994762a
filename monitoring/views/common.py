"""What the monitoring pages share: a POST-only action on one object (open, close, submit, accept …)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.views import View


class PostActionView(View):
    """A POST-only action on one object: 405 for other methods, login, lookup in scope (404),
    permission (403), then the service; its Russian refusal becomes a message."""

    model = None
    permission = None
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return HttpResponseNotAllowed(self.http_method_names)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        obj = get_object_or_404(self.model.objects.for_user(request.user), pk=pk)
        if not request.user.has_perm(self.permission, obj):
            raise PermissionDenied("Это действие вам недоступно.")
        try:
            message = self.act(request, obj)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            if message:
                messages.success(request, message)
        return redirect(obj.get_absolute_url())
