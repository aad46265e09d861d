"""Log in with a username or a mobile number, with the same password; and the lockout in front of it."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


def find_user(typed: str):
    """The account a login name designates (its username or its mobile number), or None."""
    typed = (typed or "").strip()
    if not typed:
        return None
    User = get_user_model()
    return User._default_manager.filter(Q(username=typed) | Q(mobile=typed)).first()


def lockout_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: failures count against the account, however it was named — five
    wrong passwords typed as the username and then as the mobile number are five, not two and three."""
    typed = str((credentials or {}).get("username") or request.POST.get("username") or "").strip()
    user = find_user(typed)
    return user.get_username() if user else typed[:150] or None


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lock, for logins that come with a request (the login pages).

    Authentication without a request (the test client's login(), a management command) has no
    address and no form to lock: it is passed on to the next backend instead of failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class UsernameOrMobileBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        User = get_user_model()
        user = find_user(username)
        if user is None:
            # Spend the same time as a real check so a timing probe cannot tell names apart.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
