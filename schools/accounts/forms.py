"""Forms of accounts: sign-in, password reset and first password, the user's card with memberships."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.urls import reverse

from salsk_mentoring.forms import OwnRowsInlineFormSet, ScopedModelForm
from salsk_mentoring.mail import send_mail_template

from ..models import Membership, Organisation, User
from . import throttle

PASSWORD_RULES = [
    "не короче 8 знаков;",
    "не только из цифр;",
    "не похож на ваше имя, логин или адрес почты;",
    "не из списка самых распространённых паролей («12345678», «qwerty123», «password»).",
]


class LoginForm(auth_forms.AuthenticationForm):
    """Username or e-mail; failed tries go through the throttle (schools.accounts.throttle)."""

    username = auth_forms.UsernameField(
        label="Логин или адрес электронной почты", widget=forms.TextInput(attrs={"autofocus": True})
    )
    error_messages = {
        "invalid_login": (
            "Неверный логин или пароль. Проверьте раскладку клавиатуры и Caps Lock. "
            "Забыли пароль — восстановите его по ссылке ниже."
        ),
        "inactive": "Учётная запись отключена. Обратитесь к методисту МБУ ИМЦ.",
    }

    refusal = None

    def clean(self):
        login = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not login or not password:
            return self.cleaned_data
        known = User._default_manager.get_by_login(login)
        self.refusal = throttle.check(self.request, login, known)
        if self.refusal is not None:
            raise ValidationError("Вход временно приостановлен.", code="throttled")
        try:
            return super().clean()
        except ValidationError as exc:
            if known is not None and not known.is_active and known.check_password(password):
                raise ValidationError(self.error_messages["inactive"], code="inactive") from None
            throttle.record_failure(self.request, login, known)
            raise exc


class ResetRequestForm(auth_forms.PasswordResetForm):
    """Django's reset form; the letter goes through salsk_mentoring.mail. The page answers the same whether
    the address is known or not; an invited person who never set a password can use it too."""

    email = forms.EmailField(label="Адрес электронной почты", max_length=254, widget=forms.EmailInput(
        attrs={"autocomplete": "email", "autofocus": True}))

    def get_users(self, email):
        return User._default_manager.filter(email__iexact=email, is_active=True)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        user = context["user"]
        send_mail_template(
            "accounts/password_reset",
            {"user": user, "hours": context["hours"], "login": user.get_username(),
             "link": settings.PORTAL_BASE_URL
             + reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})},
            [to_email],
        )


class PasswordRulesMixin:
    """Password rules in Russian above the fields; Django's validators (settings) check them."""

    rules = PASSWORD_RULES

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("new_password1", "password1"):
            if name in self.fields:
                self.fields[name].help_text = ""
                self.fields[name].label = "Новый пароль"
        for name in ("new_password2", "password2"):
            if name in self.fields:
                self.fields[name].label = "Пароль ещё раз"


class SetPasswordForm(PasswordRulesMixin, auth_forms.SetPasswordForm):
    pass


class PortalPasswordChangeForm(PasswordRulesMixin, auth_forms.PasswordChangeForm):
    pass


class InvitationPasswordForm(PasswordRulesMixin, forms.Form):
    """The first password of an invited person (the user's attributes feed the similarity check)."""

    new_password1 = forms.CharField(label="Новый пароль", strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password", "autofocus": True}))
    new_password2 = forms.CharField(label="Пароль ещё раз", strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        one, two = self.cleaned_data.get("new_password1"), self.cleaned_data.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", "Пароли не совпадают: введите один и тот же пароль дважды.")
        elif one:
            try:
                password_validation.validate_password(one, self.user)
            except ValidationError as exc:
                self.add_error("new_password1", exc)
        return self.cleaned_data


class UserForm(ScopedModelForm):
    """A person's card: name, contacts, role; memberships below (MembershipFormSet)."""

    invite = forms.BooleanField(
        label="Отправить приглашение на почту сейчас", required=False, initial=True,
        help_text="Письмо со ссылкой, по которой человек сам задаёт пароль. Ссылка одноразовая.",
    )

    class Meta:
        model = User
        fields = ["last_name", "first_name", "middle_name", "email", "phone", "position", "role"]
        labels = {"last_name": "Фамилия", "first_name": "Имя", "email": "Электронная почта (логин)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("last_name", "first_name"):
            self.fields[name].required = True
        if self.instance.pk:
            # An account made earlier (in the admin) may have no address; a new one needs it for the invitation.
            self.fields.pop("invite")
            self.helper = FormHelper(self)
            self.helper.form_tag = False
        else:
            self.fields["email"].required = True

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    def save(self, commit=True):
        user = super().save(commit=False)
        if not user.pk:
            user.username = free_username(user.email)
            user.set_unusable_password()
        if user.role != User.Role.METHODIST and not user.is_superuser:
            user.is_staff = False
        if commit:
            user.save()
        return user


def free_username(email: str) -> str:
    base = email.lower()[:140]
    name, n = base, 1
    while User._default_manager.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "position", "is_responsible", "is_head"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_user(user).select_related("municipality")
        self.fields["position"].help_text = "Если пусто — должность из карточки человека."

    def save(self, commit=True):
        membership = super().save(commit=False)
        if not membership.position and membership.user_id:
            membership.position = membership.user.position
        if commit:
            membership.save()
        return membership


MembershipFormSet = inlineformset_factory(
    User, Membership, form=MembershipForm, formset=OwnRowsInlineFormSet, extra=1, can_delete=True,
)


def membership_formset(*args, user=None, **kwargs):
    return MembershipFormSet(*args, form_kwargs={"user": user}, **kwargs)


class InviteResponsiblesForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label="Организации", queryset=Organisation.objects.none(), widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    all = forms.BooleanField(required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = (
            Organisation.objects.for_user(user).filter(is_active=True).select_related("municipality")
        )

    def clean(self):
        if self.cleaned_data.get("all"):
            self.cleaned_data["organisations"] = list(self.fields["organisations"].queryset)
        elif not self.cleaned_data.get("organisations"):
            raise ValidationError("Отметьте хотя бы одну организацию или нажмите «Пригласить во всех организациях».")
        return self.cleaned_data

