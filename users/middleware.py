from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from users import second_factor, sessions

# Admin screens a login may reach before its second factor: signing in and out, the two
# screens of the second factor, and what the admin's own pages load to draw them.
BEFORE_SECOND_FACTOR = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "users_second_factor_enrol",
    "users_second_factor_verify",
}


class WorkingDaySessionMiddleware:
    """Log an editor out once her login is older than a working day (`ADMIN_SESSION_AGE`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and sessions.outlived_working_day(request):
            logout(request)
            messages.info(request, _("Your session lasted a working day and has ended. Please sign in again."))
        return self.get_response(request)


class SecondFactorMiddleware:
    """Until the second factor is done, a login reaches only the screens that complete it.

    On admin pages it is sent to enrol an app (no app yet) or to type a code; everywhere else
    (private pages, documents, the API) it counts as nobody logged in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if second_factor.pending(request.user):
            if not request.path.startswith(settings.ADMIN_URL_PREFIXES):
                request.user = AnonymousUser()
            elif _url_name(request) not in BEFORE_SECOND_FACTOR:
                step = (
                    "users_second_factor_verify" if second_factor.has_app(request.user) else "users_second_factor_enrol"
                )
                return redirect_to_login(request.get_full_path(), reverse(step))
        return self.get_response(request)


def _url_name(request):
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None
