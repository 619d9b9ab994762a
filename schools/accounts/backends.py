"""Sign-in by username or e-mail (``settings.AUTHENTICATION_BACKENDS``)."""

from django.contrib.auth.backends import ModelBackend

from ..models import User


class LoginBackend(ModelBackend):
    """Django's ModelBackend, finding the person by username or, failing that, by e-mail."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = User._default_manager.get_by_login(username)
        if user is None:
            User().set_password(password)  # the same time whether the login exists or not
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
