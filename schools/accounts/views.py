"""Pages of accounts: the users registry (methodists manage, officials read), the actions on a person,
inviting the responsibles of organisations, and the sign-in, invitation and password reset pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from salsk_mentoring.params import pk_param
from salsk_mentoring.views import FormsetEditMixin, RegistryDetailView, RegistryEditView, RegistryListView

from ..models import Membership, Organisation, User
from . import services, throttle
from .filters import UserFilter
from .forms import (
    PASSWORD_RULES,
    InvitationPasswordForm,
    InviteResponsiblesForm,
    LoginForm,
    PortalPasswordChangeForm,
    ResetRequestForm,
    SetPasswordForm,
    UserForm,
    membership_formset,
)
from .tables import UserTable


class UserMixin:
    model = User

    def get_queryset(self):
        user = self.request.user
        return User.objects.for_user(user, self.scope_action).prefetch_related(
            Prefetch("memberships", Membership.objects.for_user(user).select_related("organisation").order_by("pk"))
        )


class UserListView(UserMixin, RegistryListView):
    table_class = UserTable
    filterset_class = UserFilter
    title = "Пользователи"
    template_name = "schools/users/user_list.html"

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["request"] = self.request
        return kwargs


class UserDetailView(UserMixin, RegistryDetailView):
    template_name = "schools/users/user_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = list(self.object.memberships.all())
        context["invitations"] = list(self.object.invitations.select_related("created_by")[:5])
        context["invitation_days"] = settings.PORTAL_INVITATION_DAYS
        return context


class UserEditView(UserMixin, FormsetEditMixin, RegistryEditView):
    form_class = UserForm
    template_name = "schools/users/user_form.html"
    formset_prefix = "memberships"
    formset_on_add = True

    def get_formset(self, instance):
        if self.request.method == "POST":
            return membership_formset(self.request.POST, instance=instance, prefix=self.formset_prefix,
                                      user=self.request.user)
        initial = []
        organisation = pk_param(self.request.GET, "organisation")
        if self.is_add and organisation:
            org = Organisation.objects.for_user(self.request.user).filter(pk=organisation).first()
            if org is not None:
                initial = [{"organisation": org}]
        return membership_formset(instance=instance, prefix=self.formset_prefix, user=self.request.user,
                                  initial=initial)

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.is_add and form.cleaned_data.get("invite") and response.status_code == 302:
            try:
                services.user_invite(user=self.object, by=self.request.user)
            except services.AccountError as exc:
                messages.warning(self.request, str(exc))
            else:
                messages.info(self.request, f"Приглашение отправлено на {self.object.email}.")
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_add:
            context["title"] = "Новый пользователь"
        return context


class UserActionView(LoginRequiredMixin, View):
    """POST only: invite (or invite again), switch off, switch on — a methodist's action on one person."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, pk):
        user = get_object_or_404(User.objects.for_user(request.user), pk=pk)
        if not request.user.has_perm("schools.change_user", user):
            raise PermissionDenied("Управлять учётными записями может только методист.")
        name = user.full_name or user.username
        try:
            if self.action == "invite":
                invitation = services.user_invite(user=user, by=request.user)
                messages.success(
                    request, f"Приглашение отправлено на {user.email}; ссылка действует до "
                    f"{invitation.expires_at:%d.%m.%Y}. Прежние ссылки больше не действуют."
                )
            elif self.action == "deactivate":
                services.user_deactivate(user=user, by=request.user)
                messages.success(request, f"{name}: учётная запись отключена, все сеансы завершены. "
                                          "История и данные сохранены.")
            elif self.action == "reactivate":
                services.user_reactivate(user=user, by=request.user)
                messages.success(request, f"{name}: учётная запись снова включена.")
        except services.AccountError as exc:
            messages.error(request, str(exc))
        return redirect(user.get_absolute_url())


class InviteResponsiblesView(LoginRequiredMixin, FormView):
    """Invite at once the responsibles (and heads) of the organisations ticked."""

    form_class = InviteResponsiblesForm
    template_name = "schools/users/invite_responsibles.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("schools.add_user"):
            raise PermissionDenied("Приглашать пользователей может только методист.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = {}
        for m in (Membership.objects.for_user(self.request.user)
                  .filter(Q(is_responsible=True) | Q(is_head=True)).select_related("user")):
            people.setdefault(m.organisation_id, []).append(m.user)
        form = context["form"]
        ticked = {str(v) for v in (form.data.getlist("organisations") if form.is_bound else [])}
        context.update(
            title="Пригласить ответственных организаций", list_url=reverse("schools:user_list"),
            rows=[(org, people.get(org.pk, []), str(org.pk) in ticked)
                  for org in form.fields["organisations"].queryset],
        )
        return context

    def form_valid(self, form):
        report = services.responsibles_invite(organisations=form.cleaned_data["organisations"], by=self.request.user)
        return render(self.request, "schools/users/invite_report.html",
                      {"report": report, "title": "Приглашения отправлены", "list_url": reverse("schools:user_list")})


# --- sign-in, invitation, password reset --------------------------------------------------------------------

class PortalLoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_initial(self):
        return {"username": self.request.GET.get("login", "")[:254]}

    def form_valid(self, form):
        user = form.get_user()
        response = super().form_valid(form)
        throttle.forget_account(user, form.cleaned_data.get("username", ""))
        throttle.purge()  # counters of failures older than a day: one small DELETE
        throttle.remember_device(self.request, response, user)
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.refusal is not None:
            response.status_code = 429
            response.headers["Retry-After"] = str(form.refusal.minutes * 60)
        return response


INVITATION_PROBLEMS = {
    "used": ("Ссылка уже использована",
             "По этой ссылке пароль уже задан — она одноразовая. Войдите со своим адресом почты и паролем; "
             "если пароль забыт, восстановите его по ссылке «Забыли пароль?»."),
    "expired": ("Срок действия ссылки истёк",
                "Ссылка из приглашения действует {days} дн. Попросите методиста МБУ ИМЦ отправить приглашение "
                "ещё раз или восстановите доступ по ссылке «Забыли пароль?» со своим адресом почты."),
    "replaced": ("Ссылка заменена новой",
                 "Вам отправили приглашение ещё раз — действует только ссылка из последнего письма."),
    "disabled": ("Учётная запись отключена",
                 "Приглашение больше не действует: учётная запись отключена. Обратитесь к методисту МБУ ИМЦ."),
    "unknown": ("Ссылка не найдена",
                "Такой ссылки нет: возможно, она скопирована не полностью. Откройте её из письма ещё раз или "
                "попросите методиста МБУ ИМЦ отправить новое приглашение."),
}


@method_decorator([sensitive_post_parameters(), never_cache], name="dispatch")
class InvitationAcceptView(View):
    template_name = "registration/invitation_accept.html"

    def problem(self, exc):
        title, text = INVITATION_PROBLEMS[exc.code]
        return render(self.request, "registration/invitation_problem.html",
                      {"title": title, "text": text.format(days=settings.PORTAL_INVITATION_DAYS)}, status=410
                      if exc.code in ("used", "expired", "replaced") else 404)

    def get(self, request, token):
        try:
            invitation = services.invitation_find(token)
        except services.InvitationProblem as exc:
            return self.problem(exc)
        return self.page(invitation, InvitationPasswordForm(invitation.user))

    def page(self, invitation, form, status=200):
        return render(self.request, self.template_name, {
            "form": form, "invited": invitation.user, "invitation": invitation, "rules": PASSWORD_RULES,
            "organisations": [m.organisation for m in invitation.user.memberships.select_related("organisation")],
        }, status=status)

    def post(self, request, token):
        try:
            invitation = services.invitation_find(token)
        except services.InvitationProblem as exc:
            return self.problem(exc)
        form = InvitationPasswordForm(invitation.user, request.POST)
        if not form.is_valid():
            return self.page(invitation, form)
        try:
            user = services.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except services.InvitationProblem as exc:
            return self.problem(exc)
        messages.success(request, "Пароль задан. Войдите с адресом почты и новым паролем.")
        return redirect(f"{reverse('login')}?login={user.email}")


RESET_REFUSED = "Слишком много запросов на восстановление пароля с вашего адреса. Повторите через {minutes} мин."


class PortalPasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        refusal = throttle.reset_check(self.request)
        if refusal is not None:
            form.add_error(None, RESET_REFUSED.format(minutes=refusal.minutes))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        throttle.reset_record(self.request)
        self.extra_email_context = self.get_extra_email_context()
        if throttle.reset_email_allowed(form.cleaned_data["email"]):
            return super().form_valid(form)
        return redirect(self.get_success_url())  # the same answer; the address got enough letters this hour

    def get_extra_email_context(self):
        return {"hours": settings.PASSWORD_RESET_TIMEOUT // 3600}


class PortalPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "rules": PASSWORD_RULES}

    def form_valid(self, form):
        form.user._change_reason = "Пароль восстановлен по ссылке из письма"
        response = super().form_valid(form)
        throttle.forget_account(form.user)
        return response


class PortalPasswordChangeView(auth_views.PasswordChangeView):
    form_class = PortalPasswordChangeForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "rules": PASSWORD_RULES}
