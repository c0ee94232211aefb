"""An admin login lasts one working day (`ADMIN_SESSION_AGE`), counted from the login itself.

Django's session expiry moves forward whenever the session is saved, and Wagtail's "remember
me" sets its own; the time of the login, kept in the session, is what ends it.
"""

from django.conf import settings
from django.utils import timezone

LOGIN_AT_KEY = "users_login_at"


def mark_login(sender, request, user, **kwargs):
    """`user_logged_in` receiver: remember when this session's login happened."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_KEY] = timezone.now().timestamp()


def outlived_working_day(request):
    """Whether the logged-in session began longer than ADMIN_SESSION_AGE ago.

    A session without the mark (made before this rule existed) counts as outlived.
    """
    login_at = request.session.get(LOGIN_AT_KEY)
    if login_at is None:
        return True
    return timezone.now().timestamp() - login_at > settings.ADMIN_SESSION_AGE.total_seconds()
